import { ResponseError } from '@backstage/errors';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { axe } from 'jest-axe';
import {
  cloudStatus,
  failoverRecord,
  lag,
  mockMulticloudApi,
  ordersEntity,
  plan,
  renderWithEntity,
  status,
} from '../__testUtils__/fixtures';
import { MulticloudContent } from './MulticloudContent';
import { clock } from '../common/format';

describe('MulticloudContent', () => {
  it('shows a panel per cloud, the weights, the history and enabled failover buttons', async () => {
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws', { deadLetterDepth: 3, weight: 70 }),
          cloudStatus('azure', { weight: 30 }),
        ]),
      ),
      getFailoverHistory: jest.fn(async () => [
        failoverRecord({
          outcome: 'succeeded',
          to: { aws: 70, azure: 30 },
          reason: 'rebalance',
        }),
      ]),
    });
    const { container } = await renderWithEntity(<MulticloudContent />, {
      api,
    });
    const aws = await screen.findByTestId('cloud-panel-aws');
    expect(within(aws).getByText('Healthy')).toBeInTheDocument();
    expect(within(aws).getByText('70%')).toBeInTheDocument();
    expect(screen.getByTestId('dlq-depth-aws')).toHaveTextContent('3');
    expect(screen.getByTestId('weights-bar')).toHaveTextContent(
      'AWS 70% · Azure 30%',
    );
    expect(await screen.findByText('rebalance')).toBeInTheDocument();
    expect(screen.getByText('Failover history')).toBeInTheDocument();
    for (const label of [
      'Fail over to Azure',
      'Fail over to AWS',
      'Restore split',
    ])
      expect(screen.getByRole('button', { name: label })).toBeEnabled();
    expect(
      screen.queryByText('You are not allowed to fail over this service'),
    ).toBeNull();
    expect(await axe(container)).toHaveNoViolations();
  });

  it('shows a cloud that cannot be read as stale, its stuck queue as a red lag, actual traffic beside the weights, and the banner', async () => {
    const since = '2026-12-01T22:25:45Z';
    const lastData = '2026-12-01T22:25:44Z';
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws', {
            health: 'unhealthy',
            healthSince: since,
            trafficShare: 0,
            failedAtRouterPerSecond: 0.4,
            freshness: {
              requests: { asOf: lastData, stale: true },
              replication: { asOf: since, stale: false },
              deadLetters: { asOf: since, stale: false },
              antiEntropy: { asOf: since, stale: false },
            },
            replicationLag: lag(57_000, {
              appliedMs: 22,
              oldestWaitingMs: 57_000,
            }),
            queueDepth: 228,
          }),
          cloudStatus('azure', { trafficShare: 1 }),
        ]),
      ),
    });
    await renderWithEntity(<MulticloudContent />, { api });
    const aws = await screen.findByTestId('cloud-panel-aws');
    // The last good figures (12.5/s, 4 ms, 0.2 %) are not shown as if live.
    expect(within(aws).queryByText(/12\.5\/s/)).toBeNull();
    const stale = `stale, last data ${clock(lastData)}`;
    expect(within(aws).getAllByText(stale)).toHaveLength(3);
    expect(within(aws).getByText('57 s (critical)')).toBeInTheDocument();
    expect(within(aws).getByText('228')).toBeInTheDocument();
    expect(screen.getByTestId('traffic-share-aws')).toHaveTextContent('0%');
    expect(screen.getByTestId('actual-traffic')).toHaveTextContent(
      'Actually received: AWS 0% · Azure 100%',
    );
    expect(screen.getByTestId('weights-bar')).toHaveTextContent(
      'AWS 50% · Azure 50%',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      `AWS unhealthy since ${clock(
        since,
      )}; 100% of traffic on Azure; replication into AWS 57 s behind`,
    );
    // The healthy cloud's figures stay live.
    const azure = screen.getByTestId('cloud-panel-azure');
    expect(within(azure).getByText('12.5/s')).toBeInTheDocument();
  });

  it('says per cloud how many dead letters await a person, how many were re-driven, and what the last anti-entropy round did', async () => {
    const roundAt = '2026-12-01T22:07:03Z';
    const lastRun = '2026-12-01T22:20:00Z';
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws', {
            deadLetters: { awaitingPerson: 2, redrivenLastHour: 15 },
            antiEntropy: {
              compared: 12480,
              diverged: 3,
              repaired: 3,
              at: roundAt,
            },
          }),
          cloudStatus('azure', {
            // The redriver has stopped reporting and no round came this hour.
            freshness: {
              requests: { asOf: lastRun, stale: false },
              replication: { asOf: lastRun, stale: false },
              deadLetters: { asOf: lastRun, stale: true },
              antiEntropy: { asOf: null, stale: true },
            },
            deadLetters: { awaitingPerson: 0, redrivenLastHour: 4 },
            antiEntropy: null,
          }),
        ]),
      ),
    });
    const { container } = await renderWithEntity(<MulticloudContent />, {
      api,
    });
    expect(await screen.findByTestId('redriver-aws')).toHaveTextContent(
      'dead letters: 2 awaiting a person, 15 re-driven (last hour)',
    );
    expect(screen.getByTestId('anti-entropy-aws')).toHaveTextContent(
      `anti-entropy: last round compared ${(12480).toLocaleString()}, diverged 3, repaired 3, at ${clock(
        roundAt,
      )}`,
    );
    // Azure's last good counts are not shown as if live.
    const azure = screen.getByTestId('cloud-panel-azure');
    expect(screen.queryByTestId('redriver-azure')).toBeNull();
    expect(within(azure).queryByText(/re-driven/)).toBeNull();
    expect(
      within(azure).getByText(`stale, last data ${clock(lastRun)}`),
    ).toBeInTheDocument();
    expect(within(azure).getByText('stale, no data')).toBeInTheDocument();
    expect(await axe(container)).toHaveNoViolations();
  });

  it('tells a redriver that has not run yet from one that found nothing', async () => {
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws', {
            deadLetters: { awaitingPerson: null, redrivenLastHour: 0 },
            antiEntropy: null,
          }),
          cloudStatus('azure'),
        ]),
      ),
    });
    await renderWithEntity(<MulticloudContent />, { api });
    expect(await screen.findByTestId('redriver-aws')).toHaveTextContent(
      'no run reported yet',
    );
    expect(screen.getByTestId('anti-entropy-aws')).toHaveTextContent(
      'no round in the last hour',
    );
    expect(screen.getByTestId('redriver-azure')).toHaveTextContent(
      'dead letters: 0 awaiting a person, 0 re-driven (last hour)',
    );
  });

  it('disables the failover buttons with the reason when the user lacks the permission', async () => {
    await renderWithEntity(<MulticloudContent />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () =>
          status([
            cloudStatus('aws', { weight: 70 }),
            cloudStatus('azure', { weight: 30 }),
          ]),
        ),
      }),
      denied: ['multicloud.failover.execute', 'multicloud.dlq.replay'],
    });
    expect(
      await screen.findByText('You are not allowed to fail over this service'),
    ).toBeInTheDocument();
    for (const label of [
      'Fail over to Azure',
      'Fail over to AWS',
      'Restore split',
    ])
      expect(screen.getByRole('button', { name: label })).toBeDisabled();
    expect(
      screen.getAllByRole('button', { name: 'Replay dead letters' })[0],
    ).toBeDisabled();
  });

  it('marks the targets that would send traffic to an unhealthy cloud, so the way out stands out', async () => {
    await renderWithEntity(<MulticloudContent />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () =>
          status([
            cloudStatus('aws', { health: 'unhealthy', weight: 30 }),
            cloudStatus('azure', { weight: 70 }),
          ]),
        ),
      }),
    });
    const toAws = await screen.findByRole('button', {
      name: 'Fail over to AWS',
    });
    const split = screen.getByRole('button', { name: 'Restore split' });
    const toAzure = screen.getByRole('button', { name: 'Fail over to Azure' });
    expect(toAws).toHaveAttribute(
      'title',
      'AWS is unhealthy: the safety rules refuse this failover unless it is forced',
    );
    expect(toAws).toHaveClass('MuiButton-outlined');
    expect(toAws).toBeEnabled();
    // The split gives AWS more traffic too (30 % to 50 %); failing over to Azure is the way out.
    expect(split).toHaveClass('MuiButton-outlined');
    expect(split).toHaveAttribute(
      'title',
      expect.stringMatching(/^AWS is unhealthy/),
    );
    expect(toAzure).not.toHaveAttribute('title');
    expect(toAzure).toHaveClass('MuiButton-containedPrimary');
  });

  it('keeps one cloud’s error in its panel while the other panel works', async () => {
    await renderWithEntity(<MulticloudContent />, {
      api: mockMulticloudApi({
        getStatus: jest.fn(async () =>
          status([
            cloudStatus('aws'),
            {
              cloud: 'azure',
              ok: false,
              error: { message: 'Traffic Manager said 429' },
            },
          ]),
        ),
      }),
    });
    const azure = await screen.findByTestId('cloud-panel-azure');
    expect(
      within(azure).getByText('Traffic Manager said 429'),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('cloud-panel-aws')).getByText('Healthy'),
    ).toBeInTheDocument();
  });

  it('replays a cloud’s dead letters and says how many', async () => {
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws', { deadLetterDepth: 2 }),
          cloudStatus('azure'),
        ]),
      ),
      replayDeadLetters: jest.fn(async () => ({
        cloud: 'aws' as const,
        replayed: 2,
        remaining: 0,
      })),
    });
    await renderWithEntity(<MulticloudContent />, { api });
    const aws = await screen.findByTestId('cloud-panel-aws');
    await userEvent.click(
      within(aws).getByRole('button', { name: 'Replay dead letters' }),
    );
    // It says how many go back and waits for a second click.
    expect(api.replayDeadLetters).not.toHaveBeenCalled();
    expect(
      within(aws).getByText(/Send 2 dead letters back to AWS/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(aws).getByRole('button', { name: 'Replay 2' }),
    );
    expect(
      await within(aws).findByText('Replayed 2 letters; 0 remain'),
    ).toBeInTheDocument();
    expect(api.replayDeadLetters).toHaveBeenCalledWith(
      'component:default/orders',
      'aws',
    );
  });

  it('shows each dead letter with its reason before a replay, so a poison one can be read', async () => {
    const reason =
      'remote version 000001a2b3c4d5-00000-aws was 3600000 ms ahead of the time the queue took it, more than the allowed clock drift of 500 ms';
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws'),
          cloudStatus('azure', {
            deadLetterDepth: 3,
            deadLetters: { awaitingPerson: 1, redrivenLastHour: 0 },
          }),
        ]),
      ),
      listDeadLetters: jest.fn(async () => ({
        cloud: 'azure' as const,
        letters: [
          { id: '7', key: 'poison-1', reason },
          { id: '8', key: 'order-9', reason: 'MaxDeliveryCountExceeded' },
        ],
      })),
    });
    const { container } = await renderWithEntity(<MulticloudContent />, {
      api,
    });
    const azure = await screen.findByTestId('cloud-panel-azure');
    await userEvent.click(
      within(azure).getByRole('button', { name: 'Replay dead letters' }),
    );
    const list = await within(azure).findByRole('list', {
      name: 'Dead letters of Azure',
    });
    expect(api.listDeadLetters).toHaveBeenCalledWith(
      'component:default/orders',
      'azure',
    );
    const items = within(list).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(`poison-1: ${reason}`);
    expect(items[1]).toHaveTextContent('order-9: MaxDeliveryCountExceeded');
    expect(within(azure).getByText('The first 2 of 3.')).toBeInTheDocument();
    expect(api.replayDeadLetters).not.toHaveBeenCalled();
    expect(await axe(container)).toHaveNoViolations();
  });

  it('names the annotation to add on an entity that is not a multi-cloud service', async () => {
    await renderWithEntity(<MulticloudContent />, {
      api: mockMulticloudApi(),
      entity: ordersEntity({}),
    });
    expect(screen.getByText(/multicloud\.io\/service-id/)).toBeInTheDocument();
  });
});

