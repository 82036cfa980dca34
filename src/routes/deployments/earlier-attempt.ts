// What an earlier attempt at a keyed deployment write did, when it ended without an outcome (its
// instance died, or Houston's answer never came; see `request.earlierAttemptAt` in the
// idempotency plugin). Houston has no idempotency of its own, so a retry looks before it writes.
import type { HoustonSession } from '../../houston/session.js';
import { getDeployment, listWorkspaceDeployments } from '../../houston/operations/deployments.js';
import type { CreateDeploymentBody, Deployment } from '../../schemas/deployments.js';

/**
 * How far Houston's clock may be behind the gateway's: a deployment created up to this long
 * before the attempt started still counts as the attempt's.
 */
const CLOCK_SKEW_MS = 30_000;

/** Whether a field Houston reported (null: not selected or not set) agrees with the request. */
const agrees = (reported: string | null, asked: string | undefined) => reported === null || asked === undefined || reported === asked;

/**
 * The deployment an earlier create attempt made, or null when there is none: the one in the
 * request's workspace with the request's label (Houston keeps labels unique within a workspace,
 * and would refuse the retry 409 for it), created no earlier than the attempt started (less the
 * clock skew: an older one was there before, and the attempt would have been refused), whose
 * executor and versions do not contradict the request.
 */
export async function deploymentCreatedBy(houston: HoustonSession, body: CreateDeploymentBody, attemptAt: number): Promise<Deployment | null> {
  const since = attemptAt - CLOCK_SKEW_MS;
  const made = (await listWorkspaceDeployments(houston, body.workspaceId)).find(
    (deployment) =>
      deployment.label === body.label &&
      deployment.createdAt !== null &&
      Date.parse(deployment.createdAt) >= since &&
      agrees(deployment.executor, body.executor) &&
      agrees(deployment.runtimeVersion, body.runtimeVersion) &&
      agrees(deployment.airflowVersion, body.airflowVersion),
  );
  // The list leaves out some fields (URLs); answer with the deployment as a create would.
  return made ? getDeployment(houston, made.id) : null;
}
