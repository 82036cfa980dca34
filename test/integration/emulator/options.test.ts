// createEmulator's line options: houstonVersion (and its old name platformVersion), reportedVersion,
// and introspection: false answered the way Apollo Server answers with introspection off.
import { describe, it, expect, afterEach } from 'vitest';
import type { EmulatorOptions, HoustonEmulator } from '../../../src/emulator/api.js';
import { createEmulator, NEWEST_HOUSTON_VERSION } from '../../../src/emulator/index.js';
import { dataOf, gql } from '../../helpers/emulator-client.js';

const APOLLO_NO_INTROSPECTION =
  'GraphQL introspection is not allowed by Apollo Server, but the query contained __schema or __type. To enable introspection, pass introspection: true to ApolloServer in production';

const started: HoustonEmulator[] = [];

async function start(options: EmulatorOptions = {}): Promise<HoustonEmulator> {
  const emulator = await createEmulator({ port: 0, ...options });
  started.push(emulator);
  return emulator;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((emulator) => emulator.close()));
});

const version = async (emulator: HoustonEmulator): Promise<unknown> =>
  dataOf(await gql(emulator, null, 'query { appConfig { version } }')).appConfig.version;

describe('houstonVersion', () => {
  it('defaults to the newest line', async () => {
    const emulator = await start();
    expect(emulator.houstonVersion).toBe(NEWEST_HOUSTON_VERSION);
    expect(emulator.line.since).toBe('2.1.0');
    expect(await version(emulator)).toBe(NEWEST_HOUSTON_VERSION);
  });

  it('exposes the line the version belongs to', async () => {
    const emulator = await start({ houstonVersion: 'v0.35.3-rc1' });
    expect(emulator.line).toMatchObject({ since: '0.34.0', label: '0.34–0.37' });
    expect(await version(emulator)).toBe('v0.35.3-rc1');
  });

  it('still takes platformVersion, its deprecated name', async () => {
    const emulator = await start({ platformVersion: '0.37.7' });
    expect(emulator.line.since).toBe('0.34.0');
    expect(await version(emulator)).toBe('0.37.7');
  });

  it('plays the 0.25 line below 0.25.0 and refuses what is not a version', async () => {
    expect((await start({ houstonVersion: '0.23.1' })).line.since).toBe('0.25.0');
    await expect(createEmulator({ port: 0, houstonVersion: 'dev' })).rejects.toThrow(/Not a Houston version: "dev"/);
  });
});

describe('reportedVersion', () => {
  it('changes what appConfig says, not the line played', async () => {
    // APC 1.1.0 ships Houston 1.0.58 (VERSIONS §1.3).
    const emulator = await start({ houstonVersion: '1.1.0', reportedVersion: '1.0.58' });
    expect(await version(emulator)).toBe('1.0.58');
    expect(emulator.line.since).toBe('1.0.1');
    const result = await gql(emulator, emulator.adminKey, 'query { deployment(where: {id: "x"}) { airflowVersion } }');
    expect(result.status).toBe(400);
  });

  it('may be anything, even what is not a version', async () => {
    expect(await version(await start({ houstonVersion: '0.37.7', reportedVersion: 'dev' }))).toBe('dev');
  });
});

describe('introspection', () => {
  it('answers __schema by default', async () => {
    const emulator = await start();
    const data = dataOf(await gql(emulator, null, 'query { __schema { queryType { name } } }'));
    expect(data.__schema.queryType.name).toBe('Query');
  });

  it('refuses __schema and __type as Apollo Server does when it is off', async () => {
    const emulator = await start({ introspection: false });
    for (const query of ['query { __schema { types { name } } }', 'query { __type(name: "Deployment") { fields { name } } }']) {
      const result = await gql(emulator, null, query);
      expect(result.status).toBe(400);
      expect(result.body).not.toHaveProperty('data');
      expect(result.body.errors?.[0]).toMatchObject({ message: APOLLO_NO_INTROSPECTION, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    }
  });

  it('still answers __typename when it is off', async () => {
    const emulator = await start({ introspection: false });
    expect(dataOf(await gql(emulator, null, 'query { __typename appConfig { __typename version } }'))).toEqual({
      __typename: 'Query',
      appConfig: { __typename: 'AppConfig', version: NEWEST_HOUSTON_VERSION },
    });
  });
});
