/** The loopback ports the sandbox listens on; defaults live in app-config.yaml under `multicloud.sandbox`. */
export interface SandboxPorts {
  router: number;
  control: number;
  aws: number;
  azure: number;
}

export const DEFAULT_SANDBOX_PORTS: SandboxPorts = {
  router: 7100,
  control: 7101,
  aws: 7110,
  azure: 7120,
};

/** Merges configured ports over the defaults and refuses invalid or clashing ones. */
export function resolveSandboxPorts(
  configured: Partial<Record<keyof SandboxPorts, unknown>> = {},
): SandboxPorts {
  const ports = { ...DEFAULT_SANDBOX_PORTS };
  for (const key of Object.keys(ports) as (keyof SandboxPorts)[]) {
    const value = configured[key];
    if (value === undefined) continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new Error(
        `sandbox port "${key}" must be an integer from 1 to 65535, got ${String(
          value,
        )}`,
      );
    }
    ports[key] = port;
  }
  const seen = new Map<number, string>();
  for (const [key, port] of Object.entries(ports)) {
    const other = seen.get(port);
    if (other)
      throw new Error(`sandbox ports "${other}" and "${key}" are both ${port}`);
    seen.set(port, key);
  }
  return ports;
}
