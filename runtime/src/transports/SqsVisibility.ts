import {
  ChangeMessageVisibilityCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { MessageVisibility } from '../ports/MessageVisibility';

/**
 * A received SQS message's visibility timeout, changed with ChangeMessageVisibility: "the new
 * value for the message's visibility timeout (in seconds)", 0 to 43,200, counted from the call
 * ("ChangeMessageVisibility", Amazon SQS API Reference,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_ChangeMessageVisibility.html).
 */
export class SqsVisibility implements MessageVisibility {
  constructor(
    private readonly options: { client: SQSClient; queueUrl: string },
  ) {}

  async setVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await this.options.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.options.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: Math.max(0, Math.min(43_200, Math.round(seconds))),
      }),
    );
  }
}
