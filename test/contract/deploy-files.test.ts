// The container files (Dockerfile, .dockerignore, docker-compose.yml, the nginx load balancer) are
// not run by this suite — there is no container engine here — so what they assume of the gateway is
// checked instead: every variable they set is one the gateway reads and accepts, ports meet, and the
// image entry point is the built CLI. The Kubernetes manifests: kubernetes.test.ts.
import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Ignore } from '@balena/dockerignore';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';

const root = new URL('../../', import.meta.url);
// A CommonJS module whose types declare an ES default export: required, so both agree.
const dockerignore = createRequire(import.meta.url)('@balena/dockerignore') as () => Ignore;

/** A Compose CLI on this machine (`docker compose` or the older `docker-compose`), or null. */
function composeCli(): string[] | null {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    try {
      execFileSync(command[0]!, [...command.slice(1), 'version'], { stdio: 'ignore', timeout: 10_000 });
      return command;
    } catch {
      // not installed, or `docker` without the compose plugin
    }
  }
  return null;
}
const compose = composeCli();
const read = (path: string) => readFile(new URL(path, root), 'utf8');

// Loosely typed on purpose: each test asserts the shape it relies on.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Yaml = Record<string, any>;

/** Compose's `${NAME:-default}` interpolation, with the defaults (what `docker compose config` shows unset). */
function interpolate(value: unknown): string {
  return String(value).replace(/\$\{([A-Z_][A-Z0-9_]*)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? '');
}

function environmentOf(service: Yaml): Record<string, string> {
  const environment = (service.environment ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, interpolate(value)]));
}

/** The value of `ENV NAME=value` in the last stage of a Dockerfile. */
function dockerEnv(lastStage: string, name: string): string | undefined {
  const line = lastStage.split('\n').find((text) => text.startsWith('ENV '));
  return line?.match(new RegExp(`\\b${name}=(\\S+)`))?.[1];
}

describe('the Dockerfile', () => {
  let stages: string[];
  let finalStage: string;

  beforeAll(async () => {
    stages = (await read('Dockerfile')).split(/^FROM /m).slice(1);
    finalStage = stages.at(-1)!;
  });

  it('builds in one stage and runs in another, with production dependencies only', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(stages[0]).toMatch(/RUN npm run build/);
    expect(finalStage).toMatch(/RUN npm ci --omit=dev/);
    expect(finalStage).toMatch(/COPY --from=build \/app\/dist/);
    expect(finalStage).not.toMatch(/COPY src/);
  });

  it('runs as a non-root user with a health check on /healthz', () => {
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
  });

  it("starts the built CLI named in package.json's bin", async () => {
    const pkg = JSON.parse(await read('package.json')) as { bin: Record<string, string> };
    expect(finalStage).toContain(`ENTRYPOINT ["node", "${pkg.bin['houston-gateway']}"]`);
    expect(finalStage).toMatch(/CMD \["start"\]/);
  });
});

describe('.dockerignore', () => {
  let ignored: (path: string) => boolean;
  let copied: string[];

  beforeAll(async () => {
    // @balena/dockerignore is a port of Docker's own matcher (moby's patternmatcher), so `!`
    // exceptions, `**` and anchoring behave as `docker build` applies them.
    const rules = dockerignore().add(await read('.dockerignore'));
    ignored = (path) => rules.ignores(path);
    // Every context path a COPY reads (not `COPY --from`, which copies between stages).
    copied = (await read('Dockerfile'))
      .split('\n')
      .filter((line) => /^COPY (?!--from)/.test(line))
      .flatMap((line) => line.replace(/^COPY\s+/, '').split(/\s+/).slice(0, -1));
  });

  it('keeps every file the Dockerfile copies in the build context', () => {
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'src']));
    const tracked = execFileSync('git', ['ls-files', '--', ...copied], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(tracked.length).toBeGreaterThan(copied.length); // src/ expanded to its files
    expect(tracked.filter(ignored)).toEqual([]);
  });

  it('keeps dependencies, build output, VCS data, test and bench output and local secrets out', () => {
    const outside = [
      'node_modules/fastify/package.json',
      'src/node_modules/x/index.js',
      'dist/src/main.js',
      '.git',
      '.git/HEAD',
      'coverage/index.html',
      'test/unit/errors.test.ts',
      'bench/results/run-1.json',
      '.env',
      '.env.local',
      'credentials.json',
      'npm-debug.log',
      '.DS_Store',
    ];
    expect(outside.filter((path) => !ignored(path))).toEqual([]);
  });
});

