// Deployment logs: Houston's `logs` query, and its `log` subscription over WebSocket to follow them.
// The official client selects only `id timestamp message` (FACTS.md §3.3, §6); `component` and
// `level` are in the documented DeploymentLog type but unverified on a real Houston, so they are
// optional fields, dropped where the schema lacks them (and then null). The subscription selects
// exactly what the query's chosen variant selects on the connected Houston.
import { Kind, OperationTypeNode, parse, print, visit } from 'graphql';
import type { DeploymentLogLine, DeploymentLogsQuery } from '../../schemas/deployment-logs.js';
import type { HoustonSubscription, SubscriptionEnd } from '../log-subscription.js';
import { compact, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';
import type { HoustonSession } from '../session.js';
import { getDeployment } from './deployments.js';

export interface HoustonLogLine {
  id: string;
  timestamp?: Maybe<string>;
  component?: Maybe<string>;
  level?: Maybe<string>;
  message?: Maybe<string>;
}

export type LogsInput = Omit<DeploymentLogsQuery, 'limit' | 'cursor'> & { deploymentId: string };

export function toDeploymentLogLine(raw: HoustonLogLine): DeploymentLogLine {
  return {
    id: raw.id,
    timestamp: raw.timestamp ?? null,
    component: raw.component ?? null,
    level: raw.level ?? null,
    message: raw.message ?? '',
  };
}

const logsVariables = (input: LogsInput) => ({
  deploymentUuid: input.deploymentId,
  component: input.component,
  timestamp: input.since,
  search: input.search,
});

export const GetDeploymentLogs = defineOperation<LogsInput, DeploymentLogLine[]>({
  name: 'GetDeploymentLogs',
  kind: 'query',
  variants: [
    variant<LogsInput, DeploymentLogLine[], { logs: Maybe<Maybe<HoustonLogLine>[]> }>({
      since: '0.25.0',
      document: `query GetDeploymentLogs($deploymentUuid: Uuid!, $component: String, $timestamp: DateTime, $search: String) {
        logs(deploymentUuid: $deploymentUuid, component: $component, timestamp: $timestamp, search: $search) {
          id timestamp component level message } }`,
      optionalFields: ['DeploymentLog.component', 'DeploymentLog.level'],
      variables: logsVariables,
      result: (data) => compact(data.logs).map(toDeploymentLogLine),
    }),
  ],
});

/** The query's text turned into the `log` subscription with the same arguments and selection. */
export function toSubscriptionDocument(queryDocument: string): string {
  return print(
    visit(parse(queryDocument), {
      OperationDefinition: (node) => ({
        ...node,
        operation: OperationTypeNode.SUBSCRIPTION,
        name: { kind: Kind.NAME, value: 'FollowDeploymentLogs' },
      }),
      Field: (node) => (node.name.value === 'logs' ? { ...node, name: { ...node.name, value: 'log' } } : undefined),
    }),
  );
}

/** Houston answers [] for an unknown deployment: only an empty list needs the existence check (404). */
export async function listDeploymentLogs(houston: HoustonSession, input: LogsInput): Promise<DeploymentLogLine[]> {
  const lines = await houston.call(GetDeploymentLogs, input);
  if (lines.length === 0) await getDeployment(houston, input.deploymentId);
  return lines;
}

export interface LogFollower {
  onLine(line: DeploymentLogLine): void;
  onEnd(end: SubscriptionEnd): void;
}

/** Opens the `log` subscription (resolves once Houston has acknowledged it), within `timeoutMs`. */
export async function followDeploymentLogs(houston: HoustonSession, input: LogsInput, follower: LogFollower, timeoutMs: number): Promise<HoustonSubscription> {
  const { document } = await houston.variant(GetDeploymentLogs);
  return houston.subscribe(
    { operation: 'FollowDeploymentLogs', document: toSubscriptionDocument(document), variables: logsVariables(input), timeoutMs },
    {
      onData(data) {
        const line = (data as Maybe<{ log?: Maybe<HoustonLogLine> }>)?.log;
        if (line?.id) follower.onLine(toDeploymentLogLine(line));
      },
      onEnd: (end) => follower.onEnd(end),
    },
  );
}
