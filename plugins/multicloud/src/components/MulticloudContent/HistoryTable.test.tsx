import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  BUILT_IN_CLOUDS,
  type FailoverRecord,
} from '@multicloud/backstage-plugin-multicloud-common';
import {
  failoverRecord,
  mockMulticloudApi,
  renderWithEntity,
} from '../__testUtils__/fixtures';
import { HistoryTable } from './HistoryTable';
import { MulticloudContent } from './MulticloudContent';

const done = (
  commit: FailoverRecord['commit'],
  overrides: Partial<FailoverRecord> = {},
) =>
  failoverRecord({
    outcome: 'succeeded',
    reason: 'AWS is down',
    steps: failoverRecord().steps.map(s =>
      s.name === 'commit'
        ? {
            ...s,
            state: commit?.state === 'committed' ? 'done' : 'failed',
            message:
              commit?.state === 'committed'
                ? `commit ${commit.sha?.slice(0, 7)} in ${commit.repository}`
                : `weights not committed: ${commit?.error}`,
          }
        : { ...s, state: 'done' as const },
    ),
    commit,
    ...overrides,
  });

const committed = done({
  state: 'committed',
  kind: 'pull-request',
  repository: 'github.com/acme/orders',
  url: 'https://github.com/acme/orders/pull/1347',
  sha: '7638417db6d59f3c431d3e1f261cc637155684cd',
  error: null,
  at: '2026-11-24T10:06:09Z',
});
const refused = done({
  state: 'failed',
  kind: null,
  repository: 'orders.git',
  url: null,
  sha: null,
  error: 'main is protected',
  at: '2026-11-24T10:06:09Z',
});

describe('the failover history', () => {
  it('names who failed over by their catalog name, links the pull request, and opens an attempt to its steps', async () => {
    await renderWithEntity(
      <HistoryTable
        clouds={BUILT_IN_CLOUDS}
        items={[committed]}
        mayRetry
        onChanged={jest.fn()}
      />,
      { api: mockMulticloudApi() },
    );
    const row = (await screen.findByText('AWS is down')).closest('tr')!;

    await waitFor(() =>
      expect(within(row).getByText('Olivia Owner')).toBeInTheDocument(),
    );
    expect(within(row).queryByText(/user:default\/olivia/)).toBeNull();
    expect(
      within(row).getByRole('link', { name: /^pull request 1347/ }),
    ).toHaveAttribute('href', 'https://github.com/acme/orders/pull/1347');

    expect(screen.queryByTestId('failover-details-f-1')).toBeNull();
    await userEvent.click(within(row).getByRole('button', { name: /10:06/ }));
    const details = await screen.findByTestId(
      'failover-details-f-1',
      {},
      { timeout: 5000 },
    );
    expect(screen.getByRole('dialog')).toContainElement(details);
    expect(
      within(details).getByText(
        'Commit weights: done (commit 7638417 in github.com/acme/orders)',
      ),
    ).toBeInTheDocument();
    expect(within(details).getByText(/Verify: done/)).toBeInTheDocument();
    expect(details).toHaveTextContent('By Olivia Owner: AWS is down');
    await userEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // From the keyboard too: the row's time is a button.
    (await screen.findByRole('button', { name: /10:06/ })).focus();
    await userEvent.keyboard('{Enter}');
    expect(
      await screen.findByTestId('failover-details-f-1'),
    ).toBeInTheDocument();
  });

  it('says why the weights were not committed and retries the commit', async () => {
    const api = mockMulticloudApi({
      retryFailoverCommit: jest.fn(async () => committed),
    });
    const onChanged = jest.fn();
    await renderWithEntity(
      <HistoryTable
        clouds={BUILT_IN_CLOUDS}
        items={[refused]}
        mayRetry
        onChanged={onChanged}
      />,
      { api },
    );
    const row = (await screen.findByText('AWS is down')).closest('tr')!;
    expect(
      within(row).getByText('weights not committed: main is protected'),
    ).toBeInTheDocument();

    await userEvent.click(
      within(row).getByRole('button', { name: 'Retry commit' }),
    );
    expect(api.retryFailoverCommit).toHaveBeenCalledWith(
      'component:default/orders',
      'f-1',
    );
    // The page reads the history again, which now links the commit.
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(committed));
  });

  it('shows why a retry was refused', async () => {
    const api = mockMulticloudApi({
      retryFailoverCommit: jest.fn(async () => {
        throw new Error('failover f-2 has changed the weights since');
      }),
    });
    await renderWithEntity(
      <HistoryTable
        clouds={BUILT_IN_CLOUDS}
        items={[refused]}
        mayRetry
        onChanged={jest.fn()}
      />,
      { api },
    );
    await userEvent.click(
      await screen.findByRole('button', { name: 'Retry commit' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Retry failed: failover f-2 has changed the weights since',
    );
  });

  it('offers no retry to someone who may not fail the service over', async () => {
    const api = mockMulticloudApi({
      getFailoverHistory: jest.fn(async () => [refused]),
    });
    await renderWithEntity(<MulticloudContent />, {
      api,
      denied: ['multicloud.failover.execute'],
    });
    const row = (await screen.findByText('AWS is down')).closest('tr')!;
    await waitFor(() =>
      expect(
        within(row).getByRole('button', { name: 'Retry commit' }),
      ).toBeDisabled(),
    );
  });
});
