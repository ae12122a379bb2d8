import type { MessageSender } from '../../ports/Transport';
import type { AwsConfig } from '../config';
import { onFirstUse } from '../firstUse';

/**
 * Azure's inbound Service Bus queue, as `relay`, `apply` (anti-entropy answers) and `reconcile`
 * send to it. No key crosses the clouds: the function sends as an Entra identity that trusts its
 * AWS-issued token. Built on first use, so a function that never sends never reads the secret
 * nor loads the Service Bus SDK (a dynamic import: its own chunk of the function's bundle); a
 * failed build is tried again on the next send.
 */
export function awsPeerSender(config: AwsConfig): () => Promise<MessageSender> {
  return onFirstUse(async () =>
    (await import('./peerSender.js')).buildPeerSender(config),
  );
}
