// The text/event-stream variant of GET /deployments/{id}/logs: the lines the filters select now,
// then each new one as Houston's `log` subscription delivers it.
//
// Order: the subscription is opened first (so no line falls between the two), then the query
// answers the history (a 404 or 403 is still a problem+json answer), then the stream starts:
// history, lines that arrived meanwhile, live lines. Lines are deduplicated by id, since a Houston
// may replay what the `timestamp` argument covers.
//
// Memory per stream is bounded: history is written with backpressure, lines arriving meanwhile are
// held up to `maxBufferedBytes`, and a live line is dropped while the response already holds
// `maxBufferedBytes` unsent (a reader that cannot keep up) — until it is back under half of that;
// the reader is then told with `event: dropped` (`{"count":n}`), placed where the gap is. While a
// reader is behind, heartbeats are skipped. The stream ends with `event: end` (`{"reason": …}`) when
// Houston closes or fails, at `maxSeconds`, or when the gateway shuts down; a caller who goes away
// just has its Houston subscription closed.
import type { ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { HoustonSubscription, SubscriptionEnd } from '../../houston/log-subscription.js';
import { followDeploymentLogs, listDeploymentLogs, type LogsInput } from '../../houston/operations/logs.js';
import type { DeploymentLogLine } from '../../schemas/deployment-logs.js';

export interface LogStreamSettings {
  /** A comment is written this often. */
  heartbeatSeconds: number;
  /** The stream ends after this long. */
  maxSeconds: number;
  /** Unsent bytes a response may hold before live lines are dropped. */
  maxBufferedBytes: number;
  /** Bound on opening Houston's subscription (the Houston timeout). */
  connectTimeoutMs: number;
}

export type EndReason = 'houston-closed' | 'houston-error' | 'max-duration' | 'shutdown';

/** The streams running in one app, each ended by its function (for shutdown). */
export type OpenStreams = Set<(reason: EndReason) => void>;

/** A reader that has not taken the end of the stream by then has its connection closed. */
const END_GRACE_MS = 10_000;

const frameOf = (line: DeploymentLogLine) => `id: ${line.id.replace(/[\r\n\0]/g, '')}\ndata: ${JSON.stringify(line)}\n\n`;
const eventOf = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Events to one response; live lines are dropped while the reader is behind (see the top). */
function createEventWriter(res: ServerResponse, maxBufferedBytes: number, log: FastifyBaseLogger) {
  const seen = new Set<string>();
  const counts = { sent: 0, dropped: 0 };
  let owed = 0; // lines dropped since the reader fell behind
  const write = (text: string) => {
    if (!res.destroyed && !res.writableEnded) res.write(text);
  };
  const writer = {
    counts,
    seen,
    write,
    get behind() {
      return owed > 0;
    },
    /** A line from history: written with backpressure. */
    async history(line: DeploymentLogLine) {
      seen.add(line.id);
      counts.sent += 1;
      if (!res.destroyed && !res.writableEnded && !res.write(frameOf(line))) await drained(res);
    },
    /** Tells the reader what it lost once it is under half the bound again (or `force`: now). */
    settle(force = false) {
      if (owed === 0 || (!force && res.writableLength > maxBufferedBytes / 2)) return;
      log.info({ droppedLines: owed }, 'log stream reader caught up');
      write(eventOf('dropped', { count: owed }));
      owed = 0;
    },
    live(line: DeploymentLogLine) {
      if (seen.has(line.id)) return;
      writer.settle();
      if (owed === 0 && res.writableLength >= maxBufferedBytes) {
        log.warn({ bufferedBytes: res.writableLength }, 'log stream reader is behind; dropping lines until it catches up');
      } else if (owed === 0) {
        write(frameOf(line));
        counts.sent += 1;
        return;
      }
      owed += 1;
      counts.dropped += 1;
    },
  };
  res.on('drain', () => writer.settle());
  return writer;
}

/** Lines the subscription delivers before the stream is ready, up to a byte bound. */
function createHoldingArea(maxBytes: number) {
  const held: DeploymentLogLine[] = [];
  let bytes = 0;
  let dropped = 0;
  return {
    hold(line: DeploymentLogLine) {
      bytes += line.message.length + 256;
      if (bytes > maxBytes) dropped += 1;
      else held.push(line);
    },
    release(writer: ReturnType<typeof createEventWriter>) {
      for (const line of held) if (!writer.seen.has(line.id)) writer.live(line);
      if (dropped > 0) {
        writer.counts.dropped += dropped;
        writer.write(eventOf('dropped', { count: dropped }));
      }
    },
  };
}

/** Opens the subscription, then asks for the history; errors before the stream are thrown as usual. */
async function follow(request: FastifyRequest, input: LogsInput, settings: LogStreamSettings) {
  const holding = createHoldingArea(settings.maxBufferedBytes);
  // Set from the subscription's callbacks: until the stream is ready, lines are held and an end is kept.
  const state: { live: ((line: DeploymentLogLine) => void) | null; ended: SubscriptionEnd | null; onEnd: ((end: SubscriptionEnd) => void) | null } = {
    live: null,
    ended: null,
    onEnd: null,
  };
  const subscription = await followDeploymentLogs(
    request.houston,
    input,
    {
      onLine: (line) => (state.live ? state.live(line) : holding.hold(line)),
      onEnd(end) {
        state.ended = end;
        state.onEnd?.(end);
      },
    },
    settings.connectTimeoutMs,
  );
  try {
    const history = await listDeploymentLogs(request.houston, input);
    if (state.ended?.reason === 'error') throw state.ended.error;
    return { subscription, history, holding, state };
  } catch (error) {
    subscription.close();
    throw error;
  }
}

function startResponse(request: FastifyRequest, reply: FastifyReply): ServerResponse {
  const res = reply.raw;
  reply.hijack();
  // Headers hooks set so far (rate limits, security) go out too: a hijacked reply skips onSend.
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) res.setHeader(name, value);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    'x-accel-buffering': 'no', // nginx: pass events on as they come
    'x-request-id': request.id,
  });
  res.flushHeaders();
  return res;
}