describe('the failover dialog', () => {
  async function openDialog(
    api: ReturnType<typeof mockMulticloudApi>,
    label = 'Fail over to Azure',
  ) {
    await renderWithEntity(<MulticloudContent />, { api });
    await userEvent.click(await screen.findByRole('button', { name: label }));
    return screen.findByRole('dialog');
  }

  it('shows the plan, asks for a reason and the typed name, then follows each step to success and the traffic after it', async () => {
    let polls = 0;
    let drained = false;
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws', { weight: drained ? 0 : 50 }),
          cloudStatus('azure', { weight: drained ? 100 : 50 }),
        ]),
      ),
      getFailover: jest.fn(async () => {
        polls += 1;
        drained = polls >= 2;
        return polls < 2
          ? failoverRecord()
          : failoverRecord({
              outcome: 'succeeded',
              steps: failoverRecord().steps.map(s => ({
                ...s,
                state: 'done' as const,
              })),
              commit: {
                state: 'committed',
                kind: 'commit',
                repository: 'orders.git',
                url: 'http://localhost:7007/api/scaffolder/multicloud/repos/orders/commits/0a1b2c3d4e',
                sha: '0a1b2c3d4e',
                error: null,
                at: '2026-11-24T10:06:09Z',
              },
            });
      }),
    });
    const dialog = await openDialog(api);
    expect(
      within(dialog).getByText('Fail over orders to Azure'),
    ).toBeInTheDocument();
    expect(
      await within(dialog).findByText('Traffic now: AWS 50% · Azure 50%'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Traffic after: AWS 0% · Azure 100%'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText(/✓ pass: Azure is healthy/),
    ).toBeInTheDocument();
    const execute = within(dialog).getByRole('button', {
      name: 'Execute failover',
    });
    expect(execute).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/Reason/),
      'AWS degraded',
    );
    expect(execute).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/Type orders to confirm/),
      'order',
    );
    expect(execute).toBeDisabled();
    await userEvent.type(
      within(dialog).getByLabelText(/Type orders to confirm/),
      's',
    );
    expect(execute).toBeEnabled();
    expect(await axe(dialog)).toHaveNoViolations();

    await userEvent.click(execute);
    expect(api.executeFailover).toHaveBeenCalledWith(
      'component:default/orders',
      {
        target: 'azure',
        reason: 'AWS degraded',
        force: false,
      },
    );
    expect(
      await within(dialog).findByText(/Execute: running/),
    ).toBeInTheDocument();
    expect(
      await within(dialog).findByText('Succeeded', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
    expect(within(dialog).getByText(/Verify: done/)).toBeInTheDocument();
    expect(
      within(dialog).getByRole('link', { name: /^commit 0a1b2c3/ }),
    ).toHaveAttribute(
      'href',
      'http://localhost:7007/api/scaffolder/multicloud/repos/orders/commits/0a1b2c3d4e',
    );
    expect(within(dialog).getByTestId('failover-commit')).toHaveTextContent(
      /^Weights committed, so the next Terraform apply keeps them:\s*commit 0a1b2c3.* in orders\.git$/,
    );
    // After the run the dialog reads the weights in effect, not the plan's "before".
    expect(
      within(dialog).getByText('Traffic before: AWS 50% · Azure 50%'),
    ).toBeInTheDocument();
    expect(
      await within(dialog).findByText('Traffic now: AWS 0% · Azure 100%'),
    ).toBeInTheDocument();
  }, 30_000);

  it('shows the refusal the backend answers with', async () => {
    const body = {
      error: {
        name: 'FailoverRefusedError',
        message: 'failover f-0 of this service is still running',
      },
      request: { method: 'POST', url: '/failover' },
      response: { statusCode: 409 },
    };
    const refusal = await ResponseError.fromResponse({
      status: 409,
      statusText: 'Conflict',
      url: 'http://localhost/api/multicloud/services/component/default/orders/failover',
      headers: new Headers({ 'content-type': 'application/json' }),
      text: async () => JSON.stringify(body),
    } as never);
    const api = mockMulticloudApi({
      executeFailover: jest.fn(async () => {
        throw refusal;
      }),
    });
    const dialog = await openDialog(api);
    await within(dialog).findByText(/Traffic now/);
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'x');
    await userEvent.type(
      within(dialog).getByLabelText(/Type orders to confirm/),
      'orders',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Execute failover' }),
    );
    expect(
      await within(dialog).findByText(
        'Refused: failover f-0 of this service is still running',
      ),
    ).toBeInTheDocument();
  });

  it('offers force only when the target is unhealthy, and sends it', async () => {
    const unhealthy = plan({
      allowed: false,
      targetHealth: { aws: 'healthy', azure: 'unhealthy' },
      checks: [
        {
          rule: 'at-least-one-on',
          ok: true,
          message: 'traffic keeps going to Azure',
          overridable: false,
        },
        {
          rule: 'target-healthy',
          ok: false,
          message: 'refused: Azure is unhealthy',
          overridable: true,
        },
      ],
    });
    const api = mockMulticloudApi({
      planFailover: jest.fn(async (_ref, request) =>
        request.force ? { ...unhealthy, allowed: true } : unhealthy,
      ),
    });
    const dialog = await openDialog(api);
    expect(
      await within(dialog).findByText('✗ refuses: Azure is unhealthy'),
    ).toBeInTheDocument();
    // No green "traffic keeps going to Azure" beside the refusal.
    expect(within(dialog).queryByText(/traffic keeps going/)).toBeNull();
    expect(within(dialog).getByText('1 other rule pass')).toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText(/Reason/), 'drill');
    await userEvent.type(
      within(dialog).getByLabelText(/Type orders to confirm/),
      'orders',
    );
    const execute = within(dialog).getByRole('button', {
      name: 'Execute failover',
    });
    expect(execute).toBeDisabled();
    await userEvent.click(
      within(dialog).getByLabelText('Force (target unhealthy)'),
    );
    await waitFor(() => expect(execute).toBeEnabled());
    expect(
      within(dialog).getByText('✗ forced past: Azure is unhealthy'),
    ).toBeInTheDocument();
    await userEvent.click(execute);
    expect(api.executeFailover).toHaveBeenCalledWith(
      'component:default/orders',
      {
        target: 'azure',
        reason: 'drill',
        force: true,
      },
    );
  });

  it('does not offer what would change nothing: the split at 50/50, Azure at Azure 100 %', async () => {
    let weights = { aws: 50, azure: 50 };
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws', { weight: weights.aws }),
          cloudStatus('azure', { weight: weights.azure }),
        ]),
      ),
    });
    await renderWithEntity(<MulticloudContent />, { api });
    expect(
      await screen.findByRole('button', { name: 'Fail over to Azure' }),
    ).toBeEnabled();
    expect(screen.queryByRole('button', { name: 'Restore split' })).toBeNull();
    weights = { aws: 0, azure: 100 };
    expect(
      await screen.findByRole(
        'button',
        { name: 'Restore split' },
        { timeout: 5000 },
      ),
    ).toBeEnabled();
    expect(
      screen.queryByRole('button', { name: 'Fail over to Azure' }),
    ).toBeNull();
    expect(
      screen.getByRole('button', { name: 'Fail over to AWS' }),
    ).toBeEnabled();
  });

  it('restores the split from its own button', async () => {
    const api = mockMulticloudApi({
      getStatus: jest.fn(async () =>
        status([
          cloudStatus('aws', { weight: 0 }),
          cloudStatus('azure', { weight: 100 }),
        ]),
      ),
    });
    const dialog = await openDialog(api, 'Restore split');
    expect(
      within(dialog).getByText('Restore the 50/50 split of orders'),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(api.planFailover).toHaveBeenCalledWith(
        'component:default/orders',
        {
          target: 'split',
          reason: '',
          force: false,
        },
      ),
    );
  });
});
