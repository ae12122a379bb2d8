import {
  Content,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  getMulticloudServiceId,
  multicloudFailoverExecutePermission,
  type CloudId,
  type FailoverTarget,
  type HealthState,
} from '@multicloud/backstage-plugin-multicloud-common';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { multicloudApiRef } from '../../api';
import { cloudLabel } from '../common/clouds';
import { IncidentBanner } from '../common/IncidentBanner';
import { useLagThresholds } from '../common/useLagThresholds';
import { useServiceStatus } from '../common/useServiceStatus';
import { MissingAnnotation } from '../MissingAnnotation';
import { CloudPanel } from './CloudPanel';
import { FailoverDialog } from './FailoverDialog';
import { FailoverPolicyWarning } from './FailoverPolicyWarning';
import { FailoverTargetButtons } from './FailoverTargetButtons';
import { HistoryTable } from './HistoryTable';
import { WeightsBar } from './WeightsBar';

/**
 * The multi-cloud tab: the traffic split, the failover buttons, one panel per cloud and the
 * failover history.
 */
export function MulticloudContent() {
  const { entity } = useEntity();
  const api = useApi(multicloudApiRef);
  const serviceId = getMulticloudServiceId(entity);
  const entityRef = stringifyEntityRef(entity);
  const thresholds = useLagThresholds();
  const status = useServiceStatus(entityRef, Boolean(serviceId));
  const history = useAsyncRetry(
    async () => (serviceId ? api.getFailoverHistory(entityRef) : []),
    [api, entityRef, serviceId],
  );
  const failover = usePermission({
    permission: multicloudFailoverExecutePermission,
    resourceRef: entityRef,
  });
  const [target, setTarget] = useState<FailoverTarget>();
  const refreshStatus = status.retry;
  const refreshHistory = history.retry;
  const refresh = useCallback(() => {
    refreshStatus();
    refreshHistory();
  }, [refreshStatus, refreshHistory]);

  if (!serviceId) return <MissingAnnotation />;

  const cloudInfo = status.value?.cloudInfo ?? [];
  const clouds = status.value?.clouds ?? [];
  const weights = Object.fromEntries(
    clouds.filter(c => c.ok).map(c => [c.cloud, c.ok ? c.data.weight : 0]),
  ) as Record<CloudId, number>;
  const actual = Object.fromEntries(
    clouds.map(c => [c.cloud, c.ok ? c.data.trafficShare : null]),
  ) as Record<CloudId, number | null>;
  const health = Object.fromEntries(
    clouds.flatMap(c => (c.ok ? [[c.cloud, c.data.health]] : [])),
  ) as Record<CloudId, HealthState>;
  const weightsKnown = clouds.length > 0 && clouds.every(c => c.ok);
  const mayFailOver = failover.allowed;

  return (
    <Content>
      <IncidentBanner status={status.value} thresholds={thresholds} />
      <FailoverPolicyWarning />
      <Grid container spacing={3}>
        <Grid item xs={12}>
          {weightsKnown ? (
            <WeightsBar clouds={cloudInfo} weights={weights} actual={actual} />
          ) : (
            <Typography variant="body2" data-testid="weights-bar">
              Traffic weights unknown: a cloud could not be read
            </Typography>
          )}
          <FailoverTargetButtons
            clouds={cloudInfo}
            weights={weightsKnown ? weights : undefined}
            health={health}
            disabled={!mayFailOver}
            onChoose={setTarget}
          />
          {!failover.loading && !mayFailOver && (
            <Typography
              variant="body2"
              color="textSecondary"
              style={{ marginTop: 8 }}
            >
              You are not allowed to fail over this service
            </Typography>
          )}
        </Grid>
        {status.loading && !status.value && (
          <Grid item xs={12}>
            <Progress />
          </Grid>
        )}
        {status.error && (
          <Grid item xs={12}>
            <ResponseErrorPanel error={status.error} />
          </Grid>
        )}
        {/* Two panels side by side from 960 px, three or more from 1,280 px. */}
        {clouds.map(result => (
          <Grid
            item
            xs={12}
            md={6}
            lg={clouds.length > 2 ? 4 : 6}
            key={result.cloud}
          >
            <CloudPanel
              result={result}
              label={cloudLabel(cloudInfo, result.cloud)}
              entityRef={entityRef}
              thresholds={thresholds}
              onChanged={refreshStatus}
            />
          </Grid>
        ))}
        <Grid item xs={12}>
          {history.error ? (
            <ResponseErrorPanel
              error={history.error}
              title="Failover history could not be read"
            />
          ) : (
            <HistoryTable
              clouds={cloudInfo}
              items={history.value ?? []}
              mayRetry={mayFailOver}
              onChanged={refreshHistory}
            />
          )}
        </Grid>
      </Grid>
      {target && (
        <FailoverDialog
          entityRef={entityRef}
          serviceName={entity.metadata.name}
          clouds={cloudInfo}
          target={target}
          onClose={() => {
            setTarget(undefined);
            refresh();
          }}
          onFinished={refresh}
        />
      )}
    </Content>
  );
}
