import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { fakeAwsClients } from '../../__testUtils__/awsFixtures';
import { CloudWatchBatcher, type MetricQuery } from './CloudWatchBatcher';

const cloudWatch = mockClient(CloudWatchClient);
const clients = fakeAwsClients();
const batcher = () =>
  new CloudWatchBatcher((account, region) =>
    clients.cloudWatch(account, region),
  );

const target = {
  account: '111122223333',
  region: 'eu-west-1',
  start: new Date('2026-11-25T10:00:00Z'),
  end: new Date('2026-11-25T10:05:00Z'),
  periodSeconds: 300,
};

const queryOf = (service: number, n: number): MetricQuery => ({
  namespace: 'AWS/Lambda',
  metricName: 'Invocations',
  dimensions: { FunctionName: `svc${service}-api`, N: String(n) },
  stat: 'Sum',
});

/** Answers each query with a value derived from its function name, so mix-ups show. */
function answerFromDimensions() {
  cloudWatch
    .on(GetMetricDataCommand)
    .callsFake((input: GetMetricDataCommandInput) => ({
      MetricDataResults: input.MetricDataQueries!.map(q => {
        const dims = q.MetricStat!.Metric!.Dimensions!;
        const service = Number(dims[0].Value!.replace(/\D/g, ''));
        const n = Number(dims[1].Value);
        return {
          Id: q.Id,
          Timestamps: [input.StartTime as Date],
          Values: [service * 10 + n],
        };
      }),
    }));
}

beforeEach(() => cloudWatch.reset());

describe('CloudWatchBatcher', () => {
  it('sends the queries of 200 services as ceil(queries / 500) calls, each answer to its asker', async () => {
    answerFromDimensions();
    const b = batcher();
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, service) =>
        b.query(
          target,
          [0, 1, 2, 3, 4, 5].map(n => queryOf(service, n)),
        ),
      ),
    );
    const calls = cloudWatch.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(Math.ceil((200 * 6) / 500));
    for (const call of calls)
      expect(call.args[0].input.MetricDataQueries!.length).toBeLessThanOrEqual(
        500,
      );
    results.forEach((series, service) =>
      series.forEach((s, n) => expect(s.points[0].v).toBe(service * 10 + n)),
    );
  });

  it('keeps windows and accounts apart', async () => {
    answerFromDimensions();
    const b = batcher();
    await Promise.all([
      b.query(target, [queryOf(1, 0)]),
      b.query({ ...target, account: '444455556666' }, [queryOf(1, 0)]),
      b.query({ ...target, end: new Date('2026-11-25T10:06:00Z') }, [
        queryOf(1, 0),
      ]),
    ]);
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(3);
  });

  it('follows NextToken and puts the pages together in time order', async () => {
    const t = (m: number) => new Date(Date.UTC(2026, 10, 25, 10, m));
    cloudWatch
      .on(GetMetricDataCommand, { NextToken: undefined })
      .resolves({
        MetricDataResults: [
          { Id: 'q0', Timestamps: [t(3), t(2)], Values: [3, 2] },
        ],
        NextToken: 'page-2',
      })
      .on(GetMetricDataCommand, { NextToken: 'page-2' })
      .resolves({
        MetricDataResults: [
          { Id: 'q0', Timestamps: [t(0), t(1)], Values: [0, 1] },
        ],
      });
    const [series] = await batcher().query(target, [queryOf(1, 0)]);
    expect(series.points.map(p => p.v)).toEqual([0, 1, 2, 3]);
    expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(2);
  });

  it('fails every query of a call that CloudWatch refused, and only those', async () => {
    cloudWatch.on(GetMetricDataCommand).rejects(new Error('Rate exceeded'));
    const b = batcher();
    await expect(b.query(target, [queryOf(1, 0)])).rejects.toThrow(
      'Rate exceeded',
    );
    cloudWatch.reset();
    answerFromDimensions();
    await expect(b.query(target, [queryOf(2, 1)])).resolves.toEqual([
      { points: [{ t: target.start, v: 21 }] },
    ]);
  });
});
