import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/emulator/model.js';
import { ACTIONS, isAllowed, type Action, type Grant } from '../../../src/emulator/permissions.js';

const WS = 'cworkspace0000000000000001';
const OTHER_WS = 'cworkspace0000000000000002';
const DEP = 'cdeployment000000000000001';
const OTHER_DEP = 'cdeployment000000000000002';

/** A deployment of WS (the target carries its workspace, as the resolvers build it). */
const deploymentTarget = { deploymentId: DEP, workspaceId: WS };
const workspaceTarget = { workspaceId: WS };

function grant(role: Role): Grant {
  if (role.startsWith('WORKSPACE_')) return { role, workspaceId: WS };
  if (role.startsWith('DEPLOYMENT_')) return { role, deploymentId: DEP };
  return { role };
}

function allowed(role: Role): Action[] {
  return ACTIONS.filter((action) => {
    const target = action.startsWith('deployment.') ? deploymentTarget : action.startsWith('workspace.') ? workspaceTarget : {};
    return isAllowed([grant(role)], action, target);
  });
}

describe('permission matrix', () => {
  it.each<[Role, Action[]]>([
    ['SYSTEM_ADMIN', [...ACTIONS]],
    ['SYSTEM_EDITOR', ['system.read', 'workspace.create', 'workspace.read', 'workspace.update', 'deployment.read', 'deployment.update']],
    ['SYSTEM_VIEWER', ['system.read', 'workspace.read', 'deployment.read']],
    [
      'WORKSPACE_ADMIN',
      [
        'workspace.read',
        'workspace.update',
        'workspace.delete',
        'workspace.iam',
        'workspace.serviceAccounts.manage',
        'workspace.deployments.create',
        'deployment.read',
        'deployment.update',
        'deployment.delete',
        'deployment.iam',
        'deployment.serviceAccounts.manage',
      ],
    ],
    [
      'WORKSPACE_EDITOR',
      [
        'workspace.read',
        'workspace.serviceAccounts.manage',
        'workspace.deployments.create',
        'deployment.read',
        'deployment.update',
        'deployment.delete',
      ],
    ],
    ['WORKSPACE_VIEWER', ['workspace.read', 'deployment.read']],
    ['DEPLOYMENT_ADMIN', ['deployment.read', 'deployment.update', 'deployment.delete', 'deployment.iam', 'deployment.serviceAccounts.manage']],
    ['DEPLOYMENT_EDITOR', ['deployment.read', 'deployment.update']],
    ['DEPLOYMENT_VIEWER', ['deployment.read']],
  ])('%s allows exactly its actions', (role, expected) => {
    expect(allowed(role).sort()).toEqual([...expected].sort());
  });

  it('keeps workspace roles inside their workspace and its deployments', () => {
    const admin = [grant('WORKSPACE_ADMIN')];
    expect(isAllowed(admin, 'workspace.read', { workspaceId: OTHER_WS })).toBe(false);
    expect(isAllowed(admin, 'deployment.delete', { deploymentId: OTHER_DEP, workspaceId: OTHER_WS })).toBe(false);
    expect(isAllowed(admin, 'deployment.delete', deploymentTarget)).toBe(true);
  });

  it('keeps deployment roles on their deployment and out of its workspace', () => {
    const admin = [grant('DEPLOYMENT_ADMIN')];
    expect(isAllowed(admin, 'deployment.read', { deploymentId: OTHER_DEP, workspaceId: WS })).toBe(false);
    expect(isAllowed(admin, 'workspace.read', workspaceTarget)).toBe(false);
  });

  it('lets only system roles act on an unknown id (no workspace to match)', () => {
    const unknown = { deploymentId: 'cunknown', workspaceId: null };
    expect(isAllowed([grant('WORKSPACE_ADMIN')], 'deployment.read', unknown)).toBe(false);
    expect(isAllowed([grant('SYSTEM_VIEWER')], 'deployment.read', unknown)).toBe(true);
  });

  it('denies everything without grants', () => {
    for (const action of ACTIONS) expect(isAllowed([], action, deploymentTarget)).toBe(false);
  });

  it('combines grants: any grant that allows the action wins', () => {
    const grants = [grant('WORKSPACE_VIEWER'), grant('DEPLOYMENT_EDITOR')];
    expect(isAllowed(grants, 'deployment.update', deploymentTarget)).toBe(true);
    expect(isAllowed(grants, 'deployment.delete', deploymentTarget)).toBe(false);
  });
});
