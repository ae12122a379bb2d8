import type {
  AntiEntropyRound,
  DeadLetterFigures,
} from '@multicloud/backstage-plugin-multicloud-common';
import Typography from '@material-ui/core/Typography';
import { clock, count } from '../common/format';

/**
 * The dead-letter redriver's figures in words. Letters awaiting a person are the ones nothing
 * will fix by itself, so they stand out.
 */
export function DeadLetterSummary({ figures }: { figures: DeadLetterFigures }) {
  if (figures.awaitingPerson === null) return <>no run reported yet</>;
  const waiting = figures.awaitingPerson;
  return (
    <>
      dead letters:{' '}
      <Typography
        component="span"
        variant="body2"
        color={waiting > 0 ? 'error' : 'inherit'}
        style={waiting > 0 ? { fontWeight: 600 } : undefined}
      >
        {waiting} awaiting a person
      </Typography>
      , {count(figures.redrivenLastHour)} re-driven (last hour)
    </>
  );
}

/** The anti-entropy reconciler's last round in words. */
export function AntiEntropySummary({
  round,
}: {
  round: AntiEntropyRound | null;
}) {
  if (!round) return <>no round in the last hour</>;
  return (
    <>
      anti-entropy: last round compared {round.compared.toLocaleString()},
      diverged {round.diverged.toLocaleString()}, repaired{' '}
      {round.repaired.toLocaleString()}, at {clock(round.at)}
    </>
  );
}
