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
