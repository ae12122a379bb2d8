import { GetApisCommand } from '@aws-sdk/client-apigatewayv2';
import { NotFoundError } from '@backstage/errors';
import { PromiseCache } from '../PromiseCache';
import type { AwsClients } from './awsClients';

/**
 * The ids of the services' API Gateway HTTP APIs, found by name. CloudWatch files an HTTP API's
 * metrics under its `ApiId` only ("Monitor CloudWatch metrics for HTTP APIs in API Gateway",
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-metrics.html), an id
 * API Gateway makes up on creation; the aws-service module names the API after the service
 * (terraform-modules/aws-service, `aws_apigatewayv2_api.http`), so `GetApis` finds it. An id
 * never changes, so it is kept for as long as the backend runs.
 */
export class HttpApis {
  private readonly ids = new PromiseCache<string>();

  constructor(private readonly clients: AwsClients) {}

  idOf(account: string | null, region: string, name: string): Promise<string> {
    return this.ids.get(`${account ?? ''}|${region}|${name}`, async () => {
      const client = await this.clients.apiGateway(account, region);
      // GetApis pages with NextToken (MaxResults is a string in this API).
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetApisCommand({ NextToken: nextToken, MaxResults: '100' }),
        );
        const api = page.Items?.find(
          a => a.Name === name && a.ProtocolType === 'HTTP',
        );
        if (api?.ApiId) return api.ApiId;
        nextToken = page.NextToken;
      } while (nextToken);
      throw new NotFoundError(
        `API Gateway in ${region} has no HTTP API named ${name}`,
      );
    });
  }
}
