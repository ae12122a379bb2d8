import { ApiGatewayV2Client } from '@aws-sdk/client-apigatewayv2';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { Route53Client } from '@aws-sdk/client-route-53';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { AwsCredentialsManager } from '@backstage/integration-aws-node';
import { PromiseCache } from '../PromiseCache';

export interface AwsEndpoints {
  apigateway?: string;
  cloudwatch?: string;
  route53?: string;
  sqs?: string;
}

/** The AWS SDK clients of one account and region. */
export interface AwsClients {
  cloudWatch(account: string | null, region: string): Promise<CloudWatchClient>;
  sqs(account: string | null, region: string): Promise<SQSClient>;
  apiGateway(
    account: string | null,
    region: string,
  ): Promise<ApiGatewayV2Client>;
  /** Route53 is global; its API lives in us-east-1. */
  route53(account: string | null): Promise<Route53Client>;
}

/**
 * Builds one client per kind, account and region with that account's own credentials (from the
 * standard `aws.accounts` config through `@backstage/integration-aws-node`), and keeps it. A client
 * is never shared between accounts, so no request can run with another account's credentials.
 */
export class AwsClientFactory implements AwsClients {
  private readonly clients = new PromiseCache<unknown>();

  constructor(
    private readonly credentials: AwsCredentialsManager,
    /** Endpoints instead of the public ones, per API (VPC endpoints, or fakes in benchmarks). */
    private readonly endpoints: AwsEndpoints = {},
  ) {}

  cloudWatch(account: string | null, region: string) {
    return this.client(
      'cloudwatch',
      account,
      region,
      c => new CloudWatchClient(c),
    );
  }

  sqs(account: string | null, region: string) {
    return this.client('sqs', account, region, c => new SQSClient(c));
  }

  apiGateway(account: string | null, region: string) {
    return this.client(
      'apigateway',
      account,
      region,
      c => new ApiGatewayV2Client(c),
    );
  }

  route53(account: string | null) {
    return this.client(
      'route53',
      account,
      'us-east-1',
      c => new Route53Client(c),
    );
  }

  private client<T>(
    kind: keyof AwsEndpoints,
    account: string | null,
    region: string,
    create: (config: {
      region: string;
      credentials: Awaited<
        ReturnType<AwsCredentialsManager['getCredentialProvider']>
      >['sdkCredentialProvider'];
      endpoint?: string;
    }) => T,
  ): Promise<T> {
    // A failed credential lookup is retried on the next request rather than remembered.
    return this.clients.get(`${kind}|${account ?? ''}|${region}`, () =>
      this.credentials
        .getCredentialProvider(account ? { accountId: account } : undefined)
        .then(provider =>
          create({
            region,
            credentials: provider.sdkCredentialProvider,
            endpoint: this.endpoints[kind],
          }),
        ),
    ) as Promise<T>;
  }
}
