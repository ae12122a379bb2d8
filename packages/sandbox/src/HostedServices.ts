/** What HostedServices needs of a service: ServiceSandbox in the sandbox, a fake in tests. */
export interface Startable {
  start(): Promise<void>;
  stop(): Promise<void>;
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

  /** Hosts `id` unless it is hosted already; `created` says whether this call started it. */
  async add(id: string): Promise<{ created: boolean }> {
    if (this.started.has(id)) return { created: false };
    const pending = this.starting.get(id);
    if (pending) {
      await pending;
      return { created: false };
    }
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
