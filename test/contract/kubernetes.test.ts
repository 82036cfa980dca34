// The Kubernetes manifests as a cluster would receive them: each kustomization in deploy/kubernetes is
// rendered by the real kustomize (standalone, or the one built into kubectl), every object is
// validated against the Kubernetes API schemas (kubernetes-models, generated from the official
// OpenAPI document), and every selector is checked to pick exactly the pods it is written for.
// Then what the objects assume of the gateway: variables it reads, ports and probe paths that meet,
// the credentials Secret it loads, and a Redis that persists what it is given.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { loadHoustonCredentials } from '../../src/houston/credentials.js';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');

/** The kustomizations an operator applies: the gateway on an external Redis, and with its own. */
const VARIANTS = ['deploy/kubernetes', 'deploy/kubernetes/overlays/with-redis'] as const;

// Loosely typed on purpose: each test asserts the shape it relies on.
/* eslint-disable @typescript-eslint/no-explicit-any */
type Manifest = Record<string, any>;
type Labels = Record<string, string>;

interface Kustomize {
  command: string[];
  version: string;
}

/** `vX.Y.Z` anywhere in a version line, as numbers. */
function versionOf(text: string): [number, number] | null {
  const match = /v?(\d+)\.(\d+)\.\d+/.exec(text);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

function run(command: string[], args: string[]): string {
  return execFileSync(command[0]!, [...command.slice(1), ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

/**
 * A kustomize new enough for this kustomization (Components, `labels` with `includeTemplates`:
 * kustomize 5): a standalone `kustomize`, else the one inside `kubectl` (1.27 and later embed 5.x).
 */
function findKustomize(): Kustomize | { missing: string } {
  const seen: string[] = [];
  const candidates: [string[], string[], (output: string) => string | undefined][] = [
    [['kustomize'], ['version'], (output) => output.trim()],
    [['kubectl'], ['version', '--client'], (output) => /Kustomize Version:\s*(\S+)/.exec(output)?.[1]],
  ];
  for (const [command, versionArgs, pick] of candidates) {
    let version: string | undefined;
    try {
      version = pick(run(command, versionArgs));
    } catch {
      continue; // not installed
    }
    const parsed = version ? versionOf(version) : null;
    if (parsed && parsed[0] >= 5) return { command: command[0] === 'kubectl' ? ['kubectl', 'kustomize'] : ['kustomize', 'build'], version: version! };
    seen.push(`${command[0]} (kustomize ${version ?? 'not built in'})`);
  }
  return {
    missing:
      'These tests render deploy/kubernetes with kustomize 5 or later and found none' +
      (seen.length > 0 ? ` (only ${seen.join(', ')})` : '') +
      ". Install kubectl 1.27 or later (it embeds kustomize) or kustomize itself. Debian's kubernetes-client " +
      'package is kubectl 1.20 with kustomize 2.0.3, which cannot read this kustomization (`labels`, `components`).',
  };
}

/** The rendered objects of a kustomization, parsed. */
function render(kustomize: Kustomize, directory: string): Manifest[] {
  const output = run(kustomize.command, [directory]);
  return parseAllDocuments(output).map((document) => document.toJS() as Manifest).filter((manifest) => manifest !== null);
}

/** The API groups the manifests use; an object of any other group fails as having no schema. */
const API_GROUPS: Record<string, () => Promise<object>> = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'policy/v1': () => import('kubernetes-models/policy/v1'),
  'autoscaling/v2': () => import('kubernetes-models/autoscaling/v2'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
};

/** The kubernetes-models class for an apiVersion and kind, or undefined when there is none here. */
async function modelFor(apiVersion: string, kind: string): Promise<(new (data: Manifest) => { validate(): void }) | undefined> {
  const group = Object.hasOwn(API_GROUPS, apiVersion) ? ((await API_GROUPS[apiVersion]!()) as Record<string, unknown>) : {};
  return group[kind] as (new (data: Manifest) => { validate(): void }) | undefined;
}

/**
 * The fields of the objects that no Kubernetes API type declares (a typo such as `readinesProbe`),
 * which the JSON schemas let through but `kubectl apply` refuses (strict field validation). Each
 * object becomes an object literal typed with its kubernetes-models interface, and TypeScript's
 * excess-property check, which reaches every nesting level of a literal, names each unknown field.
 */
function unknownFields(manifests: Manifest[]): string[] {
  const file = fileURLToPath(new URL('__rendered_kubernetes_objects__.ts', root));
  const names = manifests.map((manifest) => `${manifest.kind as string}/${manifest.metadata.name as string}`);
  const starts: number[] = [];
  let text = '';
  manifests.forEach((manifest, index) => {
    starts.push(text.split('\n').length - 1);
    text += `import type { I${manifest.kind as string} as T${index} } from 'kubernetes-models/${manifest.apiVersion as string}/${manifest.kind as string}';\n`;
    text += `export const o${index}: T${index} = ${JSON.stringify(manifest, null, 1)};\n`;
  });
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  };
  // The file exists only in memory, but in the repository's root, so `kubernetes-models` resolves.
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) => (name === file ? ts.createSourceFile(name, text, language) : getSourceFile(name, language, ...rest));
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line : -1;
    const index = starts.findLastIndex((start) => start <= line);
    return `${names[index] ?? diagnostic.file?.fileName ?? '?'}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`;
  });
}

interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }[];
}

/** Kubernetes' label-selector semantics (an empty selector matches everything). */
function selects(selector: LabelSelector, labels: Labels): boolean {
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    if (operator === 'In') return key in labels && values.includes(labels[key]!);
    if (operator === 'NotIn') return !(key in labels) || !values.includes(labels[key]!);
    if (operator === 'Exists') return key in labels;
    return !(key in labels);
  });
  return byLabel && byExpression;
}

const isEmptySelector = (selector: LabelSelector | undefined) =>
  selector === undefined || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Every selector in a set of objects, with what it is meant to pick: the workload of its name. */
function selectorsOf(manifests: Manifest[]): { owner: string; selector: LabelSelector | undefined }[] {
  const found: { owner: string; selector: LabelSelector | undefined }[] = [];
  for (const manifest of manifests) {
    const name = `${manifest.kind}/${manifest.metadata.name}`;
    if (manifest.kind === 'Service') found.push({ owner: name, selector: manifest.spec.selector ? { matchLabels: manifest.spec.selector as Labels } : undefined });
    if (manifest.kind === 'PodDisruptionBudget') found.push({ owner: name, selector: manifest.spec.selector as LabelSelector | undefined });
    if (manifest.kind === 'NetworkPolicy') found.push({ owner: name, selector: manifest.spec.podSelector as LabelSelector | undefined });
    if (WORKLOAD_KINDS.has(manifest.kind as string)) found.push({ owner: name, selector: manifest.spec.selector as LabelSelector | undefined });
  }
  return found;
}

const kustomize = findKustomize();

