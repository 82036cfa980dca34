import { describe, expect, it } from 'vitest';
import {
  toDeployment,
  toDeploymentUser,
  toEnvironmentVariable,
  toIsoTimestamp,
  toPlatform,
  toWorkspaceUser,
} from '../../src/houston/mappers.js';

describe('Houston → REST mappers', () => {
  it('maps a deployment, flattening workspace and dropping incomplete urls', () => {
    const deployment = toDeployment({
      id: 'd1',
      label: 'etl',
      releaseName: 'mathematical-probe-2087',
      workspace: { id: 'w1' },
      executor: 'CeleryExecutor',
      runtimeVersion: '',
      airflowVersion: '2.7.3',
      urls: [{ type: 'airflow', url: 'https://x/airflow' }, { type: 'flower', url: null }, null],
      createdAt: '2026-01-02T03:04:05.000Z',
    });
    expect(deployment).toMatchObject({
      id: 'd1',
      workspaceId: 'w1',
      runtimeVersion: null,
      airflowVersion: '2.7.3',
      urls: [{ type: 'airflow', url: 'https://x/airflow' }],
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: null,
      description: null,
    });
  });

  it('turns epoch-millisecond timestamps into ISO strings and rejects garbage', () => {
    expect(toIsoTimestamp('1700000000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(toIsoTimestamp('not a date')).toBeNull();
    expect(toIsoTimestamp(null)).toBeNull();
  });

  it('never returns a secret value, even if Houston sent one', () => {
    expect(toEnvironmentVariable({ key: 'TOKEN', value: 's3cr3t', isSecret: true })).toEqual({
      key: 'TOKEN',
      value: null,
      isSecret: true,
    });
    expect(toEnvironmentVariable({ key: 'MODE', value: 'prod', isSecret: false }).value).toBe('prod');
  });

  it("picks the user's role on the given workspace or deployment only", () => {
    const raw = {
      id: 'u1',
      emails: [{ address: 'ana@example.com' }],
      roleBindings: [
        { role: 'WORKSPACE_VIEWER', workspace: { id: 'other' } },
        { role: 'WORKSPACE_EDITOR', workspace: { id: 'w1' } },
        { role: 'DEPLOYMENT_ADMIN', deployment: { id: 'd1' } },
      ],
    };
    expect(toWorkspaceUser(raw, 'w1').role).toBe('WORKSPACE_EDITOR');
    expect(toWorkspaceUser(raw, 'w2').role).toBeNull();
    expect(toDeploymentUser(raw, 'd1')).toMatchObject({ role: 'DEPLOYMENT_ADMIN', emails: ['ana@example.com'] });
  });

  it('merges top-level platform flags under featureFlags, which win', () => {
    const platform = toPlatform({
      version: '0.35.3',
      baseDomain: 'example.com',
      hardDeleteDeployment: true,
      triggererEnabled: false,
      featureFlags: { triggererEnabled: true, astroRuntimeEnabled: true, notABool: 'x' },
    });
    expect(platform.features).toEqual({ triggererEnabled: true, astroRuntimeEnabled: true, hardDeleteDeployment: true });
  });
});
