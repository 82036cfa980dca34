// The Redis topology variables: one server, a Cluster or Sentinel, one at a time, with clear
// messages for every wrong combination and no value echoed.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { describeTopology } from '../../src/redis.js';

const problemsOf = (env: Record<string, string>): string[] => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('Redis topology configuration', () => {
  it('reads one server from REDIS_URL, and describes it without the password', () => {
    const { redis } = loadConfig({ REDIS_URL: 'rediss://app:s3cret-pass@redis.example.com:6380' });
    expect(redis.topology).toEqual({ kind: 'server', url: 'rediss://app:s3cret-pass@redis.example.com:6380' });
    expect(describeTopology(redis.topology!)).toBe('server rediss://redis.example.com:6380');
  });

  it('reads a Cluster from REDIS_CLUSTER_NODES, with IPv6 nodes and data-node credentials', () => {
    const { redis } = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, [fd00::2]:7001,redis-2.internal:7002', REDIS_PASSWORD: 'pw', REDIS_TLS: 'true' });
    expect(redis.topology).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: 'fd00::2', port: 7001 },
        { host: 'redis-2.internal', port: 7002 },
      ],
      username: undefined,
      password: 'pw',
      tls: true,
    });
    expect(redis.url).toBeUndefined();
    expect(describeTopology(redis.topology!)).not.toContain('pw');
  });

  it('reads Sentinel from REDIS_SENTINELS and REDIS_SENTINEL_NAME', () => {
    const { redis } = loadConfig({ REDIS_SENTINELS: 's1:26379,s2:26379', REDIS_SENTINEL_NAME: 'hgw-primary', REDIS_SENTINEL_PASSWORD: 'spw' });
    expect(redis.topology).toMatchObject({ kind: 'sentinel', name: 'hgw-primary', sentinelPassword: 'spw', sentinels: [{ host: 's1', port: 26379 }, { host: 's2', port: 26379 }] });
    expect(describeTopology(redis.topology!)).toBe('sentinel "hgw-primary" (s1:26379, s2:26379)');
  });

  it('has no topology without any of them', () => {
    expect(loadConfig({}).redis.topology).toBeUndefined();
  });

  it('refuses two topologies at once, a Sentinel setup without a name, and stray settings', () => {
    expect(problemsOf({ REDIS_URL: 'redis://a:6379', REDIS_CLUSTER_NODES: 'b:7000' })).toEqual([
      'REDIS_URL, REDIS_CLUSTER_NODES: set only one of them (one server, a Cluster, or Sentinel)',
    ]);
    expect(problemsOf({ REDIS_SENTINELS: 's1:26379' })[0]).toMatch(/^REDIS_SENTINEL_NAME: required with REDIS_SENTINELS/);
    expect(problemsOf({ REDIS_URL: 'redis://a:6379', REDIS_PASSWORD: 'secret-value' })[0]).toMatch(/put them in the URL/);
    expect(problemsOf({ REDIS_SENTINEL_NAME: 'x' })[0]).toMatch(/only used with REDIS_SENTINELS/);
  });

  it('refuses a node that is not host:port, naming it, and never echoes a password', () => {
    const problems = problemsOf({ REDIS_CLUSTER_NODES: '10.0.0.1:7000,not-a-node,10.0.0.2:99999', REDIS_PASSWORD: 'hunter2-secret' });
    expect(problems.join('\n')).toMatch(/REDIS_CLUSTER_NODES: "not-a-node" is not host:port/);
    expect(problems.join('\n')).not.toContain('hunter2-secret');
  });

  it('refuses braces in REDIS_KEY_PREFIX: the gateway places its own hash tags', () => {
    expect(problemsOf({ REDIS_KEY_PREFIX: '{hgw}:' })[0]).toMatch(/^REDIS_KEY_PREFIX: /);
  });
});