describe.each(VARIANTS)('the Kubernetes manifests rendered from %s', (directory) => {
  let manifests: Manifest[];
  const byKind = (kind: string) => manifests.filter((manifest) => manifest.kind === kind);
  const gatewayDeployment = () => byKind('Deployment').find((deployment) => deployment.metadata.name === 'houston-gateway')!;
  const gatewayConfigMap = () => byKind('ConfigMap').find((configMap) => configMap.metadata.name === 'houston-gateway')!;
  const gatewayContainer = () => gatewayDeployment().spec.template.spec.containers[0] as Manifest;

  beforeAll(() => {
    if ('missing' in kustomize) throw new Error(kustomize.missing);
    manifests = render(kustomize, directory);
  });

  it('renders a gateway Deployment, its Service, budget, autoscaler, network policy and ConfigMap', () => {
    const kinds = manifests.map((manifest) => manifest.kind as string);
    expect(kinds).toEqual(expect.arrayContaining(['ConfigMap', 'Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'NetworkPolicy']));
    expect(gatewayDeployment()).toBeDefined();
  });

  it('renders only objects that are valid for the Kubernetes API schemas', async () => {
    const problems: string[] = [];
    for (const manifest of manifests) {
      const name = `${manifest.apiVersion}/${manifest.kind} ${manifest.metadata?.name}`;
      const Model = await modelFor(String(manifest.apiVersion), String(manifest.kind));
      if (!Model) {
        problems.push(`${name}: no schema for this apiVersion and kind`);
        continue;
      }
      try {
        new Model(manifest).validate();
      } catch (error) {
        problems.push(`${name}: ${(error as Error).message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('gives every selector (Deployment, StatefulSet, Service, PodDisruptionBudget, NetworkPolicy) the pods of its own workload and no others', () => {
    const workloads = manifests.filter((manifest) => WORKLOAD_KINDS.has(manifest.kind as string));
    const selections = selectorsOf(manifests).map(({ owner, selector }) => ({
      owner,
      empty: isEmptySelector(selector),
      picks: workloads
        .filter((workload) => selector !== undefined && selects(selector, workload.spec.template.metadata.labels as Labels))
        .map((workload) => `${workload.kind}/${workload.metadata.name}`),
    }));
    // Each selector is named after the workload it serves (houston-gateway, houston-gateway-redis).
    const expected = selections.map(({ owner }) => {
      const name = owner.split('/')[1];
      return { owner, empty: false, picks: workloads.filter((workload) => workload.metadata.name === name).map((workload) => `${workload.kind}/${workload.metadata.name}`) };
    });
    expect(selections).toEqual(expected);
    for (const { picks } of expected) expect(picks).toHaveLength(1);
  });

  it('scales the gateway Deployment with an autoscaler on CPU, from two replicas, that a drain never blocks', () => {
    const [autoscaler] = byKind('HorizontalPodAutoscaler');
    const [budget] = byKind('PodDisruptionBudget');
    const deployment = gatewayDeployment();
    expect(autoscaler!.spec.scaleTargetRef).toEqual({ apiVersion: deployment.apiVersion, kind: 'Deployment', name: deployment.metadata.name });
    expect(autoscaler!.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(autoscaler!.spec.maxReplicas).toBeGreaterThan(autoscaler!.spec.minReplicas);
    expect(autoscaler!.spec.metrics).toContainEqual({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } } });
    // CPU utilization is measured against the request: without one the autoscaler cannot act.
    expect(gatewayContainer().resources.requests.cpu).toEqual(expect.any(String));
    // The autoscaler owns the count; a `replicas` here would be re-applied over it.
    expect(deployment.spec.replicas).toBeUndefined();
    // At the autoscaler's minimum, the budget still lets one pod go.
    const allowed = budget!.spec.maxUnavailable ?? autoscaler!.spec.minReplicas - budget!.spec.minAvailable;
    expect(allowed).toBeGreaterThanOrEqual(1);
    expect(autoscaler!.spec.minReplicas - allowed).toBeGreaterThanOrEqual(1);
  });

  it('opens the API port to every client and the ops port only to Prometheus pods of the namespace', () => {
    const policy = byKind('NetworkPolicy').find((candidate) => candidate.metadata.name === 'houston-gateway')!;
    const portNames = (gatewayContainer().ports as Manifest[]).map((port) => port.name as string);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    const rules = policy.spec.ingress as Manifest[];
    const ruleFor = (port: string) => rules.filter((rule) => (rule.ports as Manifest[]).some((entry) => entry.port === port));
    for (const rule of rules) for (const entry of rule.ports as Manifest[]) expect(portNames).toContain(entry.port);
    const [api] = ruleFor('http');
    const [ops, ...more] = ruleFor('ops');
    expect(api!.from).toBeUndefined(); // no `from`: every source
    expect(more).toEqual([]);
    expect(ops!.from).toEqual([{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }]);
    // The ops rule names no namespace, so it admits this namespace's pods only, and not the gateway itself.
    expect(selects(ops!.from[0].podSelector as LabelSelector, gatewayDeployment().spec.template.metadata.labels as Labels)).toBe(false);
  });

  it('listens for the API and ops where the configuration says, scraped on the ops port and probed on the API port', () => {
    const configMap = gatewayConfigMap();
    const ports = Object.fromEntries((gatewayContainer().ports as Manifest[]).map((port) => [port.name as string, String(port.containerPort)]));
    expect(ports).toEqual({ http: configMap.data.PORT, ops: configMap.data.OPS_PORT });
    expect(configMap.data.HOST).toBe('0.0.0.0');
    expect(configMap.data.OPS_HOST).toBe('0.0.0.0');
    expect(gatewayDeployment().spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': configMap.data.OPS_PORT,
      'prometheus.io/path': '/metrics',
    });
    const container = gatewayContainer();
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
    // The Service publishes the API only; the ops endpoints are never behind it.
    const service = byKind('Service').find((candidate) => candidate.metadata.name === 'houston-gateway')!;
    expect((service.spec.ports as Manifest[]).map((port) => String(port.targetPort))).toEqual(['http']);
  });

  it('runs as a non-root user with resource requests, and outlives its own shutdown deadline', () => {
    const pod = gatewayDeployment().spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(gatewayContainer().resources.requests).toEqual({ cpu: expect.any(String), memory: expect.any(String) });
    expect(pod.terminationGracePeriodSeconds * 1000).toBeGreaterThan(Number(gatewayConfigMap().data.SHUTDOWN_TIMEOUT_MS) + 5_000);
  });

  it('sets only variables the gateway reads, and with the Secret-backed ones a configuration it accepts', () => {
    const configMap = gatewayConfigMap();
    const fromSecrets = (gatewayContainer().env as { name: string }[]).map((variable) => variable.name);
    const known = [...CONFIG_VARIABLES];
    expect([...Object.keys(configMap.data as object), ...fromSecrets].filter((variable) => !known.includes(variable))).toEqual([]);
    expect(() => loadConfig({ ...configMap.data, CALLER_KEY_SECRET: 'x'.repeat(48) })).not.toThrow();
  });
});

describe('the rendered Kubernetes manifests, field by field', () => {
  it('hold no field the Kubernetes API does not know (what `kubectl apply` refuses as strict)', () => {
    if ('missing' in kustomize) throw new Error(kustomize.missing);
    const manifests = VARIANTS.flatMap((directory) => render(kustomize, directory));
    // With them, in the same (slow: a TypeScript program) run, a copy with a misspelt field: the
    // check must name it, and only it.
    const misspelt = structuredClone(manifests.find((manifest) => manifest.kind === 'Deployment')!);
    misspelt.metadata.name = 'misspelt-on-purpose';
    misspelt.spec.template.spec.containers[0].readinesProbe = misspelt.spec.template.spec.containers[0].readinessProbe;
    expect(unknownFields([...manifests, misspelt])).toEqual([
      expect.stringMatching(/^Deployment\/misspelt-on-purpose: .*'"?readinesProbe"?' does not exist in type 'IContainer'/),
    ]);
  });
});

describe('the Houston credentials Secret', () => {
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'hgw-kubernetes-'));
  });

  afterAll(async () => {
    await rm(workDir, { recursive: true, force: true });
  });

  it('is mounted where HOUSTON_CREDENTIALS_FILE points, under the name of the example Secret, which loads', async () => {
    if ('missing' in kustomize) throw new Error(kustomize.missing);
    const manifests = render(kustomize, 'deploy/kubernetes');
    const deployment = manifests.find((manifest) => manifest.kind === 'Deployment')!;
    const configMap = manifests.find((manifest) => manifest.kind === 'ConfigMap')!;
    const pod = deployment.spec.template.spec;
    const volume = (pod.volumes as Manifest[]).find((candidate) => candidate.secret)!;
    const mount = (pod.containers[0].volumeMounts as Manifest[]).find((candidate) => candidate.name === volume.name)!;
    const examples = parseAllDocuments(await read('deploy/kubernetes/secret.example.yaml')).map((document) => document.toJS() as Manifest);
    // One name everywhere: the Secret the Deployment mounts is the one the example (and README) creates.
    expect(volume.secret.secretName).toBe('houston-gateway-credentials');
    const credentialsSecret = examples.find((secret) => secret.metadata.name === volume.secret.secretName)!;
    expect(credentialsSecret).toBeDefined();
    const [fileName] = Object.keys(credentialsSecret.stringData as object);
    expect(`${mount.mountPath}/${fileName}`).toBe(configMap.data.HOUSTON_CREDENTIALS_FILE);
    const file = join(workDir, fileName!);
    await writeFile(file, String(credentialsSecret.stringData[fileName!]).replace('<Houston service-account key>', 'an-example-key'), { mode: 0o600 });
    const credentials = await loadHoustonCredentials({ apiKey: undefined, file });
    expect(credentials.get('default')).toBe('an-example-key');
    const reference = pod.containers[0].env[0].valueFrom.secretKeyRef as { name: string; key: string };
    const callerSecret = examples.find((secret) => secret.metadata.name === reference.name)!;
    expect(Object.keys(callerSecret.stringData as object)).toContain(reference.key);
  });
});

describe('the optional Redis (overlays/with-redis)', () => {
  let manifests: Manifest[];

  beforeAll(() => {
    if ('missing' in kustomize) throw new Error(kustomize.missing);
    manifests = render(kustomize, 'deploy/kubernetes/overlays/with-redis');
  });

  it('persists every write (AOF) on a PersistentVolumeClaim mounted where Redis keeps its files', () => {
    const redis = manifests.find((manifest) => manifest.kind === 'StatefulSet')!;
    const container = redis.spec.template.spec.containers[0] as Manifest;
    const args = (container.args as string[]).join(' ');
    expect(args).toContain('--appendonly yes');
    const dir = /--dir (\S+)/.exec(args)?.[1];
    const claim = (redis.spec.volumeClaimTemplates as Manifest[])[0]!;
    expect(container.volumeMounts).toContainEqual({ name: claim.metadata.name, mountPath: dir });
    expect(claim.spec.resources.requests.storage).toEqual(expect.any(String));
    // Eviction, when full, spares keys without a TTL: the caller keys.
    expect(args).toMatch(/--maxmemory-policy volatile-/);
  });

  it('is where the gateway looks for it, and reachable from the gateway pods only', () => {
    const configMap = manifests.find((manifest) => manifest.kind === 'ConfigMap')!;
    const service = manifests.find((manifest) => manifest.kind === 'Service' && manifest.metadata.name === 'houston-gateway-redis')!;
    const redis = manifests.find((manifest) => manifest.kind === 'StatefulSet')!;
    const url = new URL(configMap.data.REDIS_URL as string);
    expect(url.hostname).toBe(service.metadata.name);
    const servicePort = (service.spec.ports as Manifest[]).find((port) => String(port.port) === url.port)!;
    expect((redis.spec.template.spec.containers[0].ports as Manifest[]).map((port) => String(port.name))).toContain(servicePort.targetPort);
    const policy = manifests.find((manifest) => manifest.kind === 'NetworkPolicy' && manifest.metadata.name === 'houston-gateway-redis')!;
    const gatewayPods = manifests.find((manifest) => manifest.kind === 'Deployment')!.spec.template.metadata.labels as Labels;
    const [rule, ...more] = policy.spec.ingress as Manifest[];
    expect(more).toEqual([]);
    expect(rule!.ports).toEqual([{ protocol: 'TCP', port: servicePort.targetPort }]);
    expect(rule!.from).toHaveLength(1);
    expect(selects(rule!.from[0].podSelector as LabelSelector, gatewayPods)).toBe(true);
    expect(selects(rule!.from[0].podSelector as LabelSelector, redis.spec.template.metadata.labels as Labels)).toBe(false);
  });
});
