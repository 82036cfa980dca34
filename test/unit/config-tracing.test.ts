import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const tracingOf = (env: Record<string, string>) => loadConfig(env).tracing;

describe('the tracing switch (OTEL_* variables)', () => {
  it('is off when nothing names an exporter or an endpoint', () => {
    expect(tracingOf({})).toEqual({ enabled: false, serviceName: 'houston-gateway' });
    expect(tracingOf({ OTEL_SERVICE_NAME: 'gw', OTEL_TRACES_SAMPLER: 'always_on', OTEL_TRACES_EXPORTER: ' ' }).enabled).toBe(false);
  });

  it('is on when an exporter or an OTLP endpoint is named', () => {
    expect(tracingOf({ OTEL_TRACES_EXPORTER: 'otlp' }).enabled).toBe(true);
    expect(tracingOf({ OTEL_TRACES_EXPORTER: 'console, otlp' }).enabled).toBe(true);
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).enabled).toBe(true);
    expect(tracingOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'https://collector/v1/traces' }).enabled).toBe(true);
  });

  it('stays off with OTEL_SDK_DISABLED=true or an exporter list holding none', () => {
    expect(tracingOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'TRUE' }).enabled).toBe(false);
    expect(tracingOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_TRACES_EXPORTER: 'none' }).enabled).toBe(false);
    expect(tracingOf({ OTEL_TRACES_EXPORTER: 'otlp', OTEL_SDK_DISABLED: 'false' }).enabled).toBe(true);
  });

  it('reports OTEL_SERVICE_NAME, else leaves service.name to OTEL_RESOURCE_ATTRIBUTES, else houston-gateway', () => {
    expect(tracingOf({ OTEL_SERVICE_NAME: 'gw-eu' }).serviceName).toBe('gw-eu');
    expect(tracingOf({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod, service.name=gw-us' }).serviceName).toBeUndefined();
    expect(tracingOf({ OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment=prod' }).serviceName).toBe('houston-gateway');
  });

  it('refuses values the SDK would ignore or read as false, naming each variable', () => {
    let error: unknown;
    try {
      loadConfig({
        OTEL_SDK_DISABLED: 'yes',
        OTEL_TRACES_EXPORTER: 'jaeger',
        OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http',
        OTEL_TRACES_SAMPLER: 'ratio',
        OTEL_TRACES_SAMPLER_ARG: '2',
        OTEL_PROPAGATORS: 'w3c',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['OTEL_SDK_DISABLED', 'OTEL_TRACES_EXPORTER', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_PROPAGATORS']) {
      expect(problems).toContain(name);
    }
  });
});
