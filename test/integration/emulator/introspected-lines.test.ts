// Each Houston line as a client that introspects sees it, over HTTP: the schema the emulator
// answers to graphql-js's introspection query accepts what astro-cli sends that version
// (cli-by-line/, with the refusals its own line is known for), and has or lacks the fields and
// arguments the lines differ by.
import {
  buildClientSchema,
  getIntrospectionQuery,
  parse,
  validate,
  type GraphQLSchema,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type HoustonEmulator } from '../../../src/emulator/index.js';
import { cliDocumentsFor, gateOpen } from './documents/cli-by-line/index.js';
import { refusedByOwnLine, withoutSuggestions } from './documents/cli-by-line/refused-by-own-line.js';

const VERSIONS = ['0.25.0', '0.28.0', '0.35.0', '0.37.7', '1.0.0', '1.1.7', '2.0.1', '2.1.0'] as const;

interface GraphQLAnswer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(emulator: HoustonEmulator, query: string): Promise<{ status: number; body: GraphQLAnswer }> {
  const response = await fetch(emulator.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as GraphQLAnswer };
}

describe.each(VERSIONS)('the Houston %s emulator, introspected over HTTP', (version) => {
  let emulator: HoustonEmulator;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, houstonVersion: version });
    const { status, body } = await post(emulator, getIntrospectionQuery());
    expect(status).toBe(200);
    schema = buildClientSchema(body.data as IntrospectionQuery);
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('reports its version in appConfig', async () => {
    expect((await post(emulator, 'query { appConfig { version } }')).body).toEqual({ data: { appConfig: { version } } });
  });

  for (const { name, document } of cliDocumentsFor(version)) {
    const refused = refusedByOwnLine(name, version);
    it(refused ? `refuses ${name}, as the line's own schema does` : `accepts ${name}`, () => {
      const messages = validate(schema, parse(document)).map((error) => withoutSuggestions(error.message));
      expect(messages).toEqual(refused?.messages ?? []);
    });
  }

  it('has the Deployment fields and upsertDeployment arguments of its line', () => {
    const deployment = schema.getType('Deployment');
    if (!deployment || !('getFields' in deployment)) throw new Error('no Deployment object type');
    const fields = deployment.getFields();
    const upsert = schema.getMutationType()?.getFields().upsertDeployment;
    const from = (since: string): boolean => gateOpen(since, version);
    expect({
      runtimeVersion: 'runtimeVersion' in fields,
      clusterId: 'clusterId' in fields,
      airflowVersion: 'airflowVersion' in fields,
      mode: upsert?.args.some((argument) => argument.name === 'mode') ?? false,
    }).toEqual({
      runtimeVersion: from('0.29.0'),
      clusterId: from('1.0.0'),
      airflowVersion: !from('1.0.1'),
      mode: from('2.1.0'),
    });
  });
});

describe('an emulator with introspection off', () => {
  let emulator: HoustonEmulator;

  beforeAll(async () => {
    emulator = await createEmulator({ port: 0, houstonVersion: '2.1.0', introspection: false });
  });

  afterAll(async () => {
    await emulator?.close();
  });

  it('answers the introspection query 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const { status, body } = await post(emulator, getIntrospectionQuery());
    expect(status).toBe(400);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});
