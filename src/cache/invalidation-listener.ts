// Listens for the cache's invalidation messages (redis-store.ts publishes one per bump) and keeps
// the near cache honest: it forgets what a message names, and trusts nothing while the listening
// connection, or the data connection, is not known to be up (near-cache.ts).
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import type { RedisClient } from '../redis.js';
import type { NearCache } from './near-cache.js';

export interface InvalidationListener {
  close(): Promise<void>;
}

export function listenForInvalidations(redis: RedisClient, channel: string, near: NearCache, log: FastifyBaseLogger): InvalidationListener {
  // A connection of its own (a subscribed connection takes no other commands). Subscribing again
  // is done here on every 'ready', and trust given only once Redis has confirmed it: ioredis's own
  // resubscription says 'ready' before the subscription is in place.
  const subscriber: RedisClient = redis instanceof Redis ? redis.duplicate({ autoResubscribe: false, enableAutoPipelining: false }) : redis.duplicate();
  let closed = false;
  /** Counts connections: a confirmation for an earlier one does not make a later one trusted. */
  let connection = 0;

  const onMessage = (from: string | Buffer, message: string | Buffer) => {
    if (String(from) !== channel) return;
    near.forget(String(message).split('\n'));
  };
  const distrust = () => {
    connection += 1;
    near.setLive(false);
  };
  const subscribe = () => {
    const current = ++connection;
    subscriber.subscribe(channel).then(
      () => {
        if (!closed && current === connection && redis.status === 'ready') near.setLive(true);
      },
      (error: Error) => {
        // Not trusted until the next 'ready'; every read goes to Redis meanwhile.
        log.warn({ err: { message: error.message } }, 'response cache: cannot listen for invalidations; the near cache is off until Redis answers');
      },
    );
  };

  subscriber.on('message', onMessage);
  subscriber.on('ready', subscribe);
  subscriber.on('close', distrust);
  subscriber.on('end', distrust);
  // A data connection lost may have missed nothing on the channel, but a reconnection can also be
  // a failover to a replica that lacks the last bumps: start from nothing either way.
  const onDataReady = () => {
    if (subscriber.status === 'ready') subscribe();
  };
  redis.on('close', distrust);
  redis.on('ready', onDataReady);
  // Connection errors are followed by 'close'; ioredis would print them without a listener.
  subscriber.on('error', () => {});
  if (subscriber.status === 'ready') subscribe();

  return {
    async close() {
      closed = true;
      near.setLive(false);
      redis.off('close', distrust);
      redis.off('ready', onDataReady);
      subscriber.disconnect();
    },
  };
}
