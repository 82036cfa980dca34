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
