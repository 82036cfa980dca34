// Every gateway operation against every Houston line the emulator plays, with the same selection
// rule the client uses: each line gets a valid variant of every operation it should support (and
// lacks exactly the ones it should), the schema rule and the version rule agree, and no variant
// is dead (valid on no line).
import { Kind, parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { HOUSTON_LINES, houstonSchema } from '../../src/emulator/index.js';
import { HOUSTON_OPERATIONS } from '../../src/houston/operations/index.js';
import { selectBySchema, selectByVersion } from '../../src/houston/selection.js';
import { compareVersions, parseVersion } from '../../src/houston/version.js';

/** Each emulated line, plus the releases customers run (VERSIONS.md §1). */
const VERSIONS = [...new Set([...HOUSTON_LINES.map((line) => line.since), '0.35.0', '0.37.7', '1.1.7', '1.2.4', '2.0.1'])];

const atLeast = (version: string, floor: string) => compareVersions(parseVersion(version)!, parseVersion(floor)!) >= 0;

/** Teams arrive with 0.28 (method and command gates), their system roles with 0.29.2 (FACTS.md §2.3). */
const TEAM_OPERATIONS = [
  'ListTeams', 'GetTeam', 'ListTeamUsers',
  'ListWorkspaceTeams', 'AddWorkspaceTeam', 'UpdateWorkspaceTeamRole', 'RemoveWorkspaceTeam',
  'ListDeploymentTeams', 'AddDeploymentTeam', 'UpdateDeploymentTeamRole', 'RemoveDeploymentTeam',
];
const TEAM_SYSTEM_ROLE_OPERATIONS = ['AddTeamSystemRole', 'RemoveTeamSystemRole'];

/** What a line lacks, by the official client's gates (FACTS.md §2.3) and VERSIONS.md §3. */
function expectedUnsupported(version: string): string[] {
  return [
    ...(atLeast(version, '1.0.0') ? [] : ['ListClusters']),
    ...(atLeast(version, '0.29.0') ? [] : ['ListRuntimeReleases', 'UpgradeDeploymentRuntime', 'CancelDeploymentRuntimeUpgrade']),
    ...(atLeast(version, '0.29.2') ? [] : ['DeployDeploymentImage']),
    ...(atLeast(version, '0.30.0') ? [] : ['ListWorkspacesPage', 'ListWorkspaceUsersPage']),
    ...(atLeast(version, '0.32.0') ? [] : ['ListDeploymentsPage']),
    ...(atLeast(version, '0.28.0') ? [] : TEAM_OPERATIONS),
    ...(atLeast(version, '0.29.2') ? [] : TEAM_SYSTEM_ROLE_OPERATIONS),
  ].sort();
}

describe.each(VERSIONS)('Houston %s', (version) => {
  const schema = houstonSchema(version);
  const bySchema = selectBySchema(schema, HOUSTON_OPERATIONS, version);

  it('has a valid variant of every operation it should support, and lacks only what it should', () => {
    expect([...bySchema.unsupported.keys()].sort()).toEqual(expectedUnsupported(version));
  });

  it('gets, by its version alone, the variant its schema picks', () => {
    const byVersion = selectByVersion(version, HOUSTON_OPERATIONS);
    expect([...byVersion.unsupported.keys()].sort()).toEqual(expectedUnsupported(version));
    for (const [name, pick] of bySchema.chosen) expect(byVersion.chosen.get(name)?.variant.since, name).toBe(pick.variant.since);
  });

  it('sends documents that validate, each named after its operation', () => {
    for (const [name, pick] of bySchema.chosen) {
      const ast = parse(pick.document);
      expect(validate(schema, ast).map((error) => error.message), name).toEqual([]);
      const names = ast.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION ? [d.name?.value] : []));
      expect(names).toEqual([name]);
    }
  });

  it('creates deployments with what the line offers: AC before 1.0, clusters from 1.0, modes from 2.1', () => {
    const provides = bySchema.chosen.get('CreateDeployment')!.variant.provides;
    expect(provides.includes('astronomerCertified')).toBe(!atLeast(version, '1.0.0'));
    expect(provides.includes('clusters')).toBe(atLeast(version, '1.0.0'));
    expect(provides.includes('modes')).toBe(atLeast(version, '2.1.0'));
    expect(provides.includes('runtime')).toBe(atLeast(version, '0.29.0'));
  });
});

describe('variants', () => {
  const schemas = HOUSTON_LINES.map((line) => houstonSchema(line.since));

  it.each(HOUSTON_OPERATIONS.flatMap((operation) => operation.variants.map((variant) => ({ name: `${operation.name} since ${variant.since}`, variant }))))(
    '$name is chosen on at least one line (none is dead)',
    ({ name, variant }) => {
      const chosenSomewhere = schemas.some((schema) =>
        [...selectBySchema(schema, HOUSTON_OPERATIONS).chosen.values()].some((pick) => pick.variant === variant),
      );
      expect(chosenSomewhere, name).toBe(true);
    },
  );

  it('declare read or write as their documents do', () => {
    for (const operation of HOUSTON_OPERATIONS) {
      for (const variant of operation.variants) {
        expect(variant.document.trimStart().startsWith(operation.kind), operation.name).toBe(true);
      }
    }
  });
});
