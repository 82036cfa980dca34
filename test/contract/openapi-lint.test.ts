// The checked-in OpenAPI document is fit for the tools that read it (issue 16): Redocly
// (redocly.yaml) and Spectral's OpenAPI ruleset (.spectral.yaml) find no error and no warning;
// every pattern is in JSON Schema's interoperable regex subset; every response says what happened;
// integers carry sensible examples; every request body has an example; the server URL is absolute,
// and the served document names the configured PUBLIC_URL.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { createCallerKeys } from '../../src/auth/caller-keys.js';
import { createMemoryKeyStore } from '../../src/auth/key-stores/memory.js';
import { loadConfig } from '../../src/config.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const documentPath = join(root, 'openapi/openapi.json');
const bin = (name: string) => join(root, 'node_modules/.bin', name);
// Keep the CLIs quiet and offline: no telemetry, no update check.
const cliEnv = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

type Json = Record<string, unknown>;
interface Finding {
  rule: string;
  severity: string;
  where: string;
  message: string;
}

/** A CLI's stdout, whatever its exit code: both linters exit non-zero when they find errors. */
async function stdoutOf(command: string, args: string[]): Promise<string> {
  return run(command, args, { cwd: root, env: cliEnv, maxBuffer: 32 * 1024 * 1024 }).then(
    ({ stdout }) => stdout,
    (error: { stdout?: string; stderr?: string; message: string }) => {
      if (error.stdout) return error.stdout;
      throw new Error(`${command} failed without output: ${error.stderr ?? error.message}`);
    },
  );
}

/** Redocly's errors and warnings (redocly.yaml; .redocly.lint-ignore.yaml for openapi/openapi.json). */
async function redocly(file: string): Promise<Finding[]> {
  const report = JSON.parse(await stdoutOf(bin('redocly'), ['lint', file, '--format=json'])) as {
    problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
  };
  return report.problems
    .filter((problem) => problem.severity === 'error' || problem.severity === 'warn')
    .map((problem) => ({ rule: problem.ruleId, severity: problem.severity, where: problem.location[0]?.pointer ?? '', message: problem.message }));
}

const SPECTRAL_SEVERITIES = ['error', 'warn', 'info', 'hint'];

/** Spectral's errors and warnings under .spectral.yaml (spectral:oas). */
async function spectral(file: string): Promise<Finding[]> {
  const output = await stdoutOf(bin('spectral'), ['lint', file, '--ruleset', '.spectral.yaml', '--format', 'json', '--quiet']);
  const results = JSON.parse(output.trim() || '[]') as { code: string; severity: number; path: string[]; message: string }[];
  return results
    .filter((result) => result.severity <= 1)
    .map((result) => ({ rule: result.code, severity: SPECTRAL_SEVERITIES[result.severity] ?? '?', where: result.path.join('.'), message: result.message }));
}

const list = (findings: Finding[]) => findings.map((f) => `${f.severity} ${f.rule} at ${f.where}: ${f.message}`).join('\n');

