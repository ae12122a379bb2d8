/**
 * The rules of a multi-cloud service's name, in the words a form shows: the name becomes a DNS
 * label and part of resource names on both clouds (`<name>-items`, `<name>-inbound`,
 * `sbns-<name>-bus`, `rg-<name>`), and the sandbox's id. The Service Bus namespace is the
 * tightest: "at least 6 and at most 50 characters", "^[a-zA-Z][a-zA-Z0-9-]*$", must not end with
 * "-" ("Create Namespace", https://learn.microsoft.com/rest/api/servicebus/create-namespace);
 * 32 characters plus `sbns-` and `-bus` make 41.
 */
export const SERVICE_NAME_MAX_LENGTH = 32;

/** What is wrong with a service name, one plain sentence per rule it breaks; empty when none. */
export function serviceNameProblems(name: string): string[] {
  if (!name) return ['Give the service a name.'];
  const problems: string[] = [];
  if (name.length < 2 || name.length > SERVICE_NAME_MAX_LENGTH)
    problems.push(
      `Use 2 to ${SERVICE_NAME_MAX_LENGTH} characters (this name has ${name.length}).`,
    );
  if (/[A-Z]/.test(name))
    problems.push(`Use lower-case letters only: ${name.toLowerCase()}.`);
  if (!/^[a-zA-Z]/.test(name)) problems.push('Start with a letter.');
  const others = [...new Set(name.replace(/[a-zA-Z0-9-]/g, ''))];
  if (others.length)
    problems.push(
      `Use only letters, digits and dashes, not ${others
        .map(c => (c === ' ' ? 'spaces' : `"${c}"`))
        .join(', ')}.`,
    );
  if (name.endsWith('-')) problems.push('End with a letter or a digit.');
  return problems;
}

/** Why a name cannot be used for a new service: its own rules, or a place that already uses it. */
export interface ServiceNameCheck {
  name: string;
  available: boolean;
  /** One sentence per reason, e.g. "component:default/orders in the catalog is named orders." */
  problems: string[];
  /** Places that could not be asked (a sandbox that does not answer); they do not block. */
  unchecked: string[];
}
