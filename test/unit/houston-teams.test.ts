// The team mappers, and the full team list's walk over paginatedTeams against a Houston that
// misreports `count` (FACTS.md §3.10: the official client loops forever there).
import { describe, expect, it } from 'vitest';
import { toDeploymentTeam, toTeam, toTeamWithRoleBindings, toWorkspaceTeam } from '../../src/houston/definitions/team-mappers.js';
import { ListTeams, type TeamsPage } from '../../src/houston/definitions/teams.js';
import type { HoustonSession } from '../../src/houston/session.js';
import { listTeams } from '../../src/houston/operations/teams.js';
import type { Team } from '../../src/schemas/teams.js';

const team = (id: string): Team => ({ id, name: id, systemRole: null, createdAt: null });
const teams = (count: number) => Array.from({ length: count }, (_, i) => team(`t${i}`));

/** A session whose ListTeams answers `page(cursor)`, recording the cursors it was given. */
function fakeHouston(page: (cursor: string) => TeamsPage) {
  const cursors: string[] = [];
  const houston = {
    call: (operation: unknown, input: { take: number; cursor: string }) => {
      expect(operation).toBe(ListTeams);
      cursors.push(input.cursor);
      if (cursors.length > 10) throw new Error('still walking');
      return Promise.resolve(page(input.cursor));
    },
  } as unknown as HoustonSession;
  return { houston, cursors };
}

describe('listTeams', () => {
  it('walks pages of 20 with the last id as the cursor until it has `count` teams', async () => {
    const all = teams(45);
    const { houston, cursors } = fakeHouston((cursor) => {
      const start = cursor ? all.findIndex((t) => t.id === cursor) + 1 : 0;
      return { count: all.length, teams: all.slice(start, start + 20) };
    });
    expect(await listTeams(houston)).toEqual(all);
    expect(cursors).toEqual(['', 't19', 't39']);
  });

  it('stops on an empty page when Houston reports more teams than it hands out', async () => {
    const all = teams(20);
    const { houston, cursors } = fakeHouston((cursor) => ({ count: 50, teams: cursor ? [] : all }));
    expect(await listTeams(houston)).toEqual(all);
    expect(cursors).toEqual(['', 't19']);
  });

  it('stops when a page brings no team it has not seen (a Houston that ignores the cursor)', async () => {
    const all = teams(20);
    const { houston, cursors } = fakeHouston(() => ({ count: 50, teams: all }));
    expect(await listTeams(houston)).toEqual(all);
    expect(cursors).toEqual(['', 't19']);
  });
});

describe('team mappers', () => {
  const raw = {
    id: 't1',
    name: 'data',
    createdAt: '2026-01-02T03:04:05.000Z',
    roleBindings: [
      { role: 'WORKSPACE_EDITOR', workspace: { id: 'w1' }, deployment: null },
      { role: 'DEPLOYMENT_ADMIN', workspace: null, deployment: { id: 'd1' } },
      { role: 'SYSTEM_VIEWER', workspace: null, deployment: null },
      { role: 'WORKSPACE_ADMIN', workspace: { id: 'w2' }, deployment: null },
      null,
    ],
  };

  it('gives a team its first SYSTEM_* role as its system role, and every binding', () => {
    expect(toTeam(raw)).toEqual({ id: 't1', name: 'data', systemRole: 'SYSTEM_VIEWER', createdAt: '2026-01-02T03:04:05.000Z' });
    expect(toTeam({ id: 't2' })).toEqual({ id: 't2', name: null, systemRole: null, createdAt: null });
    expect(toTeamWithRoleBindings(raw).roleBindings).toEqual([
      { role: 'WORKSPACE_EDITOR', workspaceId: 'w1', deploymentId: null },
      { role: 'DEPLOYMENT_ADMIN', workspaceId: null, deploymentId: 'd1' },
      { role: 'SYSTEM_VIEWER', workspaceId: null, deploymentId: null },
      { role: 'WORKSPACE_ADMIN', workspaceId: 'w2', deploymentId: null },
    ]);
  });

  it('gives a workspace or deployment team the role it holds there, or null', () => {
    expect(toWorkspaceTeam(raw, 'w2')).toEqual({ id: 't1', name: 'data', role: 'WORKSPACE_ADMIN' });
    expect(toWorkspaceTeam(raw, 'w3').role).toBeNull();
    expect(toDeploymentTeam(raw, 'd1').role).toBe('DEPLOYMENT_ADMIN');
    expect(toDeploymentTeam(raw, 'd2').role).toBeNull();
  });
});
