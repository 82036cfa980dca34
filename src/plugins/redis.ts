// Decorates the app with the shared Redis connection (or null without REDIS_URL) and logs its
// state changes once each, not once per failed command.
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { closeRedis, type RedisClient } from '../redis.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared Redis connection; null when the gateway runs without Redis. */
    redis: RedisClient | null;
  }
}

export interface RedisPluginOptions {
  redis: RedisClient | null;
  /** Close the connection with the app (true when the app opened it). */
  owned: boolean;
}

async function redisPlugin(app: FastifyInstance, { redis, owned }: RedisPluginOptions) {
  app.decorate<RedisClient | null>('redis', redis);
  if (!redis) return;
  let down = false;
  let closed = false;
  const onError = (error: Error) => {
    if (down || closed) return;
    down = true;
    // The message of a connection error names host and port, never the password in the URL.
    app.log.warn({ err: { message: error.message } }, 'Redis is unreachable; retrying in the background');
  };
  const onReady = () => {
    if (down) app.log.info('Redis is reachable again');
    down = false;
  };
  redis.on('error', onError);
  redis.on('ready', onReady);
  app.addHook('onClose', async () => {
    // The error listener stays: a request whose client hung up may still be running and meet the
    // closing connection (EPIPE), and an error event without a listener is printed as unhandled.
    closed = true;
    redis.off('ready', onReady);
    if (owned) await closeRedis(redis);
  });
}

export default fp(redisPlugin, { name: 'redis', fastify: '5.x' });
