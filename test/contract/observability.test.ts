// The observability assets (deploy/observability) against a running gateway and the real Prometheus
// tooling: every metric their PromQL names is one a gateway exposes on /metrics (scraped after real
// requests), every label they match on is one those series carry, the expressions parse
// (`promtool check rules`), and the alerts fire when they should (`promtool test rules`).
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildTestApp, type TestGateway } from '../helpers/gateway.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFile(new URL(path, root), 'utf8');
const RULES = 'deploy/observability/prometheus-rules.yaml';
const DASHBOARD = 'deploy/observability/grafana-dashboard.json';
const RULE_TESTS = 'test/fixtures/prometheus-rules.test.yaml';

/** Labels Prometheus' Kubernetes scraping adds to every series; the gateway does not expose them. */
const TARGET_LABELS = new Set(['namespace', 'pod', 'job', 'instance']);

// ---- PromQL, as far as naming metrics and labels goes ----------------------------------------------

/** Grafana's variables, replaced by values of their kind so the expression is plain PromQL. */
function withoutGrafanaVariables(expr: string): string {
  return expr
    .replace(/\$__(rate_)?interval\b/g, '5m')
    .replace(/\$\{?\w+\}?/g, '.*');
}

const KEYWORDS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'and', 'or', 'unless', 'offset', 'inf', 'nan', 'atan2']);
const STRING = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g;

/** The metric names a PromQL expression reads (functions, keywords, labels and durations left out). */
function metricNames(expr: string): string[] {
  const bare = withoutGrafanaVariables(expr)
    .replace(STRING, '""')
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // label lists
  const names = new Set<string>();
  // Not preceded by a word character or a dot: `5m` and `1e3` are numbers, not the metric `m`.
  for (const match of bare.matchAll(/(?<![\w.:])[a-zA-Z_:][\w:]*/g)) {
    const isCall = /^\s*\(/.test(bare.slice(match.index + match[0].length));
    if (!isCall && !KEYWORDS.has(match[0].toLowerCase())) names.add(match[0]);
  }
  return [...names];
}

/** Each `metric{label="…", …}` selector of an expression: the metric and the labels it matches on. */
function selectors(expr: string): { metric: string; labels: string[] }[] {
  const plain = withoutGrafanaVariables(expr);
  return [...plain.matchAll(/(?<![\w.:])([a-zA-Z_:][\w:]*)\s*\{([^}]*)\}/g)].map((match) => ({
    metric: match[1]!,
    labels: [...match[2]!.replace(STRING, '""').matchAll(/([a-zA-Z_]\w*)\s*(?:=~|!~|!=|=)/g)].map((label) => label[1]!),
  }));
}

/** Grafana's `label_values(metric{…}, label)` variable query → the series selector it reads. */
function variableQuery(query: string): string {
  return /^label_values\((.*),\s*\w+\)$/.exec(query.trim())?.[1] ?? query;
}

// ---- The Prometheus text format ------------------------------------------------------------------

interface Exposition {
  /** Every series name a scrape may return: declared ones, with a histogram's _bucket, _sum and _count. */
  names: Set<string>;
  /** The label names seen on each series name. */
  labels: Map<string, Set<string>>;
}

function readExposition(text: string): Exposition {
  const names = new Set<string>();
  const labels = new Map<string, Set<string>>();
  for (const line of text.split('\n')) {
    const declared = /^# TYPE (\S+) (\w+)/.exec(line);
    if (declared) {
      const [, name, type] = declared;
      names.add(name!);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) names.add(`${name}${suffix}`);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s/.exec(line);
    if (!sample) continue;
    names.add(sample[1]!);
    const seen = labels.get(sample[1]!) ?? new Set<string>();
    for (const label of (sample[2] ?? '').matchAll(/([a-zA-Z_]\w*)="(?:[^"\\]|\\.)*"/g)) seen.add(label[1]!);
    labels.set(sample[1]!, seen);
  }
  return { names, labels };
}

/** What in the expressions the exposition lacks: unknown metrics, and labels no series of a metric carries. */
function missingFrom(exposition: Exposition, expressions: string[]): string[] {
  const missing = new Set<string>();
  for (const expr of expressions) {
    for (const name of metricNames(expr)) if (!exposition.names.has(name)) missing.add(name);
    for (const { metric, labels } of selectors(expr)) {
      const carried = exposition.labels.get(metric);
      if (!carried) continue; // an unknown metric is reported above; a known one without samples has no labels to compare
      for (const label of labels) if (!TARGET_LABELS.has(label) && !carried.has(label)) missing.add(`${metric}{${label}}`);
    }
  }
  return [...missing].sort();
}

// ---- The assets ----------------------------------------------------------------------------------

async function ruleExpressions(): Promise<{ name: string; expr: string }[]> {
  const file = parse(await read(RULES)) as { groups: { rules: { alert?: string; record?: string; expr: string }[] }[] };
  return file.groups.flatMap((group) => group.rules.map((rule) => ({ name: rule.alert ?? rule.record ?? '?', expr: rule.expr })));
}

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

