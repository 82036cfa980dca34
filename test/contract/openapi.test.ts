// The checked-in OpenAPI document is what the routes generate, documents every route fully (the
// linters run in openapi-lint.test.ts), and the generated client types in test/generated still match it.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateOpenApiDocument } from '../../src/openapi-document.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const documentPath = join(root, 'openapi/openapi.json');
const typesPath = join(root, 'test/generated/houston-gateway-api.d.ts');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
// Keep the CLIs quiet and offline: no telemetry, no update check.
const cliEnv = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
const PUBLIC_PATHS = new Set(['/healthz', '/readyz']);
const REQUIRED_PROBLEMS = ['400', '401', '403', '502', '504'];

interface Operation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  responses?: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface OpenApiDocument {
  security?: Record<string, string[]>[];
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

let checkedIn: string;
let document: OpenApiDocument;

beforeAll(async () => {
  checkedIn = await readFile(documentPath, 'utf8');
  document = JSON.parse(checkedIn) as OpenApiDocument;
});

function operations(): { name: string; path: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const operation = item[method];
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, path, operation }] : [];
    }),
  );
}

describe('openapi/openapi.json', () => {
  it('is exactly what the routes generate', async () => {
    const generated = await generateOpenApiDocument();
    expect(generated, 'openapi/openapi.json is out of date: run `npm run openapi` (then `npm run openapi:client`)').toBe(checkedIn);
  });

  it('describes the whole resource API, not a handful of routes', () => {
    const ids = operations().map(({ operation }) => operation.operationId);
    expect(ids).toEqual(expect.arrayContaining(['createDeployment', 'addWorkspaceUser', 'createSystemRoleBinding', 'searchUsers']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation an operationId, a summary and tags', () => {
    const incomplete = operations()
      .filter(({ operation: o }) => !o.operationId || !o.summary?.trim() || !o.tags?.length)
      .map(({ name }) => name);
    expect(incomplete).toEqual([]);
  });

  it('documents 400, 401, 403, 502 and 504 as problem responses on every non-public operation', () => {
    const missing = operations()
      .filter(({ path }) => !PUBLIC_PATHS.has(path))
      .flatMap(({ name, operation }) =>
        REQUIRED_PROBLEMS.filter((status) => {
          const content = operation.responses?.[status]?.content ?? {};
          const problem = Object.entries(content).find(([type]) => /json/.test(type))?.[1];
          return problem?.schema?.$ref !== '#/components/schemas/Problem';
        }).map((status) => `${name} ${status}`),
      );
    expect(missing).toEqual([]);
  });

  it('requires a caller key on every non-public operation and none on the probes', () => {
    const unsecured = operations()
      .filter(({ path }) => !PUBLIC_PATHS.has(path))
      .filter(({ operation }) => !(operation.security ?? document.security ?? []).some((requirement) => Object.keys(requirement).length > 0))
      .map(({ name }) => name);
    expect(unsecured).toEqual([]);
    const probes = operations().filter(({ path }) => PUBLIC_PATHS.has(path));
    expect(probes.map(({ operation }) => operation.security)).toEqual(probes.map(() => []));
  });
});

/** The arguments of `npm run openapi:client`, with the output file swapped for `output`. */
async function clientScriptArguments(output: string): Promise<string[]> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const [command, ...args] = (manifest.scripts['openapi:client'] ?? '').trim().split(/\s+/);
  expect(command).toBe('openapi-typescript');
  const flag = args.findIndex((arg) => arg === '-o' || arg === '--output');
  expect(flag, 'openapi:client names its output with -o').toBeGreaterThanOrEqual(0);
  args[flag + 1] = output;
  return args;
}

describe('test/generated/houston-gateway-api.d.ts', () => {
  it('is what openapi-typescript generates from the checked-in document', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hgw-openapi-'));
    try {
      const output = join(dir, 'api.d.ts');
      await run(bin('openapi-typescript'), await clientScriptArguments(output), { cwd: root, env: cliEnv });
      const [fresh, current] = await Promise.all([readFile(output, 'utf8'), readFile(typesPath, 'utf8')]);
      expect(current, 'test/generated/houston-gateway-api.d.ts is out of date: run `npm run openapi:client`').toBe(fresh);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
