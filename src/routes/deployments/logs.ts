// GET /deployments/{id}/logs: Houston's deployment logs as JSON, or followed live as Server-Sent
// Events (Accept: text/event-stream; log-stream.ts). Never cached: logs move all the time.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { GetDeploymentLogs, listDeploymentLogs } from '../../houston/operations/logs.js';
import { notFound, problemResponses } from '../../schemas/common.js';
import { DeploymentLogEventStreamSchema, DeploymentLogLineSchema, DeploymentLogsQuerySchema } from '../../schemas/deployment-logs.js';
import { DeploymentParamsSchema } from '../../schemas/deployments.js';
import { pageOf } from '../paging.js';
import { streamDeploymentLogs, type OpenStreams } from './log-stream.js';

export interface DeploymentLogRoutesOptions {
  /** LOGS_HEARTBEAT_SECONDS. */
  heartbeatSeconds: number;
  /** LOGS_STREAM_MAX_SECONDS. */
  streamMaxSeconds: number;
  /** Bound on opening Houston's subscription: HOUSTON_TIMEOUT_MS. */
  connectTimeoutMs: number;
  /** Unsent bytes a stream's response may hold before live lines are dropped. @default 1048576 */
  maxBufferedBytes?: number;
}

const DESCRIPTION = `Lines are oldest first. Filters: \`component\`, \`since\` (ISO 8601), \`search\` (a substring of the message).

With \`Accept: text/event-stream\` the answer is a stream of Server-Sent Events that follows the logs live: first the
lines the filters select now, then each new one. Every line is an event with \`id:\` (the line's id) and \`data:\` (the
line as JSON, a DeploymentLogLine). A comment (\`: heartbeat\`) comes every LOGS_HEARTBEAT_SECONDS. A reader more than
1 MiB behind loses lines until it catches up; it is then sent \`event: dropped\` with \`data: {"count": n}\` where the gap
is. The stream ends with \`event: end\` and \`data: {"reason": …}\` — \`houston-closed\`, \`houston-error\` (with \`detail\`),
\`max-duration\` (after LOGS_STREAM_MAX_SECONDS; reconnect to go on, with \`since\`) or \`shutdown\`. Errors found before
the stream starts (404, 403, 502, 504…) are problem+json answers as usual.`;

const wantsEventStream = (accept: string | undefined) => accept !== undefined && /\btext\/event-stream\b/i.test(accept);

const deploymentLogRoutes: FastifyPluginAsyncZod<DeploymentLogRoutesOptions> = async (app, options) => {
  const settings = {
    heartbeatSeconds: options.heartbeatSeconds,
    maxSeconds: options.streamMaxSeconds,
    maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
    connectTimeoutMs: options.connectTimeoutMs,
  };
  const open: OpenStreams = new Set();
  // The server cannot close while a stream runs: streams end (event: end) before it does.
  app.addHook('preClose', async () => {
    for (const stop of [...open]) stop('shutdown');
  });

  app.get('/deployments/:deploymentId/logs', {
    config: { scope: 'deployments:logs', workspaceFrom: 'deployment', houston: [GetDeploymentLogs] },
    schema: {
      operationId: 'listDeploymentLogs',
      summary: "A deployment's logs, as a list or followed live (Server-Sent Events)",
      description: DESCRIPTION,
      tags: ['deployments'],
      params: DeploymentParamsSchema,
      querystring: DeploymentLogsQuerySchema,
      response: {
        200: {
          description: 'The log lines (JSON), or the live stream of them (text/event-stream)',
          content: {
            'application/json': { schema: z.array(DeploymentLogLineSchema) },
            'text/event-stream': { schema: DeploymentLogEventStreamSchema },
          },
        },
        ...problemResponses({ 404: notFound('deployment') }),
      },
    },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { limit, cursor, ...filters } = request.query;
      const input = { deploymentId: request.params.deploymentId, ...filters };
      // HEAD gets the list's headers: a stream it could never read would hold a subscription.
      if (request.method !== 'GET' || !wantsEventStream(request.headers.accept)) {
        const lines = await listDeploymentLogs(request.houston, input);
        return reply.type('application/json; charset=utf-8').send(pageOf(request, reply, lines, { limit, cursor }));
      }
      await streamDeploymentLogs(request, reply, input, settings, open);
      return reply;
    },
  });
};

export default deploymentLogRoutes;
