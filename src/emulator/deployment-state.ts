// Derived deployment state. Status and upgrades are computed from timestamps when read, so the
// emulator needs no timers (nothing keeps the process alive, and tests control time via deployingMs).
import { runtimeRelease } from './catalog.js';
import type { DeploymentRecord, EnvVarRecord } from './model.js';
import type { LineFeatures } from './schema/index.js';

export function isDeploying(deployment: DeploymentRecord, now: Date, deployingMs: number): boolean {
  return now.getTime() - deployingSinceMs(deployment) < deployingMs;
}

function deployingSinceMs(deployment: DeploymentRecord): number {
  return deployment.deployingSince.getTime();
}

export function startRollout(deployment: DeploymentRecord, now: Date): void {
  deployment.deployingSince = now;
  deployment.updatedAt = now;
}

/** Once a rollout has finished, a requested Airflow or Runtime version becomes the current one. */
export function settleDeployment(deployment: DeploymentRecord, now: Date, deployingMs: number): void {
  if (isDeploying(deployment, now, deployingMs)) return;
  const desiredRuntime = deployment.desiredRuntimeVersion;
  if (desiredRuntime && desiredRuntime !== deployment.runtimeVersion) {
    deployment.runtimeVersion = desiredRuntime;
    const airflow = runtimeRelease(desiredRuntime)?.airflowVersion ?? deployment.airflowVersion;
    deployment.airflowVersion = airflow;
    deployment.desiredAirflowVersion = airflow;
    return;
  }
  const desiredAirflow = deployment.desiredAirflowVersion;
  if (!deployment.runtimeVersion && desiredAirflow && desiredAirflow !== deployment.airflowVersion) {
    deployment.airflowVersion = desiredAirflow;
  }
}

/** `baseDomain` is the deployment's cluster's (from 1.0), else the platform's. */
export function deploymentUrls(
  deployment: DeploymentRecord,
  baseDomain: string,
  features: Pick<LineFeatures, 'registryUrl'>,
): { type: string; url: string }[] {
  const base = `https://deployments.${baseDomain}/${deployment.releaseName}`;
  const urls = [{ type: 'airflow', url: `${base}/airflow` }];
  if (deployment.executor === 'CeleryExecutor') urls.push({ type: 'flower', url: `${base}/flower` });
  if (deployment.dagDeployment.type === 'dag_deploy') urls.push({ type: 'dagserver', url: `${base}/dags/upload` });
  // 1.0: the docker registry is per deployment (FACTS §4.3); the URL's form is unverified.
  if (features.registryUrl) urls.push({ type: 'registry', url: `registry.${baseDomain}/${deployment.releaseName}` });
  return urls;
}

/** Secret values never leave the emulator. */
export function maskEnvVars(envVars: readonly EnvVarRecord[]): { key: string; value: string | null; isSecret: boolean }[] {
  return envVars.map(({ key, value, isSecret }) => ({ key, value: isSecret ? null : value, isSecret }));
}
