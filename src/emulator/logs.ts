// Deployment log lines: what the `logs` query reads and the `log` subscription follows. Lines
// come from `emulator.logs.emit` (and the demo seed); each deployment keeps its newest
// MAX_LINES_PER_DEPLOYMENT, so a test or a sandbox emitting without end stays bounded.
import type { EmulatorLogs } from './api.js';
import { newId } from './ids.js';
import type { Store } from './store.js';

export const LOG_COMPONENTS = ['scheduler', 'webserver', 'worker', 'triggerer'] as const;

/** Per deployment; older lines are forgotten first. */
export const MAX_LINES_PER_DEPLOYMENT = 10_000;

/** Graphql-js's default resolvers read DeploymentLog's fields straight off this record. */
export interface LogLineRecord {
  id: string;
  deploymentId: string;
  /** ISO 8601 (DeploymentLog.timestamp is a String in Houston's schema). */
  timestamp: string;
  release: string | null;
  component: string;
  level: string;
  message: string;
}

/** The arguments of `logs` and `log`; absent or empty means "no filter". */
export interface LogFilters {
  deploymentId: string;
  component?: string | null;
  /** Lines at or after this instant. */
  since?: Date | null;
  /** A substring of the message. */
  search?: string | null;
}

export function matchesFilters(line: LogLineRecord, filters: LogFilters): boolean {
  if (line.deploymentId !== filters.deploymentId) return false;
  if (filters.component && line.component !== filters.component) return false;
  if (filters.since && Date.parse(line.timestamp) < filters.since.getTime()) return false;
  return !filters.search || line.message.includes(filters.search);
}

/**
 * An async iterator fed by pushes, as graphql-js's `subscribe` wants from a subscription's source.
 * `return()` (graphql-js calls it when the operation stops) runs `onDone` once.
 */
function pushIterator<T>(onDone: () => void): { push: (value: T) => void; iterator: AsyncIterableIterator<T> } {
  const queue: T[] = [];
  const waiting: ((result: IteratorResult<T>) => void)[] = [];
  let done = false;
  const finish = (): Promise<IteratorResult<T>> => {
    if (!done) {
      done = true;
      queue.length = 0;
      for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
      onDone();
    }
    return Promise.resolve({ value: undefined, done: true });
  };
  const iterator: AsyncIterableIterator<T> = {
    next() {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift()!, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => waiting.push(resolve));
    },
    return: finish,
    throw: (error?: unknown) => finish().then(() => Promise.reject(error instanceof Error ? error : new Error(String(error)))),
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  const push = (value: T) => {
    if (done) return;
    const resolve = waiting.shift();
    if (resolve) resolve({ value, done: false });
    else queue.push(value);
  };
  return { push, iterator };
}

export class LogStore {
  private readonly lines = new Map<string, LogLineRecord[]>();
  private readonly followers = new Set<{ filters: LogFilters; push(line: LogLineRecord): void }>();

  /** Stores a line and hands it to every follower whose filters it matches. */
  add(input: Omit<LogLineRecord, 'id'> & { id?: string }): LogLineRecord {
    const line: LogLineRecord = { ...input, id: input.id ?? newId() };
    let list = this.lines.get(line.deploymentId);
    if (!list) this.lines.set(line.deploymentId, (list = []));
    list.push(line);
    if (list.length > MAX_LINES_PER_DEPLOYMENT) list.splice(0, list.length - MAX_LINES_PER_DEPLOYMENT);
    for (const follower of this.followers) if (matchesFilters(line, follower.filters)) follower.push(line);
    return line;
  }

  /** Matching lines, oldest first (by timestamp; lines of one instant in the order they came). */
  query(filters: LogFilters): LogLineRecord[] {
    const list = this.lines.get(filters.deploymentId) ?? [];
    return list.filter((line) => matchesFilters(line, filters)).sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  }

  /** New matching lines as they are added, until the iterator is returned. */
  follow(filters: LogFilters): AsyncIterableIterator<LogLineRecord> {
    const follower = { filters, push: (_line: LogLineRecord) => {} };
    const { push, iterator } = pushIterator<LogLineRecord>(() => this.followers.delete(follower));
    follower.push = push;
    this.followers.add(follower);
    return iterator;
  }

  /** Followers right now (each live `log` subscription is one). */
  get following(): number {
    return this.followers.size;
  }

  forget(deploymentId: string): void {
    this.lines.delete(deploymentId);
  }
}

/** The programmatic face of the log store (`emulator.logs`). */
export function emulatorLogs(store: Store): EmulatorLogs {
  return {
    emit(input) {
      const deployment = store.deployments.get(input.deploymentId);
      if (!deployment) throw new Error(`no deployment ${input.deploymentId}`);
      const timestamp = input.timestamp === undefined ? new Date() : new Date(input.timestamp);
      if (Number.isNaN(timestamp.getTime())) throw new Error(`not a timestamp: ${String(input.timestamp)}`);
      const line = store.logs.add({
        deploymentId: deployment.id,
        timestamp: timestamp.toISOString(),
        release: deployment.releaseName,
        component: input.component,
        level: input.level ?? 'INFO',
        message: input.message,
      });
      return { id: line.id, timestamp: line.timestamp };
    },
    openSubscriptions: () => store.logs.following,
  };
}

const DEMO_LINES: Record<(typeof LOG_COMPONENTS)[number], string[]> = {
  scheduler: ['Starting the scheduler', 'Processing each file at most -1 times', 'Adopting or resetting orphaned tasks'],
  webserver: ['Starting gunicorn 21.2.0', 'Listening at: http://0.0.0.0:8080', 'GET /health 200'],
  worker: ['Connected to redis://redis:6379/0', 'celery@worker-0 ready.', 'Task example_dag.hello succeeded'],
  triggerer: ['Starting the triggerer', '0 triggers currently running', 'Triggerer heartbeat'],
};

/** A few lines per component for the demo deployment, stamped in the seconds before `now`. */
export function seedDemoLogs(store: Store, deploymentId: string, releaseName: string, now: Date): void {
  for (const component of LOG_COMPONENTS) {
    const messages = DEMO_LINES[component];
    messages.forEach((message, index) => {
      const timestamp = new Date(now.getTime() - (messages.length - index) * 1000).toISOString();
      store.logs.add({ deploymentId, timestamp, release: releaseName, component, level: 'INFO', message: `[${releaseName}] ${message}` });
    });
  }
}
