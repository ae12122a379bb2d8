import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import TextField from '@material-ui/core/TextField';

/** What a person gives before a failover runs: a reason, the service's name typed, and force. */
export interface Confirmation {
  reason: string;
  typedName: string;
  force: boolean;
}

/** Whether the confirmation lets the failover run: a reason, and the name typed exactly. */
export const isConfirmed = (c: Confirmation, serviceName: string) =>
  c.reason.trim().length > 0 && c.typedName === serviceName;

/**
 * The reason, the typed name, and "Force" where the only refusing rules may be forced (the
 * target is unhealthy) or force is already on.
 */
export function FailoverConfirmation({
  serviceName,
  value,
  offerForce,
  onChange,
}: {
  serviceName: string;
  value: Confirmation;
  offerForce: boolean;
  onChange: (value: Confirmation) => void;
}) {
  return (
    <>
      <TextField
        id="multicloud-failover-reason"
        label="Reason"
        value={value.reason}
        onChange={e => onChange({ ...value, reason: e.target.value })}
        fullWidth
        margin="dense"
        required
      />
      <TextField
        id="multicloud-failover-confirm"
        label={`Type ${serviceName} to confirm`}
        value={value.typedName}
        onChange={e => onChange({ ...value, typedName: e.target.value })}
        fullWidth
        margin="dense"
        required
      />
      {(offerForce || value.force) && (
        <FormControlLabel
          control={
            <Checkbox
              checked={value.force}
              onChange={e => onChange({ ...value, force: e.target.checked })}
            />
          }
          label="Force (target unhealthy)"
        />
      )}
    </>
  );
}