/** Every value of `key` anywhere in the document, with its JSON pointer. */
function valuesOf(node: unknown, key: string, pointer = '#'): { pointer: string; value: unknown; parent: Json }[] {
  if (Array.isArray(node)) return node.flatMap((item, index) => valuesOf(item, key, `${pointer}/${index}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([name, value]) => [
    ...(name === key ? [{ pointer: `${pointer}/${name}`, value, parent: node as Json }] : []),
    ...valuesOf(value, key, `${pointer}/${name}`),
  ]);
}

let checkedIn: string;
let document: Json & { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> } };

beforeAll(async () => {
  checkedIn = await readFile(documentPath, 'utf8');
  document = JSON.parse(checkedIn) as typeof document;
});

describe('the linters on openapi/openapi.json', () => {
  it('Redocly finds no error and no warning', async () => {
    const findings = await redocly('openapi/openapi.json');
    expect(findings, list(findings)).toEqual([]);
  }, 60_000);

  it("Spectral's OpenAPI ruleset finds no error and no warning", async () => {
    const findings = await spectral('openapi/openapi.json');
    expect(findings, list(findings)).toEqual([]);
  }, 60_000);

  it('both linters do report a broken document (an invalid example, an undeclared tag)', async () => {
    const broken = JSON.parse(checkedIn) as typeof document;
    (broken.components.schemas.CreateDeploymentRequest!.examples as Json[])[0]!.executor = 'TurboExecutor';
    (broken.paths['/deployments']!.post!.tags as string[]).push('not-a-declared-tag');
    const dir = await mkdtemp(join(tmpdir(), 'hgw-openapi-lint-'));
    try {
      const file = join(dir, 'broken.json');
      await writeFile(file, JSON.stringify(broken, null, 2));
      const [fromRedocly, fromSpectral] = await Promise.all([redocly(file), spectral(file)]);
      expect(fromRedocly.map((f) => f.rule)).toContain('no-invalid-schema-examples');
      expect(fromSpectral.map((f) => f.rule)).toContain('operation-tag-defined');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

/**
 * JSON Schema's interoperable regex subset (json-schema.org, "Regular Expressions"), plus `\d`,
 * which every engine reads alike: an escape may only make a syntax character literal. No `\p{…}`,
 * `\x`, `\u`, `\w`, lookbehind or named groups.
 */
const OUTSIDE_SUBSET = /\\[^d^$\\.*+?()[\]{}|/-]|\(\?<|\(\?[^:=!]/;

describe('the content of openapi/openapi.json', () => {
  it('writes every pattern in the interoperable regex subset', () => {
    const patterns = valuesOf(document, 'pattern').filter(({ value }) => typeof value === 'string');
    expect(patterns.length).toBeGreaterThan(10);
    const outside = patterns.filter(({ value }) => OUTSIDE_SUBSET.test(value as string)).map(({ pointer, value }) => `${pointer}: ${String(value)}`);
    expect(outside).toEqual([]);
  });

  it('gives every response a description of what happened, never the generator\'s "Default Response"', () => {
    const responses = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) =>
        Object.entries((operation.responses ?? {}) as Record<string, { description?: string }>).map(([status, response]) => ({
          name: `${method.toUpperCase()} ${path} ${status}`,
          description: response.description ?? '',
        })),
      ),
    );
    expect(responses.length).toBeGreaterThan(300);
    const vague = responses.filter(({ description }) => description.trim().length < 8 || /^(default response|an rfc 9457 problem document)$/i.test(description.trim()));
    expect(vague.map(({ name, description }) => `${name}: "${description}"`)).toEqual([]);
  });

  it('describes each 404 as what was not found', () => {
    const notFound = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) => {
        const response = (operation.responses as Record<string, { description: string }> | undefined)?.['404'];
        return response ? [{ name: `${method.toUpperCase()} ${path}`, description: response.description }] : [];
      }),
    );
    expect(notFound.filter(({ description }) => !/^No (such|caller key)/.test(description)).map(({ name }) => name)).toEqual([]);
  });

  it('gives no integer an unbounded example (the generator would show -9007199254740991)', () => {
    const unbounded = valuesOf(document, 'type')
      .filter(({ value, parent }) => value === 'integer' && parent.minimum === Number.MIN_SAFE_INTEGER && parent.examples === undefined)
      .map(({ pointer }) => pointer);
    expect(unbounded).toEqual([]);
  });

  it('has an example for every JSON request body', () => {
    const missing = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, operation]) => {
        const schema = (operation.requestBody as { content?: Record<string, { schema?: Json & { $ref?: string } }> } | undefined)?.content?.['application/json']?.schema;
        if (!schema) return [];
        const target = schema.$ref ? document.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
        const properties = Object.values((target?.properties ?? {}) as Record<string, Json>);
        // Bodies of ids and enums only are pre-filled well from their properties' examples and defaults.
        const needsOne = properties.some((property) => property.type !== 'string' || (property.enum === undefined && property.examples === undefined));
        return needsOne && !Array.isArray(target?.examples) ? [`${method.toUpperCase()} ${path}`] : [];
      }),
    );
    expect(missing).toEqual([]);
  });

  it('names security schemes that exist (what .spectral.yaml turns off oas3-operation-security-defined for)', () => {
    const defined = new Set(Object.keys(document.components.securitySchemes));
    const requirements = valuesOf(document.paths, 'security').flatMap(({ pointer, value }) =>
      (value as Json[]).flatMap((requirement) => Object.keys(requirement).map((name) => ({ pointer, name }))),
    );
    expect(requirements.length).toBeGreaterThan(100);
    expect(requirements.filter(({ name }) => !defined.has(name))).toEqual([]);
  });

  it('names an absolute server: the default PUBLIC_URL', () => {
    expect(document.servers).toEqual([{ url: loadConfig({}).publicUrl, description: 'This gateway' }]);
    expect(new URL((document.servers as { url: string }[])[0]!.url).protocol).toBe('http:');
  });
});

describe('the document a gateway serves', () => {
  it('names the configured PUBLIC_URL as its server, at /openapi.json and /docs/json', async () => {
    const publicUrl = 'https://gateway.example.com/houston';
    const config = loadConfig({ HOUSTON_URL: 'http://127.0.0.1:1/v1', PUBLIC_URL: `${publicUrl}/` });
    const app = await buildApp(config, {
      logger: false,
      redis: null,
      houstonCredentials: new Map(),
      callerKeys: createCallerKeys({ store: createMemoryKeyStore(), secret: 'only-used-to-read-the-served-document' }),
    });
    try {
      for (const url of ['/openapi.json', '/docs/json']) {
        const response = await app.inject({ method: 'GET', url });
        expect(response.statusCode, url).toBe(200);
        expect(response.json<{ servers: unknown }>().servers, url).toEqual([{ url: publicUrl, description: 'This gateway' }]);
      }
    } finally {
      await app.close();
    }
  });
});
