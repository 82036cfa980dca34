// Bounds a promise in time: a dependency that hangs (Redis, a store) must fail a request's step,
// never hold the request.
export class DeadlineExceeded extends Error {
  constructor(what: string, ms: number) {
    super(`${what}: no answer within ${ms} ms`);
    this.name = 'DeadlineExceeded';
  }
}

export function withDeadline<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      // The timer may fire in the same loop turn as the answer arrives, but before its I/O callback
      // ran (a busy loop runs timers first): giving up only after the next I/O phase keeps a
      // lagging loop from failing answers that came in time.
      timer = setTimeout(() => setImmediate(() => reject(new DeadlineExceeded(what, ms))), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
