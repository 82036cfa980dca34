// What the Houston line a suite runs on offers, for tests that run on every line (the matrix).
// Known when the file is collected, so `it.runIf` can keep a case to the lines it concerns.
import { compareVersions, parseVersion } from '../../src/houston/version.js';
import { testHoustonVersion } from './gateway.js';

export function atLeast(version: string, floor: string): boolean {
  return compareVersions(parseVersion(version)!, parseVersion(floor)!) >= 0;
}

/** What the suite's line offers, as the gateway reports it. */
export function suiteLine(version: string = testHoustonVersion()) {
  return {
    version,
    runtime: atLeast(version, '0.29.0'),
    astronomerCertified: !atLeast(version, '1.0.0'),
    clusters: atLeast(version, '1.0.0'),
    modes: atLeast(version, '2.1.0'),
    teams: atLeast(version, '0.28.0'),
    triggerer: atLeast(version, '0.28.0'),
  };
}

/** The routes that need more than the 0.25 baseline, by the first Houston version that serves them (README "Houston lines"). */
const ROUTES_SINCE: readonly [string, readonly string[]][] = [
  ['0.28.0', [
    'GET /teams', 'GET /teams/:teamId', 'GET /teams/:teamId/users',
    'GET /workspaces/:workspaceId/teams', 'POST /workspaces/:workspaceId/teams', 'PATCH /workspaces/:workspaceId/teams/:teamId', 'DELETE /workspaces/:workspaceId/teams/:teamId',
    'GET /deployments/:deploymentId/teams', 'POST /deployments/:deploymentId/teams', 'PATCH /deployments/:deploymentId/teams/:teamId', 'DELETE /deployments/:deploymentId/teams/:teamId',
  ]],
  ['0.29.0', ['GET /runtime-releases', 'POST /deployments/:deploymentId/runtime-upgrade', 'DELETE /deployments/:deploymentId/runtime-upgrade']],
  ['0.29.2', ['PUT /deployments/:deploymentId/image', 'POST /teams/:teamId/system-role-bindings', 'DELETE /teams/:teamId/system-role-bindings/:role']],
  ['0.32.0', ['GET /deployments']],
  ['1.0.0', ['GET /clusters', 'GET /clusters/:clusterId']],
];

/** The routes that answer 501 on a Houston of this version, sorted. */
export function unsupportedRoutesOn(version: string): string[] {
  return ROUTES_SINCE.flatMap(([since, routes]) => (atLeast(version, since) ? [] : routes)).sort();
}
