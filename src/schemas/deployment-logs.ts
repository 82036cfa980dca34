// Deployment log lines (GET /deployments/{id}/logs): as a JSON list, and as the events of the
// text/event-stream variant that follows them live.
import { z } from 'zod';
import { withoutControls } from './common.js';
import { PageQuerySchema } from './paging.js';

/** The components Houston's `logs` and `log` take (FACTS.md §5.1). */
export const LOG_COMPONENTS = ['scheduler', 'webserver', 'worker', 'triggerer'] as const;

export const DeploymentLogLineSchema = z
  .object({
    id: z.string().describe("Houston's id of the line; the SSE event id"),
    timestamp: z.string().nullable().describe('When the line was written (ISO 8601)'),
    component: z.string().nullable().describe('scheduler, webserver, worker or triggerer; null where Houston does not report it'),
    level: z.string().nullable().describe('e.g. INFO, ERROR; null where Houston does not report it'),
    message: z.string(),
  })
  .meta({ id: 'DeploymentLogLine' });

export type DeploymentLogLine = z.infer<typeof DeploymentLogLineSchema>;

/** Filters, and (for the JSON list; a stream ignores them) `limit` and `cursor` as every list takes them. */
export const DeploymentLogsQuerySchema = PageQuerySchema.extend({
  component: z.enum(LOG_COMPONENTS).optional().describe('Only lines of this component'),
  since: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('Only lines written at or after this instant (ISO 8601 with a time zone, e.g. 2026-08-13T20:49:03Z)'),
  search: withoutControls(z.string().min(1).max(256))
    .optional()
    .describe('Only lines whose message contains this text'),
});

export type DeploymentLogsQuery = z.infer<typeof DeploymentLogsQuerySchema>;

/** The stream as OpenAPI describes it: text, one event per line (see the route's description). */
export const DeploymentLogEventStreamSchema = z
  .string()
  .describe('Server-Sent Events: `id:` and `data:` (a DeploymentLogLine as JSON) per line; `event: dropped` and `event: end` as described above');
