import { InfoCard, WarningPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  multicloudDlqReplayPermission,
  type CloudResult,
  type CloudStatus,
} from '@multicloud/backstage-plugin-multicloud-common';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { multicloudApiRef } from '../../api';
import { count, ms, percent, perSecond, share, time } from '../common/format';
import { Fresh } from '../common/Freshness';
import { HealthLabel, LagLabel } from '../common/StatusBits';
import type { LagThresholds } from '../common/useLagThresholds';
import { DeadLetterPreview } from './DeadLetterPreview';
import { AntiEntropySummary, DeadLetterSummary } from './SelfHealing';

function Row({
  label,
  children,
}: {
  label: string;
  children: React.ReactNode;
}) {
  return (
    <tr>
      <th
        scope="row"
        style={{ textAlign: 'left', paddingRight: 16, fontWeight: 500 }}
      >
        {label}
      </th>
      {/* A long value (an error message) wraps rather than widening a narrow panel. */}
      <td style={{ overflowWrap: 'anywhere' }}>{children}</td>
    </tr>
  );
}

/** One cloud of the service: health checks, traffic figures, replication and its queues. */
export function CloudPanel({
  result,
  label,
  entityRef,
  thresholds,
  onChanged,
}: {
  result: CloudResult<CloudStatus>;
  /** The cloud's name, from the service's clouds. */
  label: string;
  entityRef: string;
  thresholds: LagThresholds;
  onChanged: () => void;
}) {
  const { cloud } = result;
  const api = useApi(multicloudApiRef);
  const replayPermission = usePermission({
    permission: multicloudDlqReplayPermission,
    resourceRef: entityRef,
  });
  const [replay, setReplay] = useState<{
    busy: boolean;
    message?: string;
    error?: string;
  }>({ busy: false });
  /** The replay asks first: how many events will go back to the queue. */
  const [confirming, setConfirming] = useState(false);

  const title = label;
  if (!result.ok) {
    return (
      <div data-testid={`cloud-panel-${cloud}`}>
        <InfoCard title={title}>
          <WarningPanel
            severity="error"
            title={`${title} could not be read`}
            message={result.error.message}
          />
        </InfoCard>
      </div>
    );
  }
  const s = result.data;
  const { requests, replication, deadLetters, antiEntropy } = s.freshness;
  const doReplay = async () => {
    setConfirming(false);
    setReplay({ busy: true });
    try {
      const r = await api.replayDeadLetters(entityRef, cloud);
      setReplay({
        busy: false,
        message: `Replayed ${r.replayed} letter${
          r.replayed === 1 ? '' : 's'
        }; ${r.remaining} remain${r.remaining === 1 ? 's' : ''}`,
      });
      onChanged();
    } catch (e) {
      setReplay({ busy: false, error: (e as Error).message });
    }
  };
  const mayReplay = replayPermission.allowed;
  return (
    <div data-testid={`cloud-panel-${cloud}`}>
      <InfoCard title={title} subheader={`Region ${s.region}`}>
        <table>
          <tbody>
            <Row label="Health">
              <HealthLabel health={s.health} /> since {time(s.healthSince)}
            </Row>
            <Row label="Last check">
              {s.lastCheck
                ? `${time(s.lastCheck.at)}: ${
                    s.lastCheck.ok ? 'passed' : 'failed'
                  }${
                    s.lastCheck.latencyMs !== null
                      ? ` in ${ms(s.lastCheck.latencyMs)}`
                      : ''
                  }${s.lastCheck.message ? ` (${s.lastCheck.message})` : ''}`
                : 'none yet'}
            </Row>
            <Row label="Traffic">
              <span>{s.weight}%</span> weight ·{' '}
              <span data-testid={`traffic-share-${cloud}`}>
                {share(s.trafficShare)}
              </span>{' '}
              of requests now
            </Row>
            <Row label="Requests">
              <Fresh freshness={requests}>
                {perSecond(s.requestsPerSecond)}
                {(s.failedAtRouterPerSecond ?? 0) > 0 &&
                  ` (${perSecond(
                    s.failedAtRouterPerSecond,
                  )} failed at the router)`}
              </Fresh>
            </Row>
            <Row label="Latency p50 / p99">
              <Fresh freshness={requests}>
                {ms(s.latencyP50Ms)} / {ms(s.latencyP99Ms)}
              </Fresh>
            </Row>
            <Row label="Error rate">
              <Fresh freshness={requests}>{percent(s.errorRate)}</Fresh>
            </Row>
            <Row label="Replication lag in">
              <Fresh freshness={replication}>
                <LagLabel
                  lagMs={s.replicationLag.currentMs}
                  thresholds={thresholds}
                />{' '}
                (oldest waiting {ms(s.replicationLag.oldestWaitingMs)}, last
                applied {ms(s.replicationLag.appliedMs)}; p99{' '}
                {ms(s.replicationLag.p99Ms)})
              </Fresh>
            </Row>
            <Row label="Inbound queue">
              <Fresh freshness={replication}>{count(s.queueDepth)}</Fresh>
            </Row>
            <Row label="Dead letters">
              <Fresh freshness={replication}>
                <span data-testid={`dlq-depth-${cloud}`}>
                  {count(s.deadLetterDepth)}
                </span>
              </Fresh>
            </Row>
            <Row label="Dead-letter redriver">
              <Fresh freshness={deadLetters}>
                <span data-testid={`redriver-${cloud}`}>
                  <DeadLetterSummary figures={s.deadLetters} />
                </span>
              </Fresh>
            </Row>
            <Row label="Anti-entropy">
              <Fresh freshness={antiEntropy}>
                <span data-testid={`anti-entropy-${cloud}`}>
                  <AntiEntropySummary round={s.antiEntropy} />
                </span>
              </Fresh>
            </Row>
            {s.lastError && (
              <Row label="Last error">
                {/* Red only while the cloud is not healthy: an old error beside "Healthy" is history. */}
                <Typography
                  variant="body2"
                  color={s.health === 'healthy' ? 'textSecondary' : 'error'}
                  component="span"
                >
                  {s.lastError}
                  {s.health === 'healthy' && ' (earlier; the checks pass now)'}
                </Typography>
              </Row>
            )}
          </tbody>
        </table>
        <Button
          variant="outlined"
          size="small"
          style={{ marginTop: 12 }}
          disabled={!mayReplay || replay.busy || !s.deadLetterDepth}
          onClick={() => setConfirming(true)}
        >
          Replay dead letters
        </Button>
        {confirming && (
          <div
            role="group"
            aria-label="Confirm the replay"
            style={{ marginTop: 8 }}
          >
            <Typography variant="body2">
              {/* Letters, not events: a letter from AWS's queue may hold a pack of events. */}
              Send {count(s.deadLetterDepth)} dead letter
              {s.deadLetterDepth === 1 ? '' : 's'} back to {title}'s inbound
              queue? Each event in them is applied again; a newer write of the
              same item wins, and one refused before is refused again.
            </Typography>
            <DeadLetterPreview
              entityRef={entityRef}
              cloud={cloud}
              label={label}
              total={s.deadLetterDepth}
            />
            <Button size="small" color="primary" onClick={doReplay}>
              Replay {count(s.deadLetterDepth)}
            </Button>
            <Button size="small" onClick={() => setConfirming(false)}>
              Cancel
            </Button>
          </div>
        )}
        {!replayPermission.loading && !mayReplay && (
          <Typography variant="caption" display="block">
            You are not allowed to replay the dead letters of this service
          </Typography>
        )}
        {replay.message && (
          <Typography variant="body2" role="status">
            {replay.message}
          </Typography>
        )}
        {replay.error && (
          <Typography variant="body2" color="error" role="alert">
            Replay failed: {replay.error}
          </Typography>
        )}
      </InfoCard>
    </div>
  );
}