describe('docker-compose.yml', () => {
  // Compose validates against its own schema without a container engine; where no Compose CLI is
  // installed the checks below still hold the file to what the gateway reads.
  it.skipIf(compose === null)('is valid for the Compose CLI (`config`)', () => {
    const [command, ...args] = compose!;
    const env = { ...process.env, EMULATOR_ADMIN_KEY: '', CALLER_KEY_SECRET: '' };
    expect(() => execFileSync(command!, [...args, '-f', 'docker-compose.yml', 'config', '--quiet'], { cwd: root, env, stdio: 'pipe', timeout: 30_000 })).not.toThrow();
  });

  let file: Yaml;
  let imagePort: string | undefined;

  beforeAll(async () => {
    file = parse(await read('docker-compose.yml'), { merge: true }) as Yaml;
    imagePort = dockerEnv((await read('Dockerfile')).split(/^FROM /m).at(-1)!, 'PORT');
  });

  it('runs Redis, the emulator, two or more gateway replicas and a load balancer', () => {
    const services = file.services as Yaml;
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['redis', 'houston', 'gateway', 'lb']));
    expect(services.gateway.deploy.replicas).toBeGreaterThanOrEqual(2);
    expect(services.gateway.depends_on.redis.condition).toBe('service_healthy');
    expect(services.gateway.command).toEqual(['start']);
    expect(services.houston.command).toEqual(['emulator']);
  });

  it.each(['gateway', 'keys', 'houston'])('gives the %s service only variables the gateway reads, with values it accepts', (name) => {
    const environment = environmentOf(file.services[name] as Yaml);
    expect(Object.keys(environment).filter((variable) => !CONFIG_VARIABLES.includes(variable))).toEqual([]);
    expect(() => loadConfig(environment)).not.toThrow();
  });

  it('points every gateway at the emulator with the key the emulator is started with', () => {
    const gateway = environmentOf(file.services.gateway as Yaml);
    const houston = environmentOf(file.services.houston as Yaml);
    expect(gateway.HOUSTON_URL).toBe(`http://houston:${houston.EMULATOR_PORT}/v1`);
    expect(gateway.HOUSTON_API_KEY).toBe(houston.EMULATOR_ADMIN_KEY);
    expect(loadConfig(gateway).callerKeys.secret).toBeDefined();
  });

  it('balances over the gateway service on the port the image listens on, never replaying a write', async () => {
    const nginx = await read('deploy/compose/nginx.conf');
    expect(imagePort).toBe('8080');
    expect(nginx).toContain(`http://gateway:${imagePort}`);
    const retryOn = nginx.match(/proxy_next_upstream ([^;]+);/)?.[1]?.split(/\s+/) ?? [];
    expect(retryOn).not.toContain('non_idempotent');
    const lb = file.services.lb as Yaml;
    expect(lb.volumes).toContain('./deploy/compose/nginx.conf:/etc/nginx/conf.d/default.conf:ro');
  });

  it('runs Redis with AOF persistence in a named volume mounted where Redis writes', () => {
    const redis = file.services.redis as Yaml;
    const command = (redis.command as string[]).join(' ');
    expect(command).toMatch(/--appendonly yes\b/);
    const dir = /--dir (\S+)/.exec(command)?.[1];
    const [volume, mountPath] = String((redis.volumes as string[])[0]).split(':');
    expect(mountPath).toBe(dir);
    // A named volume (declared at the top level), not a bind mount or an anonymous one.
    expect(Object.keys(file.volumes as Yaml)).toContain(volume);
  });

  it('keeps the keys tool out of `docker compose up` (profile tools) and runs the CLI', () => {
    const keys = file.services.keys as Yaml;
    expect(keys.profiles).toEqual(['tools']);
    expect(keys.entrypoint).toEqual(['node', 'dist/src/main.js', 'keys']);
  });
});
