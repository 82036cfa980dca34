// request.log made only when a request writes a line at an enabled level (plugins/lazy-child-logger.ts):
// what it skips — pino's child per request — must not matter: a line written still carries the
// request's bindings, and a level the route sets is honoured.
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { lazyChildLoggerFactory } from '../../src/plugins/lazy-child-logger.js';

function parentLogger(level: string) {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  let children = 0;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with each logger as `this`
  const child = logger.child;
  // Counts the children made, to show when none is (children inherit it, with their own `this`).
  logger.child = function countedChild(this: typeof logger, ...args: Parameters<typeof child>) {
    children += 1;
    return child.apply(this, args);
  } as typeof child;
  return { logger: logger as unknown as FastifyBaseLogger, lines, children: () => children };
}

const make = (parent: FastifyBaseLogger, options = {}) =>
  lazyChildLoggerFactory.call(null as never, parent, { reqId: 'req-1' }, options, undefined as never);

describe('the lazy request logger', () => {
  it('makes no child for a line below the level, and writes nothing', () => {
    const parent = parentLogger('info');
    const log = make(parent.logger);
    log.debug({ route: '/x' }, 'request completed');
    log.trace('nothing');
    expect(parent.children()).toBe(0);
    expect(parent.lines).toEqual([]);
    expect(log.level).toBe('info');
  });

  it('writes a line at an enabled level with the request bindings, through one child', () => {
    const parent = parentLogger('info');
    const log = make(parent.logger);
    log.info({ status: 200 }, 'request completed');
    log.warn('second');
    expect(parent.children()).toBe(1);
    expect(parent.lines).toMatchObject([
      { reqId: 'req-1', status: 200, msg: 'request completed', level: 30 },
      { reqId: 'req-1', msg: 'second', level: 40 },
    ]);
  });

  it('makes its child at once when the route sets a level of its own', () => {
    const parent = parentLogger('info');
    const log = make(parent.logger, { level: 'debug' });
    expect(parent.children()).toBe(1);
    log.debug('shown');
    expect(parent.lines).toMatchObject([{ reqId: 'req-1', msg: 'shown' }]);
  });

  it('hands out grandchildren bound to both', () => {
    const parent = parentLogger('info');
    make(parent.logger).child({ component: 'audit' }).info('line');
    expect(parent.lines).toMatchObject([{ reqId: 'req-1', component: 'audit', msg: 'line' }]);
  });
});
