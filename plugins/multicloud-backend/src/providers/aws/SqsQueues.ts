import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  StartMessageMoveTaskCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { ConflictError } from '@backstage/errors';
import { PromiseCache } from '../PromiseCache';
import type { AwsClients } from './awsClients';

export interface QueueNames {
  inbound: string;
  deadLetter: string;
}

export interface QueueDepths {
  queueDepth: number;
  deadLetterDepth: number;
}

/**
 * The service's inbound SQS queue and its dead-letter queue: depths from the queue attributes, and
 * replay with SQS's own dead-letter redrive (`StartMessageMoveTask`), which moves the messages back
 * in the background without the portal receiving them.
 */
export class SqsQueues {
  private readonly urls = new PromiseCache<string>();

  constructor(private readonly clients: AwsClients) {}

  async depths(
    account: string | null,
    region: string,
    names: QueueNames,
  ): Promise<QueueDepths> {
    const { inbound, deadLetter } = await this.read(account, region, names);
    return {
      queueDepth:
        Number(inbound.ApproximateNumberOfMessages ?? 0) +
        Number(inbound.ApproximateNumberOfMessagesNotVisible ?? 0),
      deadLetterDepth: Number(deadLetter.ApproximateNumberOfMessages ?? 0),
    };
  }

  /** Starts moving every dead letter back to the inbound queue; returns how many are moving. */
  async redrive(
    account: string | null,
    region: string,
    names: QueueNames,
  ): Promise<{ moving: number }> {
    const { client, inbound, deadLetter } = await this.read(
      account,
      region,
      names,
    );
    const moving = Number(deadLetter.ApproximateNumberOfMessages ?? 0);
    if (moving === 0) return { moving };
    // SQS runs one move task per queue: a second click while one runs is a conflict, not a fault.
    const { Results } = await client.send(
      new ListMessageMoveTasksCommand({
        SourceArn: deadLetter.QueueArn,
        MaxResults: 1,
      }),
    );
    // SQS runs one move task per source queue; a task being cancelled still holds it
    // ("ListMessageMoveTasks": Status RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED,
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ListMessageMoveTasks.html).
    const active = Results?.find(
      task => task.Status === 'RUNNING' || task.Status === 'CANCELLING',
    );
    if (active?.Status === 'RUNNING')
      throw new ConflictError(
        `a replay of ${names.deadLetter} is already running (${
          active.ApproximateNumberOfMessagesMoved ?? 0
        } of ${active.ApproximateNumberOfMessagesToMove ?? '?'} moved)`,
      );
    if (active)
      throw new ConflictError(
        `an earlier replay of ${names.deadLetter} is being cancelled; try again once it has stopped`,
      );
    await client.send(
      new StartMessageMoveTaskCommand({
        SourceArn: deadLetter.QueueArn,
        DestinationArn: inbound.QueueArn,
      }),
    );
    return { moving };
  }

  /**
   * Up to `max` dead letters, left visible to everyone else. SQS has no peek: a receive with a
   * visibility timeout of 0 returns messages without hiding them ("ReceiveMessage",
   * VisibilityTimeout, https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ReceiveMessage.html;
   * at most 10 a call). It counts as a receive of the dead-letter queue, which has no redrive
   * policy of its own, so nothing moves on for it.
   */
  async peekDeadLetters(
    account: string | null,
    region: string,
    names: QueueNames,
    max: number,
  ) {
    const client = await this.clients.sqs(account, region);
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: await this.url(client, account, region, names.deadLetter),
        MaxNumberOfMessages: Math.min(10, max),
        VisibilityTimeout: 0,
        // A long poll, the shortest: a short one may answer empty while letters wait ("false
        // empty responses", "Setting-up long polling in Amazon SQS", Amazon SQS Developer Guide,
        // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/best-practices-setting-up-long-polling.html),
        // and the preview is opened because the depth says there are some.
        WaitTimeSeconds: 1,
        MessageAttributeNames: ['All'],
      }),
    );
    return Messages.map(m => ({
      id: m.MessageId ?? '',
      body: m.Body ?? '',
      reason: m.MessageAttributes?.DeadLetterReason?.StringValue ?? null,
    }));
  }

  /** The attributes of both queues, read side by side. */
  private async read(
    account: string | null,
    region: string,
    names: QueueNames,
  ) {
    const client = await this.clients.sqs(account, region);
    const [inbound, deadLetter] = await Promise.all([
      this.attributes(client, account, region, names.inbound),
      this.attributes(client, account, region, names.deadLetter),
    ]);
    return { client, inbound, deadLetter };
  }

  private async attributes(
    client: SQSClient,
    account: string | null,
    region: string,
    name: string,
  ) {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: await this.url(client, account, region, name),
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'QueueArn',
        ],
      }),
    );
    return Attributes ?? {};
  }

  private url(
    client: SQSClient,
    account: string | null,
    region: string,
    name: string,
  ): Promise<string> {
    return this.urls.get(`${account ?? ''}|${region}|${name}`, async () => {
      const { QueueUrl } = await client.send(
        new GetQueueUrlCommand({
          QueueName: name,
          QueueOwnerAWSAccountId: account ?? undefined,
        }),
      );
      if (!QueueUrl) throw new Error(`SQS has no queue ${name}`);
      return QueueUrl;
    });
  }
}
