import { describe, expect, it } from 'vitest';
import { dagDeploymentFrom, envVarsFrom, initialVersions, tagOf } from '../../../src/emulator/deployment-input.js';

describe('envVarsFrom', () => {
  it('keeps a stored secret when it is sent back without a value', () => {
    const previous = [{ key: 'TOKEN', value: 's3cret', isSecret: true }];
    expect(envVarsFrom([{ key: 'TOKEN', value: null, isSecret: true }], previous)).toEqual(previous);
  });

  it('rejects variables Houston sets itself, with its message', () => {
    expect(() => envVarsFrom([{ key: 'AIRFLOW__CORE__EXECUTOR', value: 'x' }], [])).toThrow(
      'AIRFLOW__CORE__EXECUTOR is set automatically and cannot be overridden',
    );
  });

  it('rejects duplicate and malformed keys', () => {
    expect(() => envVarsFrom([{ key: 'A' }, { key: 'A' }], [])).toThrow(/Duplicate/);
    expect(() => envVarsFrom([{ key: '1BAD' }], [])).toThrow(/Invalid environment variable key/);
  });
});

describe('initialVersions', () => {
  it('defaults to the newest Runtime and reports its Airflow version', () => {
    const versions = initialVersions(null, null);
    expect(versions.runtimeVersion).toBeTruthy();
    expect(versions.airflowVersion).toBeTruthy();
  });

  it('makes an Astronomer Certified deployment when only airflowVersion is given', () => {
    expect(initialVersions('', '2.4.3')).toEqual({ runtimeVersion: null, airflowVersion: '2.4.3' });
  });

  it('rejects unknown Runtime versions', () => {
    expect(() => initialVersions('99.0.0', null)).toThrow('Invalid runtime version 99.0.0');
  });
});

describe('dagDeploymentFrom', () => {
  it('treats {} as no change and prefixes NFS locations', () => {
    expect(dagDeploymentFrom({})).toBeUndefined();
    expect(dagDeploymentFrom({ type: 'volume', nfsLocation: '10.0.0.1:/dags' })?.nfsLocation).toBe('nfs://10.0.0.1:/dags');
  });

  it('defaults the git-sync interval to 60 seconds', () => {
    expect(dagDeploymentFrom({ type: 'git_sync', repositoryUrl: 'git@example.com:dags.git' })?.syncInterval).toBe(60);
  });
});

describe('tagOf', () => {
  it('reads the tag of a registry image, ignoring a registry port', () => {
    expect(tagOf('registry.example.com:5000/probe-2087/airflow:cli-3')).toBe('cli-3');
    expect(tagOf('registry.example.com:5000/probe-2087/airflow')).toBe('latest');
  });
});
