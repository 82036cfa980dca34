import { describe, expect, it } from 'vitest';
import { routeGroupOf } from '../../src/plugins/ops-listener.js';
import { credentialFreeUrl } from '../../src/plugins/startup-summary.js';

describe('routeGroupOf', () => {
  it('sorts route templates into the groups OPS_ROUTES names', () => {
    expect(routeGroupOf('/healthz')).toBe('probe');
    expect(routeGroupOf('/readyz')).toBe('probe');
    expect(routeGroupOf('/metrics')).toBe('metrics');
    for (const url of ['/docs', '/docs/', '/docs/static/*', '/docs/json', '/openapi.json']) expect(routeGroupOf(url), url).toBe('docs');
    for (const url of ['/admin/keys', '/admin/keys/:id']) expect(routeGroupOf(url), url).toBe('admin');
    for (const url of ['/workspaces', '/deployments/:deploymentId', '*', '/metricsx', '/administrators']) expect(routeGroupOf(url), url).toBe('api');
  });
});

describe('credentialFreeUrl', () => {
  it('drops user, password, query and fragment', () => {
    expect(credentialFreeUrl('https://user:p4ss@houston.example.com/v1?token=t#x')).toBe('https://houston.example.com/v1');
    expect(credentialFreeUrl('redis://:p4ss@redis:6379/2')).toBe('redis://redis:6379/2');
    expect(credentialFreeUrl('not a url p4ss')).toBe('[unparsable]');
  });
});
