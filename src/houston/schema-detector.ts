// Learns what the connected Houston offers and keeps it current: the schema by introspection
// (exact, whatever version string Houston reports — APC 1.1.0 reports its Houston image, 1.0.58),
// else `appConfig { version }` with the official client's rule. One detection runs at a time; after
// the first, a stale one is served while a fresh one runs (on an interval, after Houston was
// unreachable), and a forced one is awaited (after Houston refused a document as invalid).
import { buildClientSchema, getIntrospectionQuery, type IntrospectionQuery } from 'graphql';
import { HoustonError } from './errors.js';
import type { AnyOperation } from './operation.js';
import { selectBySchema, selectByVersion, type Selection } from './selection.js';

export const INTROSPECTION_DOCUMENT = getIntrospectionQuery({ descriptions: false });
export const PLATFORM_VERSION_DOCUMENT = 'query PlatformVersion { appConfig { version } }';

export interface DetectionContext {
  credential?: string;
  requestId?: string;
}

export interface SchemaDetectorOptions {
  operations: readonly AnyOperation[];
  /** Sends one read to Houston within the deadline (epoch ms); rejects with a HoustonError. */
  query<T>(operation: string, document: string, context: DetectionContext, deadline: number): Promise<T>;
  /** A detection older than this is renewed in the background. */
  refreshMs: number;
  now?: () => number;
  /** Told of each completed detection (for the log and metrics). */
  onDetected?: (selection: Selection, previous: Selection | null) => void;
  /** Told of a background detection that failed (the previous one stays in use). */
  onError?: (error: unknown) => void;
}

export interface SchemaDetector {
  /** The selection in force; the first call waits for a detection. */
  current(context: DetectionContext, deadline: number): Promise<Selection>;
  /** Detects again now (joining one under way) and resolves with its result. */
  redetect(context: DetectionContext, deadline: number): Promise<Selection>;
  /** Houston was unreachable: it may come back as another version, so detect again on next use. */
  markStale(): void;
  /** The last selection, without waiting; null before the first detection. */
  snapshot(): Selection | null;
}

/** Houston answered, but not with a usable schema: introspection is off or refused. */
function introspectionRefused(error: unknown): boolean {
  return error instanceof HoustonError && (error.upstream !== undefined || error.kind === 'unsupported' || error.kind === 'forbidden');
}

export function createSchemaDetector(options: SchemaDetectorOptions): SchemaDetector {
  const now = options.now ?? Date.now;
  let selection: Selection | null = null;
  let detectedAt = 0;
  let stale = false;
  let running: Promise<Selection> | null = null;

  async function reportedVersion(context: DetectionContext, deadline: number): Promise<string | null> {
    const data = await options.query<{ appConfig?: { version?: string | null } | null }>('PlatformVersion', PLATFORM_VERSION_DOCUMENT, context, deadline);
    return data.appConfig?.version ?? null;
  }

  async function detect(context: DetectionContext, deadline: number): Promise<Selection> {
    // The version is only informative when the schema can be read; a failure to get it is not fatal there.
    const version = reportedVersion(context, deadline);
    version.catch(() => undefined);
    try {
      const data = await options.query<IntrospectionQuery>('IntrospectionQuery', INTROSPECTION_DOCUMENT, context, deadline);
      const schema = buildClientSchema(data);
      return selectBySchema(schema, options.operations, await version.catch(() => null));
    } catch (error) {
      if (!introspectionRefused(error) && error instanceof HoustonError) throw error;
      // Introspection off, refused, or an answer that is no schema: go by the version it reports.
      return selectByVersion(await version, options.operations);
    }
  }

  function start(context: DetectionContext, deadline: number): Promise<Selection> {
    running ??= detect(context, deadline)
      .then((next) => {
        const previous = selection;
        selection = next;
        detectedAt = now();
        stale = false;
        options.onDetected?.(next, previous);
        return next;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    current(context, deadline) {
      if (!selection) return start(context, deadline);
      if (stale || now() - detectedAt >= options.refreshMs) {
        // In the background: the last answer serves until the new one is in.
        start(context, now() + Math.max(deadline - now(), 1_000)).catch((error: unknown) => options.onError?.(error));
      }
      return Promise.resolve(selection);
    },
    redetect: (context, deadline) => start(context, deadline),
    markStale() {
      stale = true;
    },
    snapshot: () => selection,
  };
}
