// The schema detector on its own, with a scripted Houston: introspection first, the version when
// introspection is refused, a failure passed on (never cached), a stale answer served while a fresh
// one is learned, one detection at a time.
import { buildSchema, graphqlSync, getIntrospectionQuery } from 'graphql';
import { describe, expect, it } from 'vitest';
import { HoustonError } from '../../src/houston/errors.js';
import { defineOperation, variant } from '../../src/houston/operation.js';
import { createSchemaDetector } from '../../src/houston/schema-detector.js';

const OLD = buildSchema('type Query { things: [String] appConfig: AppConfig } type AppConfig { version: String }');
const NEW = buildSchema('type Query { things: [String] widgets: [String] appConfig: AppConfig } type AppConfig { version: String }');

const ListWidgets = defineOperation<void, unknown>({
  name: 'ListWidgets',
  kind: 'query',
  variants: [variant({ since: '1.0.0', document: 'query ListWidgets { widgets }', variables: () => ({}), result: (d: unknown) => d })],
});

/** A Houston whose schema, version and introspection a test can change; counts what it was asked. */
function scriptedHouston() {
  const state = { schema: OLD, version: '0.37.7' as string | null, introspection: true, down: false, asked: [] as string[] };
  const query = async <T>(operation: string): Promise<T> => {
    state.asked.push(operation);
    if (state.down) throw new HoustonError('unavailable', operation, 'Houston could not be reached');
    if (operation === 'PlatformVersion') return { appConfig: { version: state.version } } as T;
    if (!state.introspection) {
      throw new HoustonError('unsupported', operation, 'refused', { message: 'GraphQL introspection is not allowed', code: 'GRAPHQL_VALIDATION_FAILED' });
    }
    return graphqlSync({ schema: state.schema, source: getIntrospectionQuery({ descriptions: false }) }).data as T;
  };
  return { state, query };
}

function detectorFor(houston: ReturnType<typeof scriptedHouston>, clock = { now: 0 }) {
  return createSchemaDetector({ operations: [ListWidgets], query: houston.query, refreshMs: 60_000, now: () => clock.now });
}

describe('schema detector', () => {
  it('learns the schema by introspection, whatever version Houston reports', async () => {
    const houston = scriptedHouston();
    houston.state.schema = NEW;
    houston.state.version = 'dev';
    const selection = await detectorFor(houston).current({}, Date.now() + 1000);
    expect(selection.source).toBe('introspection');
    expect(selection.chosen.has('ListWidgets')).toBe(true);
    expect(selection.version).toBe('dev');
  });

  it('goes by the reported version when introspection is refused', async () => {
    const houston = scriptedHouston();
    houston.state.introspection = false;
    const selection = await detectorFor(houston).current({}, Date.now() + 1000);
    expect(selection.source).toBe('version');
    expect(selection.unsupported.get('ListWidgets')).toMatch(/needs Houston 1\.0\.0 or later; the connected Houston reports 0\.37\.7/);
  });

  it('passes on an unreachable Houston and tries again on the next use, caching no failure', async () => {
    const houston = scriptedHouston();
    const detector = detectorFor(houston);
    houston.state.down = true;
    await expect(detector.current({}, Date.now() + 1000)).rejects.toMatchObject({ kind: 'unavailable' });
    expect(detector.snapshot()).toBeNull();
    houston.state.down = false;
    expect((await detector.current({}, Date.now() + 1000)).source).toBe('introspection');
  });

  it('runs one detection for many callers at once', async () => {
    const houston = scriptedHouston();
    const detector = detectorFor(houston);
    await Promise.all(Array.from({ length: 5 }, () => detector.current({}, Date.now() + 1000)));
    expect(houston.state.asked.filter((name) => name === 'IntrospectionQuery')).toHaveLength(1);
  });

  it('serves the last answer while learning again, after the refresh interval or Houston coming back', async () => {
    const houston = scriptedHouston();
    const clock = { now: 0 };
    const detector = detectorFor(houston, clock);
    expect((await detector.current({}, Date.now() + 1000)).chosen.has('ListWidgets')).toBe(false);

    houston.state.schema = NEW; // upgraded
    clock.now = 59_000;
    expect((await detector.current({}, Date.now() + 1000)).chosen.has('ListWidgets')).toBe(false);
    expect(houston.state.asked.filter((name) => name === 'IntrospectionQuery')).toHaveLength(1);

    clock.now = 60_000;
    expect((await detector.current({}, Date.now() + 1000)).chosen.has('ListWidgets')).toBe(false); // stale, meanwhile
    await expect.poll(() => detector.snapshot()?.chosen.has('ListWidgets')).toBe(true);

    houston.state.schema = OLD; // downgraded while it was away
    detector.markStale();
    await detector.current({}, Date.now() + 1000);
    await expect.poll(() => detector.snapshot()?.chosen.has('ListWidgets')).toBe(false);
  });

  it('learns again at once when asked to (after Houston refused a document as invalid)', async () => {
    const houston = scriptedHouston();
    const detector = detectorFor(houston);
    await detector.current({}, Date.now() + 1000);
    houston.state.schema = NEW;
    expect((await detector.redetect({}, Date.now() + 1000)).chosen.has('ListWidgets')).toBe(true);
  });
});
