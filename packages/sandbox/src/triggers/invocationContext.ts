import { InvocationContext } from '@azure/functions';
import { randomUUID } from 'node:crypto';

/** An Azure Functions invocation context as the host builds one, with its trigger metadata. */
export function invocationContext(
  functionName: string,
  triggerMetadata: Record<string, unknown> = {},
): InvocationContext {
  return new InvocationContext({
    invocationId: randomUUID(),
    functionName,
    triggerMetadata,
    // The host's log goes to Application Insights; the sandbox keeps the errors it reports.
    logHandler: () => undefined,
  });
}
