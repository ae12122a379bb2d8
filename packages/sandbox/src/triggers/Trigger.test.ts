import { TimerTrigger } from './TimerTrigger';
import { TriggerLoop } from './Trigger';
import { wallClock } from './TriggerClock';

describe('TriggerLoop', () => {
  it('stop() ends a pause of an hour at once, and the body runs no more', async () => {
    const handler = jest.fn(async () => undefined);
    const trigger = new TimerTrigger({
      name: 'hourly',
      periodMs: 3_600_000,
      handler,
    });
    trigger.start();
    const started = Date.now();
    await trigger.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(handler).not.toHaveBeenCalled();
  });

  it('notify() cuts a pause short; without start() a pause still waits (pollOnce in tests)', async () => {
    const loop = new TriggerLoop('t', async () => undefined, {
      clock: wallClock,
    });
    expect(loop.stopped).toBe(false);
    const started = Date.now();
    const pause = loop.pause(3_600_000);
    loop.notify();
    await pause;
    expect(Date.now() - started).toBeLessThan(1000);
    let waited = false;
    await Promise.race([
      loop.pause(200).then(() => {
        waited = true;
      }),
      new Promise(r => setTimeout(r, 50)),
    ]);
    expect(waited).toBe(false);
  });

  it('keeps a notify() that came while no pause ran for the next pause, once', async () => {
    const loop = new TriggerLoop('t', async () => undefined, {
      clock: wallClock,
    });
    // A commit announced while the trigger read or handed over a batch.
    loop.notify();
    const started = Date.now();
    await loop.pause(3_600_000);
    expect(Date.now() - started).toBeLessThan(1000);
    let waited = false;
    await Promise.race([
      loop.pause(200).then(() => {
        waited = true;
      }),
      new Promise(r => setTimeout(r, 50)),
    ]);
    expect(waited).toBe(false);
  });

  it('once stopped, a pause returns at once until the next start', async () => {
    const loop: TriggerLoop = new TriggerLoop('t', () => loop.pause(3_600_000));
    loop.start();
    await loop.stop();
    expect(loop.stopped).toBe(true);
    const started = Date.now();
    await loop.pause(3_600_000);
    expect(Date.now() - started).toBeLessThan(1000);
    loop.start();
    expect(loop.stopped).toBe(false);
    await loop.stop();
  });

  it('reports a failed body and goes on', async () => {
    const errors: string[] = [];
    let calls = 0;
    const loop: TriggerLoop = new TriggerLoop(
      'flaky',
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('boom');
        await loop.pause(3_600_000);
      },
      { onError: (name, e) => errors.push(`${name}: ${e.message}`) },
    );
    loop.start();
    for (let i = 0; i < 100 && calls < 2; i++)
      await new Promise(r => setTimeout(r, 10));
    await loop.stop();
    expect(errors).toEqual(['flaky: boom']);
    expect(calls).toBe(2);
  });
});