async function dashboardExpressions(): Promise<{ name: string; expr: string }[]> {
  const dashboard = JSON.parse(await read(DASHBOARD)) as { panels: Panel[]; templating: { list: { name: string; query?: string | { query: string } }[] } };
  const fromPanels = (panels: Panel[]): { name: string; expr: string }[] =>
    panels.flatMap((panel) => [
      ...(panel.targets ?? []).filter((target) => target.expr).map((target) => ({ name: panel.title ?? '?', expr: target.expr! })),
      ...fromPanels(panel.panels ?? []),
    ]);
  const variables = dashboard.templating.list
    .filter((variable) => variable.query !== undefined && typeof variable.query !== 'string')
    .map((variable) => ({ name: `variable ${variable.name}`, expr: variableQuery((variable.query as { query: string }).query) }));
  return [...fromPanels(dashboard.panels), ...variables];
}

/** promtool (from Debian's prometheus package; .ci/run installs it), or the reason there is none. */
function findPromtool(): string | { missing: string } {
  const candidate = process.env.PROMTOOL ?? 'promtool';
  try {
    execFileSync(candidate, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    return candidate;
  } catch {
    return {
      missing:
        `promtool not found (${candidate}). .ci/run installs it from Debian's prometheus package; by hand: ` +
        '`apt-get download prometheus && dpkg-deb --fsys-tarfile prometheus_*.deb | tar -x -C / ./usr/bin/promtool`, or set PROMTOOL.',
    };
  }
}

describe('reading PromQL', () => {
  it('finds the metrics of an expression, not its functions, labels, keywords, durations or strings', () => {
    expect(
      metricNames(
        'histogram_quantile(0.99, sum by (le, route) (rate(a_seconds_bucket{route!="/x", job=~"$job"}[$__rate_interval]))) ' +
          '/ on (job) group_left sum without (pod) (b_total offset 5m) > bool 1e3 and c:recorded',
      ).sort(),
    ).toEqual(['a_seconds_bucket', 'b_total', 'c:recorded']);
    expect(selectors('sum(rate(a_total{event="hit", "x"="y", pod=~"$pod"}[5m]))')).toEqual([{ metric: 'a_total', labels: ['event', 'pod'] }]);
  });

  it('reports a metric the gateway does not expose, and a label its series do not carry', () => {
    const exposition = readExposition(
      ['# TYPE g_seconds histogram', 'g_seconds_bucket{le="1",route="/x"} 1', 'g_seconds_count{route="/x"} 1', '# TYPE g_total counter', 'g_total{event="hit"} 3', ''].join('\n'),
    );
    expect(missingFrom(exposition, ['histogram_quantile(0.5, sum by (le) (rate(g_seconds_bucket[5m])))', 'g_seconds_sum'])).toEqual([]);
    expect(missingFrom(exposition, ['sum(rate(houston_gateway_made_up_total[5m]))', 'g_total{evnt="hit", namespace="a"}'])).toEqual([
      'g_total{evnt}',
      'houston_gateway_made_up_total',
    ]);
  });
});

describe('the dashboard and the alert rules, against a running gateway', () => {
  let gateway: TestGateway;
  let exposition: Exposition;

  beforeAll(async () => {
    gateway = await buildTestApp();
    const http = gateway.http;
    const auth = { authorization: `Bearer ${gateway.adminKey}` };
    // A few real requests so the labelled series exist: Houston calls, cache misses and hits, a 401.
    await http().get('/workspaces').set(auth).expect(200);
    await http().get('/workspaces').set(auth).expect(200);
    await http().get('/platform').set(auth).expect(200);
    await http().get('/workspaces').set({ authorization: 'Bearer hgw_not-a-key-at-all-0000000000' }).expect(401);
    await http().get('/readyz');
    const scrape = await http().get('/metrics').expect(200);
    exposition = readExposition(scrape.text);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('exposes every metric and label the alert rules read', async () => {
    const rules = await ruleExpressions();
    expect(rules.length).toBeGreaterThanOrEqual(5);
    expect(missingFrom(exposition, rules.map((rule) => rule.expr))).toEqual([]);
  });

  it('exposes every metric and label the dashboard reads', async () => {
    const queries = await dashboardExpressions();
    expect(queries.length).toBeGreaterThanOrEqual(15);
    expect(missingFrom(exposition, queries.map((query) => query.expr))).toEqual([]);
  });
});

describe('the rules and queries, for promtool', () => {
  const promtool = findPromtool();
  let workDir: string;

  beforeAll(async () => {
    if (typeof promtool !== 'string') throw new Error(promtool.missing);
    workDir = await mkdtemp(join(tmpdir(), 'hgw-promtool-'));
  });

  afterAll(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  const promtoolRun = (args: string[], cwd = fileURLToPath(root)) =>
    execFileSync(promtool as string, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });

  it('checks the alert rules file (`promtool check rules`)', () => {
    expect(promtoolRun(['check', 'rules', RULES])).toMatch(/SUCCESS: \d+ rules found/);
  });

  it("parses every dashboard query as PromQL (each one checked as a recording rule's expression)", async () => {
    const queries = await dashboardExpressions();
    const file = join(workDir, 'dashboard-queries.yaml');
    const rules = queries.map((query, index) => ({ record: `dashboard:query_${index}`, expr: withoutGrafanaVariables(query.expr) }));
    await writeFile(file, JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
    expect(promtoolRun(['check', 'rules', file])).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  it('fires each alert on the series it is written for, and none on a healthy gateway (`promtool test rules`)', () => {
    // promtool resolves the rule file relative to the test file.
    expect(promtoolRun(['test', 'rules', RULE_TESTS])).toContain('SUCCESS');
  });
});
