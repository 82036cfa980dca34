// Runtime releases, runtime upgrades and image deploys, as routes use them.
import { GatewayError } from '../../errors.js';
import type { Deployment } from '../../schemas/deployments.js';
import type { ImageDeploy, ImageDeployBody, RuntimeRelease } from '../../schemas/runtime.js';
import { DeployDeploymentImage } from '../definitions/deploy-image.js';
import { CancelDeploymentRuntimeUpgrade, ListRuntimeReleases, UpgradeDeploymentRuntime } from '../definitions/runtime.js';
import type { HoustonSession } from '../session.js';
import { getDeployment } from './deployments.js';

export async function listRuntimeReleases(
  houston: HoustonSession,
  query: { airflowVersion?: string | undefined; clusterId?: string | undefined },
): Promise<RuntimeRelease[]> {
  const selection = await houston.selection();
  if (query.clusterId !== undefined && !selection.capabilities.has('clusters')) {
    const message = `this Houston (${selection.version ?? 'unknown'}) has no clusters; they arrive with Houston 1.0`;
    throw new GatewayError('GW_REQUEST_INVALID', `clusterId: ${message}`, { errors: [{ field: 'querystring/clusterId', message }] });
  }
  return houston.call(ListRuntimeReleases, query);
}

export const upgradeRuntime = (houston: HoustonSession, deploymentId: string, runtimeVersion: string): Promise<Deployment> =>
  houston.call(UpgradeDeploymentRuntime, { deploymentId, runtimeVersion });

export const cancelRuntimeUpgrade = (houston: HoustonSession, deploymentId: string): Promise<Deployment> =>
  houston.call(CancelDeploymentRuntimeUpgrade, deploymentId);

/**
 * Houston deploys by release name, so the deployment is read first; that also gives the Runtime
 * version to keep when the caller names none (required from 1.0.1), or the Astronomer Certified
 * version of an AC deployment (before 1.0).
 */
export async function deployImage(houston: HoustonSession, deploymentId: string, body: ImageDeployBody): Promise<ImageDeploy> {
  const [{ variant }, deployment] = await Promise.all([houston.variant(DeployDeploymentImage), getDeployment(houston, deploymentId)]);
  const runtimeVersion = body.runtimeVersion ?? deployment.runtimeVersion ?? undefined;
  if (!runtimeVersion && !variant.provides.includes('astronomerCertified')) {
    throw new GatewayError('GW_REQUEST_UNPROCESSABLE', 'This Houston deploys images onto a Runtime version: give runtimeVersion', {
      errors: [{ field: 'body/runtimeVersion', message: 'required for this deployment on this Houston' }],
    });
  }
  const airflowVersion = runtimeVersion ? undefined : (deployment.airflowVersion ?? undefined);
  const done = await houston.call(DeployDeploymentImage, { releaseName: deployment.releaseName, image: body.image, runtimeVersion, airflowVersion });
  return { deploymentId: done.id ?? deploymentId, releaseName: done.releaseName, image: body.image, runtimeVersion: done.runtimeVersion ?? runtimeVersion ?? null };
}
