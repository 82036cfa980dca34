import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.host).toBe('127.0.0.1');
    expect(config.logLevel).toBe('info');
    expect(config.houston.policy.timeoutMs).toBe(10_000);
    expect(config.emulator.port).toBe(8871);
    expect(config.redis.url).toBeUndefined();
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ HOUSTON_URL: '', REDIS_URL: '  ' }).houston.url).toBeUndefined();
  });

  it('names every bad variable in one error without echoing values', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', HOUSTON_URL: 'ftp://x', SANDBOX_API_KEY: 'short secret', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'HOUSTON_URL', 'SANDBOX_API_KEY', 'LOG_LEVEL']) expect(problems).toContain(name);
    expect((error as ConfigError).message).not.toContain('short secret');
  });

  it('accepts a sandbox key of 24 or more URL-safe characters as given', () => {
    const key = 'abcdefghijklmnopqrstuvwx_-12';
    expect(loadConfig({ SANDBOX_API_KEY: key }).sandboxApiKey).toBe(key);
  });

  describe('PUBLIC_URL (the OpenAPI document\'s server)', () => {
    it('defaults to the listen address, a wildcard HOST as localhost and an IPv6 one in brackets', () => {
      expect(loadConfig({}).publicUrl).toBe('http://127.0.0.1:8080');
      expect(loadConfig({ HOST: '0.0.0.0', PORT: '9090' }).publicUrl).toBe('http://localhost:9090');
      expect(loadConfig({ HOST: '::' }).publicUrl).toBe('http://localhost:8080');
      expect(loadConfig({ HOST: '::1' }).publicUrl).toBe('http://[::1]:8080');
    });

    it('takes an http(s) URL, path included, without its trailing slash', () => {
      expect(loadConfig({ PUBLIC_URL: 'https://gw.example.com/houston/' }).publicUrl).toBe('https://gw.example.com/houston');
      expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:8080' }).publicUrl).toBe('http://10.0.0.5:8080');
    });

    it.each(['gw.example.com', 'ftp://gw.example.com', 'javascript:alert(1)', 'https://gw.example.com/?x=1', 'https://gw.example.com/#top'])(
      'refuses %s',
      (value) => {
        expect(() => loadConfig({ PUBLIC_URL: value })).toThrow(/PUBLIC_URL: must be an http\(s\) URL/);
      },
    );
  });
});

describe('CORS_ORIGINS, OPS_*, LOG_FORMAT', () => {
  const problemsOf = (env: Record<string, string>): string => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems.join('\n');
      throw error;
    }
    return '';
  };

  it('leave everything as it was when unset', () => {
    const config = loadConfig({});
    expect(config.cors.origins).toEqual([]);
    expect(config.ops).toBeUndefined();
    expect(config.logFormat).toBe('json');
  });

  it('take exact origins, comma-separated', () => {
    expect(loadConfig({ CORS_ORIGINS: 'https://portal.example.com, http://localhost:5173' }).cors.origins).toEqual([
      'https://portal.example.com',
      'http://localhost:5173',
    ]);
    for (const bad of ['*', 'portal.example.com', 'https://portal.example.com/', 'https://portal.example.com/app', 'null', 'ftp://x.example.com']) {
      expect(problemsOf({ CORS_ORIGINS: `https://ok.example.com,${bad}` }), bad).toContain('CORS_ORIGINS');
    }
  });

  it('give the ops listener the gateway host and /metrics only by default', () => {
    expect(loadConfig({ HOST: '0.0.0.0', OPS_PORT: '9090' }).ops).toEqual({ port: 9090, host: '0.0.0.0', routes: ['metrics'] });
    expect(loadConfig({ OPS_PORT: '9090', OPS_HOST: '127.0.0.1', OPS_ROUTES: 'metrics, docs,admin' }).ops).toEqual({
      port: 9090,
      host: '127.0.0.1',
      routes: ['metrics', 'docs', 'admin'],
    });
  });

  it('refuse an unknown route group, OPS_ROUTES without OPS_PORT, and the public port twice', () => {
    expect(problemsOf({ OPS_PORT: '9090', OPS_ROUTES: 'metrics,keys' })).toContain('OPS_ROUTES');
    expect(problemsOf({ OPS_ROUTES: 'admin' })).toContain('OPS_PORT');
    expect(problemsOf({ PORT: '9090', OPS_PORT: '9090' })).toContain('OPS_PORT: must differ from PORT');
    expect(problemsOf({ LOG_FORMAT: 'xml' })).toContain('LOG_FORMAT');
  });
});

describe('one message for every configuration problem', () => {
  const problemsOf = (env: Record<string, string>, command?: 'start' | 'keys'): string[] => {
    try {
      loadConfig(env, command ? { command } : {});
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('runs the cross-field and command checks on the variables that parsed, beside the bad ones', () => {
    const problems = problemsOf(
      { PORT: 'eighty', REDIS_URL: 'http://redis.example.com', OPS_HOST: '10.0.0.1', HOUSTON_API_KEY: 'k', REDIS_SENTINEL_NAME: 'mymaster' },
      'start',
    );
    expect(problems.map((problem) => problem.split(':')[0])).toEqual(['PORT', 'REDIS_URL', 'OPS_HOST, OPS_ROUTES', 'HOUSTON_URL', 'CALLER_KEY_SECRET']);
    // REDIS_URL failed, so the Redis combination is not judged (REDIS_SENTINEL_NAME would be "only with REDIS_SENTINELS").
    expect(problems.join('\n')).not.toContain('REDIS_SENTINEL_NAME');
  });

  it('does not call a variable missing when it is set but malformed', () => {
    const problems = problemsOf({ HOUSTON_URL: 'ftp://houston', CALLER_KEY_SECRET: 'short', API_KEYS_FILE: '/k.json', HOUSTON_API_KEY: 'k' }, 'start');
    expect(problems).toEqual(['HOUSTON_URL: Invalid URL', 'CALLER_KEY_SECRET: must be at least 32 characters']);
  });

  it('asks of keys only what caller keys need, and of other commands nothing', () => {
    expect(problemsOf({}, 'keys').map((problem) => problem.split(':')[0])).toEqual(['CALLER_KEY_SECRET', 'REDIS_URL (or REDIS_CLUSTER_NODES, REDIS_SENTINELS) or API_KEYS_FILE']);
    expect(problemsOf({})).toEqual([]);
  });
});
