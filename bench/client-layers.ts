// CPU per Houston call, layer by layer, in this process (the emulator runs in a child of its own):
// raw undici dispatch(), then graphql-request over http-fetch.ts, then the gateway's Houston client
// (policy, detection, variants, mapping). Shows what each layer adds to an uncached read.
//
//   npx tsx bench/client-layers.ts [--calls 20000] [--inflight 50] [--rounds 3]
import { randomBytes } from 'node:crypto';
import { Agent } from 'undici';
import { GraphQLClient } from 'graphql-request';
import { loadConfig } from '../src/config.js';
import { createHoustonClient } from '../src/houston/client.js';
import { createHttpFetch } from '../src/houston/http-fetch.js';
import { HOUSTON_OPERATIONS } from '../src/houston/operations/index.js';
import { GetWorkspace } from '../src/houston/operations/workspaces.js';
import { createUpstreamPolicy } from '../src/houston/policy.js';
import { spawnEmulator } from './harness.js';
import { captureDirectQuery } from './direct-query.js';

const options = { calls: 20_000, inflight: 50, rounds: 3 };
for (let i = 2; i < process.argv.length; i += 2) (options as Record<string, number>)[process.argv[i]!.replace(/^--/, '')] = Number(process.argv[i + 1]);

process.env.BENCH_BUILT = '1';
const houstonKey = `bench-admin-${randomBytes(16).toString('hex')}`;
const emulator = await spawnEmulator(houstonKey);
try {
  const direct = await captureDirectQuery(emulator.url, houstonKey);
  const url = emulator.url;
  const payload = JSON.parse(String(direct.target.body)) as { query: string; variables: Record<string, unknown> };

  const agent = new Agent({ connections: 256, pipelining: 1, keepAliveTimeout: 4000, keepAliveMaxTimeout: 4000 });
  const origin = new URL(url).origin;
  const rawBody = JSON.stringify(payload);
  const raw = () =>
    new Promise<unknown>((resolve, reject) => {
      const chunks: Buffer[] = [];
      agent.dispatch(
        { origin, path: new URL(url).pathname, method: 'POST', headers: { authorization: houstonKey, 'content-type': 'application/json', accept: 'application/json' }, body: rawBody },
        {
          onRequestStart() {},
          onResponseStart() {},
          onResponseData(_c, chunk) { chunks.push(chunk); },
          onResponseEnd() { resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))); },
          onResponseError(_c, error) { reject(error); },
        },
      );
    });

  const graphql = new GraphQLClient(url, { errorPolicy: 'none', fetch: createHttpFetch(), excludeOperationName: true });
  const viaGraphqlRequest = () => graphql.request({ document: payload.query, variables: payload.variables, requestHeaders: { authorization: houstonKey } });

  const config = loadConfig({ HOUSTON_URL: url, HOUSTON_API_KEY: houstonKey, CALLER_KEY_SECRET: randomBytes(32).toString('base64url') });
  const client = createHoustonClient({
    url,
    timeoutMs: config.houston.policy.timeoutMs,
    policy: createUpstreamPolicy(config.houston.policy),
    operations: HOUSTON_OPERATIONS,
    schemaRefreshMs: 300_000,
  });
  const workspaceId = String(payload.variables.workspaceUuid ?? Object.values(payload.variables)[0]);
  const viaClient = () => client.request(GetWorkspace, workspaceId, { credential: houstonKey, requestId: 'bench' });

  const layers: [string, () => Promise<unknown>][] = [['undici dispatch + JSON.parse', raw], ['graphql-request over http-fetch', viaGraphqlRequest], ['gateway Houston client', viaClient]];
  async function measure(call: () => Promise<unknown>, calls: number) {
    let started = 0;
    const cpu = process.cpuUsage();
    const worker = async () => {
      while (started < calls) {
        started++;
        await call();
      }
    };
    await Promise.all(Array.from({ length: options.inflight }, worker));
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / calls;
  }
  // BENCH_LAYER=<n>: that layer alone, round after round (to profile it).
  const only = process.env.BENCH_LAYER;
  if (only !== undefined) layers.splice(0, layers.length, layers[Number(only)]!);
  for (const [, call] of layers) await measure(call, 3000);
  const results = new Map<string, number[]>(layers.map(([name]) => [name, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const [name, call] of layers) results.get(name)!.push(await measure(call, options.calls));
  }
  for (const [name, values] of results) console.log(`${name.padEnd(34)} ${values.map((v) => v.toFixed(0).padStart(4)).join(' ')} µs/call (this process's CPU)`);
  await agent.close();
} finally {
  await emulator.stop();
}
