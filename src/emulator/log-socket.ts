// The `log` subscription over WebSocket at /ws, in the legacy subscriptions-transport-ws protocol
// Houston (Apollo Server 2) and its official client speak (FACTS §1.3): sub-protocol `graphql-ws`;
// `connection_init` carries the raw key in `payload.authorization` (a `Bearer ` prefix tolerated);
// `connection_ack`, then `ka` keep-alives; `start` (the client sends no id: it is then "1") runs a
// subscription whose events go out as `data` frames; `stop` ends it with `complete`; a closed
// socket ends them all. Written by hand: the `graphql-ws` package speaks the newer protocol.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  execute,
  getOperationAST,
  GraphQLError,
  OperationTypeNode,
  parse,
  subscribe,
  validate,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { resolvePrincipal } from './auth.js';
import type { EmulatorConfig } from './context.js';
import { formatError } from './graphql-http.js';
import type { HoustonLine } from './schema/index.js';
import type { Store } from './store.js';

export const LOG_SOCKET_PATH = '/ws';
const SUB_PROTOCOL = 'graphql-ws';
const KEEP_ALIVE_MS = 10_000;
/** A closing client gets this long to answer the close frame before its socket is destroyed. */
const CLOSE_GRACE_MS = 1_000;

export interface LogSocketDeps {
  schema: GraphQLSchema;
  store: Store;
  config: EmulatorConfig;
  line: HoustonLine;
}

export interface LogSockets {
  /** Closes every socket (1001 "going away") and stops accepting new ones. */
  close(): Promise<void>;
}

interface ClientMessage {
  type?: unknown;
  id?: unknown;
  payload?: { authorization?: unknown; query?: unknown; variables?: unknown; operationName?: unknown } | null;
}

function textOf(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(new Uint8Array(data)).toString('utf8');
}

function isAsyncIterable(value: unknown): value is AsyncIterableIterator<ExecutionResult> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

function formatted(result: ExecutionResult): Record<string, unknown> {
  const out: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) out.errors = result.errors.map((error) => formatError(error));
  return out;
}

/** One client connection: its credential and its running operations by id. */
function serveConnection(socket: WebSocket, deps: LogSocketDeps): void {
  const operations = new Map<string, AsyncIterableIterator<ExecutionResult>>();
  let credential: string | undefined;
  let keepAlive: NodeJS.Timeout | undefined;

  const send = (message: Record<string, unknown>) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const stop = (id: string) => {
    const running = operations.get(id);
    operations.delete(id);
    void running?.return?.();
  };

  async function run(id: string, document: DocumentNode, variables: Record<string, unknown> | undefined, operationName: string | undefined) {
    const now = new Date();
    const contextValue = { store: deps.store, config: deps.config, line: deps.line, principal: resolvePrincipal(deps.store, credential, now), now };
    const args = { schema: deps.schema, document, variableValues: variables, operationName, contextValue };
    const operation = getOperationAST(document, operationName);
    if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) {
      send({ type: 'data', id, payload: formatted(await execute(args)) });
      send({ type: 'complete', id });
      return;
    }
    const result = await subscribe(args);
    if (!isAsyncIterable(result)) {
      // Refused before it started (permission, bad variables): Houston's message, as over HTTP.
      send({ type: 'error', id, payload: { message: result.errors?.[0]?.message ?? 'subscription failed' } });
      return;
    }
    if (socket.readyState !== socket.OPEN) {
      void result.return?.();
      return;
    }
    operations.set(id, result);
    for await (const event of result) send({ type: 'data', id, payload: formatted(event) });
    if (operations.get(id) === result) operations.delete(id);
    send({ type: 'complete', id });
  }

  function start(message: ClientMessage) {
    const id = typeof message.id === 'string' || typeof message.id === 'number' ? String(message.id) : '1';
    const payload = message.payload ?? {};
    stop(id); // a start reusing a running id replaces it
    let document: DocumentNode;
    try {
      if (typeof payload.query !== 'string') throw new GraphQLError('Must provide a query string.');
      document = parse(payload.query);
    } catch (error) {
      send({ type: 'error', id, payload: { message: (error as Error).message } });
      return;
    }
    const errors = validate(deps.schema, document);
    if (errors.length > 0) {
      send({ type: 'data', id, payload: { errors: errors.map((error) => formatError(error, 'GRAPHQL_VALIDATION_FAILED')) } });
      send({ type: 'complete', id });
      return;
    }
    const variables = typeof payload.variables === 'object' && payload.variables !== null ? (payload.variables as Record<string, unknown>) : undefined;
    const operationName = typeof payload.operationName === 'string' ? payload.operationName : undefined;
    run(id, document, variables, operationName).catch((error: unknown) => {
      send({ type: 'error', id, payload: { message: (error as Error).message } });
    });
  }

  socket.on('message', (data: RawData) => {
    let message: ClientMessage;
    try {
      message = JSON.parse(textOf(data)) as ClientMessage;
    } catch {
      send({ type: 'error', payload: { message: 'Message must be JSON-parseable.' } });
      return;
    }
    switch (message.type) {
      case 'connection_init': {
        const authorization = message.payload?.authorization;
        credential = typeof authorization === 'string' ? authorization : undefined;
        send({ type: 'connection_ack' });
        send({ type: 'ka' });
        keepAlive ??= setInterval(() => send({ type: 'ka' }), KEEP_ALIVE_MS).unref();
        break;
      }
      case 'start':
        start(message);
        break;
      case 'stop':
        stop(typeof message.id === 'string' || typeof message.id === 'number' ? String(message.id) : '1');
        break;
      case 'connection_terminate':
        socket.close();
        break;
      default:
        send({ type: 'error', payload: { message: 'Invalid message type!' } });
    }
  });
  socket.on('close', () => {
    clearInterval(keepAlive);
    for (const id of [...operations.keys()]) stop(id);
  });
}

/** Serves /ws on the emulator's HTTP server; other upgrade paths are refused with 404. */
export function serveLogSockets(server: Server, deps: LogSocketDeps): LogSockets {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 64 * 1024,
    handleProtocols: (protocols) => (protocols.has(SUB_PROTOCOL) ? SUB_PROTOCOL : false),
  });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://emulator').pathname !== LOG_SOCKET_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      // subscriptions-transport-ws closes a connection without its sub-protocol as a protocol error.
      if (ws.protocol !== SUB_PROTOCOL) ws.close(1002, 'graphql-ws sub-protocol required');
      else serveConnection(ws, deps);
    });
  };
  server.on('upgrade', onUpgrade);
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      const closing = [...wss.clients].map(
        (client) =>
          new Promise<void>((resolve) => {
            client.once('close', () => resolve());
            client.close(1001, 'Houston is going away');
            setTimeout(() => client.terminate(), CLOSE_GRACE_MS).unref();
          }),
      );
      await Promise.all(closing);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
