// Deployment logs: the `logs` query and the `log` subscription (served over WebSocket by
// log-socket.ts). Both check deployment.read first, as every deployment read does, so a caller
// without rights is refused even for an unknown deployment; with rights, an unknown one has no lines.
import { authorize, deploymentTarget, type EmulatorContext } from '../context.js';
import type { LogFilters, LogLineRecord } from '../logs.js';

interface LogArgs {
  deploymentUuid: string | null;
  component?: string | null;
  timestamp?: Date | null;
  search?: string | null;
}

function filtersOf(args: LogArgs): LogFilters {
  return { deploymentId: args.deploymentUuid ?? '', component: args.component, since: args.timestamp, search: args.search };
}

function logs(_: unknown, args: LogArgs, ctx: EmulatorContext): LogLineRecord[] {
  authorize(ctx, 'deployment.read', deploymentTarget(ctx, args.deploymentUuid));
  if (!args.deploymentUuid || !ctx.store.deployments.has(args.deploymentUuid)) return [];
  return ctx.store.logs.query(filtersOf(args));
}

/** Lines added from now on that match the arguments; history is for the query. */
const log = {
  subscribe(_: unknown, args: LogArgs, ctx: EmulatorContext): AsyncIterableIterator<LogLineRecord> {
    authorize(ctx, 'deployment.read', deploymentTarget(ctx, args.deploymentUuid));
    return ctx.store.logs.follow(filtersOf(args));
  },
  resolve: (line: LogLineRecord): LogLineRecord => line,
};

export const logQueries = { logs };
export const logSubscriptions = { log };
