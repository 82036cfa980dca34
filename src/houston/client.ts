// The transport to Houston: graphql-request over Node's fetch (undici keeps connections alive),
// one request per call, a hard timeout, the caller's request id forwarded, the credential sent
// as Houston expects it (raw key in `authorization`, FACTS.md §1.1).
import { GraphQLClient } from 'graphql-request';
import { DOCUMENTS, type OperationName } from './documents.js';
import { toHoustonError } from './errors.js';
import { selectDocument } from './version.js';

export interface HoustonCallContext {
  /** The Houston service-account key to act with; none for Houston's public queries. Never logged. */
  credential?: string;
  requestId?: string;
}

export interface HoustonClientOptions {
  url: string;
  /** Per-request deadline in milliseconds. @default 10000 */
  timeoutMs?: number;
}

export type Variables = Record<string, unknown>;

export interface HoustonClient {
  readonly url: string;
  /** Runs one operation; resolves with `data`, rejects with a HoustonError. */
  request<T>(operation: OperationName, variables: Variables | undefined, context: HoustonCallContext): Promise<T>;
  /** The platform version reported by Houston (learned once, cached). */
  platformVersion(context: HoustonCallContext): Promise<string | null>;
  /** Asks Houston for its version without a credential (appConfig is public); for readiness. */
  ping(requestId?: string): Promise<void>;
}

export function createHoustonClient(options: HoustonClientOptions): HoustonClient {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const graphql = new GraphQLClient(options.url, { errorPolicy: 'none' });
  let version: Promise<string | null> | undefined;

  async function send<T>(operation: string, document: string, variables: Variables | undefined, context: HoustonCallContext) {
    const headers: Record<string, string> = {};
    if (context.credential) headers.authorization = context.credential;
    if (context.requestId) headers['x-request-id'] = context.requestId;
    try {
      return await graphql.request<T>({
        document,
        variables: variables ?? {},
        requestHeaders: headers,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw toHoustonError(error, operation);
    }
  }

  async function platformVersion(context: HoustonCallContext): Promise<string | null> {
    version ??= send<{ appConfig: { version?: string | null } | null }>(
      'PlatformVersion',
      DOCUMENTS.PlatformVersion[0].document,
      undefined,
      context,
    ).then((data) => data.appConfig?.version ?? null);
    try {
      return await version;
    } catch (error) {
      version = undefined; // learn it again next time rather than caching a failure
      throw error;
    }
  }

  return {
    url: options.url,
    platformVersion,
    async ping(requestId) {
      await send('PlatformVersion', DOCUMENTS.PlatformVersion[0].document, undefined, requestId ? { requestId } : {});
    },
    async request<T>(operation: OperationName, variables: Variables | undefined, context: HoustonCallContext) {
      const entries = DOCUMENTS[operation];
      const chosen = entries.length === 1 ? entries[0] : selectDocument(entries, await platformVersion(context));
      return send<T>(operation, chosen.document, variables, context);
    },
  };
}
