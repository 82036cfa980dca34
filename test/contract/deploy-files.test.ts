// The deployment files (Dockerfile, docker-compose.yml, the nginx load balancer, the Kubernetes
// manifests) are not run by this suite — there is no container engine or cluster here — so what
// they assume of the gateway is checked instead: every variable they set is one the gateway reads
// and accepts, ports and probe paths meet, the image entry point is the built CLI, and the example
// Secret is a credentials file the gateway loads.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { loadHoustonCredentials } from '../../src/houston/credentials.js';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';

const root = new URL('../../', import.meta.url);

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

  it('keeps the keys tool out of `docker compose up` (profile tools) and runs the CLI', () => {
    const keys = file.services.keys as Yaml;
    expect(keys.profiles).toEqual(['tools']);
    expect(keys.entrypoint).toEqual(['node', 'dist/src/main.js', 'keys']);
  });
});

describe('the Kubernetes manifests', () => {
  let manifests: Yaml[];
  let workDir: string;
  const byKind = (kind: string, name?: string) =>
    manifests.filter((manifest) => manifest.kind === kind && (name === undefined || manifest.metadata.name === name));

  beforeAll(async () => {
    const kustomization = parse(await read('deploy/kubernetes/kustomization.yaml')) as Yaml;
    manifests = [];
    for (const file of kustomization.resources as string[]) {
      for (const document of parseAllDocuments(await read(`deploy/kubernetes/${file}`))) manifests.push(document.toJS() as Yaml);
    }
    workDir = await mkdtemp(join(tmpdir(), 'hgw-deploy-'));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('runs several replicas behind a Service, kept available by a disruption budget', () => {
    const [deployment] = byKind('Deployment');
    const [service] = byKind('Service');
    const [budget] = byKind('PodDisruptionBudget');
    expect(deployment!.spec.replicas).toBeGreaterThanOrEqual(2);
    expect(budget!.spec.minAvailable).toBeLessThan(deployment!.spec.replicas);
    const container = deployment!.spec.template.spec.containers[0];
    expect(service!.spec.ports[0].targetPort).toBe(container.ports[0].name);
  });

  it('probes /healthz and /readyz on the port the configuration listens on, as a non-root user with resource requests', () => {
    const [deployment] = byKind('Deployment');
    const [configMap] = byKind('ConfigMap');
    const pod = deployment!.spec.template.spec;
    const container = pod.containers[0];
    expect(String(container.ports[0].containerPort)).toBe(configMap!.data.PORT);
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: container.ports[0].name });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: container.ports[0].name });
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(container.resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    // The pod outlives the gateway's own shutdown deadline plus the preStop pause.
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(configMap!.data.SHUTDOWN_TIMEOUT_MS) + 5_000);
  });

  it('sets only variables the gateway reads, and with the Secret-backed ones a configuration it accepts', () => {
    const [deployment] = byKind('Deployment');
    const [configMap] = byKind('ConfigMap');
    const container = deployment!.spec.template.spec.containers[0];
    const fromSecrets = (container.env as { name: string }[]).map((variable) => variable.name);
    const variables = [...Object.keys(configMap!.data as object), ...fromSecrets];
    expect(variables.filter((variable) => !CONFIG_VARIABLES.includes(variable))).toEqual([]);
    expect(() => loadConfig({ ...configMap!.data, CALLER_KEY_SECRET: 'x'.repeat(48) })).not.toThrow();
  });

  it('mounts the Houston credentials Secret where HOUSTON_CREDENTIALS_FILE points, and the example Secret loads', async () => {
    const [deployment] = byKind('Deployment');
    const [configMap] = byKind('ConfigMap');
    const pod = deployment!.spec.template.spec;
    const mount = (pod.containers[0].volumeMounts as Yaml[]).find((volume) => volume.name === 'houston-credentials')!;
    const volume = (pod.volumes as Yaml[]).find((candidate) => candidate.name === 'houston-credentials')!;
    const examples = parseAllDocuments(await read('deploy/kubernetes/secret.example.yaml')).map((document) => document.toJS() as Yaml);
    const credentialsSecret = examples.find((secret) => secret.metadata.name === volume.secret.secretName)!;
    const [fileName] = Object.keys(credentialsSecret.stringData as object);
    expect(`${mount.mountPath}/${fileName}`).toBe(configMap!.data.HOUSTON_CREDENTIALS_FILE);
    const file = join(workDir, fileName!);
    await writeFile(file, String(credentialsSecret.stringData[fileName!]).replace('<Houston service-account key>', 'an-example-key'), { mode: 0o600 });
    const credentials = await loadHoustonCredentials({ apiKey: undefined, file });
    expect(credentials.get('default')).toBe('an-example-key');
    const callerSecret = examples.find((secret) => secret.metadata.name === pod.containers[0].env[0].valueFrom.secretKeyRef.name)!;
    expect(Object.keys(callerSecret.stringData as object)).toContain(pod.containers[0].env[0].valueFrom.secretKeyRef.key);
  });
});
