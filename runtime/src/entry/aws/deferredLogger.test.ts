import { deferredLogger } from './deferredLogger';

describe('deferredLogger', () => {
  it('loads the logger with the first line only, and writes every line in order before written() resolves', async () => {
    const lines: string[] = [];
    let loads = 0;
    const logger = deferredLogger(async () => {
      loads += 1;
      await new Promise(r => setTimeout(r, 10));
      return {
        info: message => lines.push(`info ${message}`),
        warn: message => lines.push(`warn ${message}`),
      };
    });
    expect(loads).toBe(0);
    logger.warn('one');
    logger.info('two');
    expect(lines).toEqual([]);
    await logger.written();
    expect(lines).toEqual(['warn one', 'info two']);
    logger.warn('three');
    await logger.written();
    expect(lines).toEqual(['warn one', 'info two', 'warn three']);
    expect(loads).toBe(1);
  });

  it('writes a line to the console as JSON when the logger cannot be loaded, and loads again on the next line', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    let loads = 0;
    const logger = deferredLogger(async () => {
      loads += 1;
      throw new Error('no chunk');
    });
    logger.warn('dead-lettering', { messageId: 'm1' });
    await logger.written();
    expect(JSON.parse(warn.mock.calls[0][0])).toEqual({
      level: 'WARN',
      message: 'dead-lettering',
      messageId: 'm1',
      loggerError: 'no chunk',
    });
    logger.warn('again');
    await logger.written();
    expect(loads).toBe(2);
    warn.mockRestore();
  });
});
