// What an earlier attempt at a keyed deployment write did, when it ended without an outcome (its
// instance died, or Houston's answer never came; see `request.earlierAttemptAt` in the
// idempotency plugin). Houston has no idempotency of its own, so a retry looks before it writes.
import type { HoustonSession } from '../../houston/session.js';
import { getDeployment, listWorkspaceDeployments } from '../../houston/operations/deployments.js';
import type { CreateDeploymentBody, Deployment } from './schemas.js';

/**
 * How far Houston's clock may be behind the gateway's: a deployment created up to this long
 * before the attempt started still counts as the attempt's.
 */
const CLOCK_SKEW_MS = 30_000;

/** Whether a field Houston reported (null: not selected or not set) agrees with the request. */
const agrees = (reported: string | null, asked: string | undefined) => reported === null || asked === undefined || reported === asked;

/**
 * The deployment an earlier create attempt made, or null when there is none: one in the request's
 * workspace with the request's label, created no earlier than the attempt started (less the clock
 * skew), whose executor and versions do not contradict the request. Labels are not unique in
 * Houston; should several match, the first created is the attempt's (any later one is someone
 * else's, or a duplicate made before this gateway reconciled creates).
 */
export async function deploymentCreatedBy(houston: HoustonSession, body: CreateDeploymentBody, attemptAt: number): Promise<Deployment | null> {
  const since = attemptAt - CLOCK_SKEW_MS;
  const candidates = (await listWorkspaceDeployments(houston, body.workspaceId))
    .filter((deployment) => deployment.label === body.label && deployment.createdAt !== null && Date.parse(deployment.createdAt) >= since)
    .filter((deployment) => agrees(deployment.executor, body.executor))
    .filter((deployment) => agrees(deployment.runtimeVersion, body.runtimeVersion) && agrees(deployment.airflowVersion, body.airflowVersion))
    .sort((a, b) => Date.parse(a.createdAt ?? '') - Date.parse(b.createdAt ?? ''));
  const [first] = candidates;
  // The list leaves out some fields (URLs); answer with the deployment as a create would.
  return first ? getDeployment(houston, first.id) : null;
}
