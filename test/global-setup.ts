// Finds a Redis for the whole run: REDIS_URL (default redis://127.0.0.1:6379) if it answers,
// else a throw-away redis-server on a free port; otherwise fails with a message saying how to get one.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
    /** The Houston line the suite's emulator plays (the matrix projects of vitest.config.ts). */
    houstonVersion?: string;
  }
}

const DEFAULT_URL = 'redis://127.0.0.1:6379';

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1500, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function startRedisServer(): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('spawn', () => resolve());
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answers(url)) return { url, child };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error(`redis-server started on port ${port} but never answered PING`);
}

export default async function setup(project: TestProject): Promise<() => void> {
  const wanted = process.env.REDIS_URL ?? DEFAULT_URL;
  if (await answers(wanted)) {
    project.provide('redisUrl', wanted);
    return () => {};
  }
  let started: { url: string; child: ChildProcess };
  try {
    started = await startRedisServer();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `The test suite needs Redis. Nothing answered at ${wanted} and no redis-server could be started (${reason}).\n` +
        'Start one (e.g. `redis-server --port 6379`, `docker run -p 6379:6379 redis:7`, or `apt-get install redis-server`), ' +
        'or set REDIS_URL to a Redis the tests may use.',
      { cause: error },
    );
  }
  project.provide('redisUrl', started.url);
  return () => {
    started.child.kill();
  };
}