export async function streamDeploymentLogs(request: FastifyRequest, reply: FastifyReply, input: LogsInput, settings: LogStreamSettings, open: OpenStreams): Promise<void> {
  const { subscription, history, holding, state } = await follow(request, input, settings);
  if (reply.raw.destroyed) {
    subscription.close(); // the caller left while Houston answered
    return;
  }
  const res = startResponse(request, reply);
  const writer = createEventWriter(res, settings.maxBufferedBytes, request.log);
  const lifetime = manageLifetime(request, res, writer, subscription, settings, open);
  state.onEnd = (end) => lifetime.houstonEnded(end);
  if (state.ended) lifetime.houstonEnded(state.ended);

  for (const line of history) writer.seen.add(line.id);
  for (const line of history) {
    if (lifetime.finished) return;
    await writer.history(line);
  }
  if (lifetime.finished) return;
  holding.release(writer);
  state.live = (line) => writer.live(line);
}

/** Heartbeats, the maximum duration, and every way the stream ends. */
function manageLifetime(
  request: FastifyRequest,
  res: ServerResponse,
  writer: ReturnType<typeof createEventWriter>,
  subscription: HoustonSubscription,
  settings: LogStreamSettings,
  open: OpenStreams,
) {
  const started = Date.now();
  const control = { finished: false, houstonEnded, end };
  const heartbeat = setInterval(() => {
    if (!writer.behind) writer.write(': heartbeat\n\n');
  }, settings.heartbeatSeconds * 1000);
  const maxDuration = setTimeout(() => end('max-duration'), settings.maxSeconds * 1000);
  open.add(end);

  function release() {
    control.finished = true;
    clearInterval(heartbeat);
    clearTimeout(maxDuration);
    open.delete(end);
    subscription.close();
  }
  function summary(reason: string) {
    return { reason, lines: writer.counts.sent, droppedLines: writer.counts.dropped, seconds: Math.round((Date.now() - started) / 1000) };
  }
  function end(reason: EndReason, detail?: string) {
    if (control.finished) return;
    release();
    writer.settle(true);
    if (!res.destroyed && !res.writableEnded) {
      res.end(eventOf('end', detail ? { reason, detail } : { reason }));
      // A reader that never takes the rest would hold the socket, and what it buffers, for ever.
      const grace = setTimeout(() => res.destroy(), END_GRACE_MS).unref();
      res.once('finish', () => clearTimeout(grace));
    }
    if (reason === 'houston-error') request.log.warn({ ...summary(reason), detail }, 'log stream ended');
    else request.log.info(summary(reason), 'log stream ended');
  }
  function houstonEnded(ended: SubscriptionEnd) {
    if (ended.reason === 'error') end('houston-error', ended.error.upstream?.message ?? ended.error.message);
    else end('houston-closed');
  }
  res.on('close', () => {
    if (control.finished) return;
    release();
    request.log.info(summary('caller-disconnected'), 'log stream ended');
  });
  return control;
}
