/** What HostedServices needs of a service: ServiceSandbox in the sandbox, a fake in tests. */
export interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Why a new service was refused: the sandbox hosts (or is starting) as many as it may. */
export class ServiceLimitReachedError extends Error {
  constructor(readonly limit: number) {
    super(
      `the sandbox hosts ${limit} services, its limit (maxServices); no more can be added`,
    );
    this.name = 'ServiceLimitReachedError';
  }
}

/**
 * The services the sandbox hosts. A service is listed only once it has started: until then its
 * router and regions do not exist, and a request naming it is answered as for an unknown
 * service. A second request to host a service that is still starting waits for the first.
 */
export class HostedServices<S extends Startable> {
  /** Started services, by id: what the router and the control API serve. */
  readonly started = new Map<string, S>();
  private readonly starting = new Map<string, Promise<void>>();

  constructor(
    private readonly create: (id: string) => S,
    private readonly onStarted: (id: string, service: S) => void = () =>
      undefined,
  ) {}

  /**
   * Hosts `id` unless it is hosted already; `created` says whether this call started it. With
   * `limit`, a new service is refused (ServiceLimitReachedError, nothing started) once that many
   * are hosted or starting: each one holds two HTTP servers, tables, queues and timers, so a
   * loop of requests would otherwise exhaust ports and memory. Services starting count, so
   * concurrent requests cannot pass the limit together.
   */
  async add(id: string, limit?: number): Promise<{ created: boolean }> {
    if (this.started.has(id)) return { created: false };
    const pending = this.starting.get(id);
    if (pending) {
      await pending;
      return { created: false };
    }
    // A service that has just started is in both maps for a moment: count it once.
    const count = new Set([...this.started.keys(), ...this.starting.keys()])
      .size;
    if (limit !== undefined && count >= limit)
      throw new ServiceLimitReachedError(limit);
    const service = this.create(id);
    const starting = service.start().then(
      () => {
        this.started.set(id, service);
        this.onStarted(id, service);
      },
      // What did start is stopped again, so that a later request can try afresh.
      async error => {
        await service.stop().catch(() => undefined);
        throw error;
      },
    );
    this.starting.set(id, starting);
    try {
      await starting;
    } finally {
      this.starting.delete(id);
    }
    return { created: true };
  }
}
