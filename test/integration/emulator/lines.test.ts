// One Houston line at a time, over HTTP: each emulator reports its version and refuses the fields
// and arguments of other lines with graphql-js's own validation error (HTTP 400), as a real server
// of that line does, while accepting them on the other side of each cut (VERSIONS §5).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { HoustonEmulator } from '../../../src/emulator/api.js';
import { createEmulator } from '../../../src/emulator/index.js';
import { gql, type GqlResult } from '../../helpers/emulator-client.js';

const VERSIONS = ['0.25.0', '0.28.0', '0.35.0', '0.37.7', '1.0.0', '1.1.7', '2.0.1', '2.1.0'] as const;
type Version = (typeof VERSIONS)[number];

const emulators = new Map<Version, HoustonEmulator>();

beforeAll(async () => {
  for (const version of VERSIONS) emulators.set(version, await createEmulator({ port: 0, houstonVersion: version }));
});

afterAll(async () => {
  await Promise.all([...emulators.values()].map((emulator) => emulator.close()));
});

function emulatorFor(version: Version): HoustonEmulator {
  const emulator = emulators.get(version);
  if (!emulator) throw new Error(`no emulator for ${version}`);
  return emulator;
}

const UNKNOWN = 'ckunknown0000000000000000';

interface Cut {
  what: string;
  query: string;
  /** graphql-js's message; "Did you mean …?" suggestions may follow it. */
  message: string;
  refusedOn: readonly Version[];
}

const deploymentField = (field: string) => `query { deployment(where: {id: "${UNKNOWN}"}) { id ${field} } }`;

const CUTS: Cut[] = [
  {
    what: 'Deployment.runtimeVersion (from 0.29)',
    query: deploymentField('runtimeVersion'),
    message: 'Cannot query field "runtimeVersion" on type "Deployment".',
    refusedOn: ['0.25.0', '0.28.0'],
  },
  {
    what: 'Deployment.clusterId (from 1.0)',
    query: deploymentField('clusterId'),
    message: 'Cannot query field "clusterId" on type "Deployment".',
    refusedOn: ['0.25.0', '0.28.0', '0.35.0', '0.37.7'],
  },
  {
    what: 'Deployment.airflowVersion (until 1.0.1)',
    query: deploymentField('airflowVersion'),
    message: 'Cannot query field "airflowVersion" on type "Deployment".',
    refusedOn: ['1.1.7', '2.0.1', '2.1.0'],
  },
  {
    what: 'Deployment.mode (from 2.1)',
    query: deploymentField('mode'),
    message: 'Cannot query field "mode" on type "Deployment".',
    refusedOn: ['0.25.0', '0.28.0', '0.35.0', '0.37.7', '1.0.0', '1.1.7', '2.0.1'],
  },
  {
    what: 'upsertDeployment(clusterId) (from 1.0)',
    query: `mutation { upsertDeployment(deploymentUuid: "${UNKNOWN}", clusterId: "${UNKNOWN}") { id } }`,
    message: 'Unknown argument "clusterId" on field "Mutation.upsertDeployment".',
    refusedOn: ['0.25.0', '0.28.0', '0.35.0', '0.37.7'],
  },
  {
    what: 'upsertDeployment(mode) (from 2.1)',
    query: `mutation { upsertDeployment(deploymentUuid: "${UNKNOWN}", mode: operator) { id } }`,
    message: 'Unknown argument "mode" on field "Mutation.upsertDeployment".',
    refusedOn: ['0.25.0', '0.28.0', '0.35.0', '0.37.7', '1.0.0', '1.1.7', '2.0.1'],
  },
  {
    what: 'createDeployment (until 1.0)',
    query: `mutation { createDeployment(workspaceUuid: "${UNKNOWN}", label: "x") { id } }`,
    message: 'Cannot query field "createDeployment" on type "Mutation".',
    refusedOn: ['1.0.0', '1.1.7', '2.0.1', '2.1.0'],
  },
  {
    what: 'AppConfig.triggererEnabled (0.28 until 2.0)',
    query: 'query { appConfig { triggererEnabled } }',
    message: 'Cannot query field "triggererEnabled" on type "AppConfig".',
    refusedOn: ['0.25.0', '2.0.1', '2.1.0'],
  },
];

function expectValidationError(result: GqlResult, message: string): void {
  expect(result.status, JSON.stringify(result.body)).toBe(400);
  expect(result.body).not.toHaveProperty('data');
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(result.body.errors?.[0]?.message).toMatch(new RegExp(`^${escaped}( Did you mean .+\\?)?$`));
  expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
}

describe.each(VERSIONS)('an emulator playing Houston %s', (version) => {
  it('reports that version in appConfig', async () => {
    const result = await gql(emulatorFor(version), null, 'query AppConfig { appConfig { version } }');
    expect(result.body).toEqual({ data: { appConfig: { version } } });
  });

  it.each(CUTS)('answers $what as its line does', async ({ query, message, refusedOn }) => {
    const emulator = emulatorFor(version);
    const result = await gql(emulator, emulator.adminKey, query);
    if (refusedOn.includes(version)) {
      expectValidationError(result, message);
    } else {
      expect(result.status, JSON.stringify(result.body)).toBe(200);
      expect(result.body.errors?.map((error) => error.extensions?.code) ?? []).not.toContain('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('seeds clusters from 1.0 only, two by default', () => {
    const clusters = emulatorFor(version).clusters;
    if (version.startsWith('0.')) expect(clusters).toEqual([]);
    else expect(clusters.map((cluster) => cluster.name)).toEqual(['primary', 'edge']);
  });
});
