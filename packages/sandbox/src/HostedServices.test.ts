import {
  HostedServices,
  ServiceLimitReachedError,
  type Startable,
} from './HostedServices';

/** A service whose start the test finishes (or fails) by hand. */
class SlowService implements Startable {
  started = false;
  stopped = false;
  private finish!: (error?: Error) => void;
  start() {
    return new Promise<void>((resolve, reject) => {
      this.finish = error => (error ? reject(error) : resolve());
    }).then(() => {
      this.started = true;
    });
  }
  async stop() {
    this.stopped = true;
  }
  finishStart(error?: Error) {
    this.finish(error);
  }
}

describe('HostedServices', () => {
  it('lists a service only once it has started, and starts it once for concurrent requests', async () => {
    const made: SlowService[] = [];
    const hosted = new HostedServices(() => {
      made.push(new SlowService());
      return made[made.length - 1];
    });
    const first = hosted.add('two');
    const second = hosted.add('two');
    await new Promise(r => setImmediate(r));
    // While it starts, its router and regions do not exist: nobody may reach it yet.
    expect(hosted.started.has('two')).toBe(false);
    expect(made).toHaveLength(1);
    made[0].finishStart();
    expect(await first).toEqual({ created: true });
    expect(await second).toEqual({ created: false });
    expect(hosted.started.get('two')).toBe(made[0]);
    expect(made[0].started).toBe(true);
    expect(await hosted.add('two')).toEqual({ created: false });
  });

  it('stops and forgets a service whose start failed, so that it can be hosted again', async () => {
    const made: SlowService[] = [];
    const hosted = new HostedServices(() => {
      made.push(new SlowService());
      return made[made.length - 1];
    });
    const failing = hosted.add('two');
    const waiting = hosted.add('two');
    await new Promise(r => setImmediate(r));
    made[0].finishStart(new Error('no table'));
    await expect(failing).rejects.toThrow('no table');
    await expect(waiting).rejects.toThrow('no table');
    expect(made[0].stopped).toBe(true);
    expect(hosted.started.has('two')).toBe(false);

    const again = hosted.add('two');
    await new Promise(r => setImmediate(r));
    made[1].finishStart();
    expect(await again).toEqual({ created: true });
    expect(hosted.started.get('two')).toBe(made[1]);
  });
});

describe('HostedServices with a limit', () => {
  it('refuses a new service once the limit is hosted or starting, starting nothing, and still answers for hosted ones', async () => {
    const made: SlowService[] = [];
    const hosted = new HostedServices(() => {
      made.push(new SlowService());
      return made[made.length - 1];
    });
    const one = hosted.add('one', 2);
    const two = hosted.add('two', 2);
    await new Promise(r => setImmediate(r));
    // Two are still starting: together with them, a third would pass the limit.
    await expect(hosted.add('three', 2)).rejects.toThrow(
      new ServiceLimitReachedError(2),
    );
    expect(made).toHaveLength(2);
    for (const s of made) s.finishStart();
    await Promise.all([one, two]);
    await expect(hosted.add('three', 2)).rejects.toBeInstanceOf(
      ServiceLimitReachedError,
    );
    expect(made).toHaveLength(2);
    expect([...hosted.started.keys()]).toEqual(['one', 'two']);
    // A service already hosted is no new one.
    expect(await hosted.add('two', 2)).toEqual({ created: false });
  });
});
