import type { CreateWorkspaceBody, UpdateWorkspaceBody, Workspace } from '../../schemas/workspaces.js';
import { notFound } from '../errors.js';
import { toWorkspace, type HoustonWorkspace } from '../mappers.js';
import type { HoustonSession } from '../session.js';

export async function listWorkspaces(houston: HoustonSession): Promise<Workspace[]> {
  const data = await houston.run<{ workspaces: (HoustonWorkspace | null)[] | null }>('ListWorkspaces');
  return (data.workspaces ?? []).flatMap((w) => (w ? [toWorkspace(w)] : []));
}

export async function getWorkspace(houston: HoustonSession, workspaceId: string): Promise<Workspace> {
  const data = await houston.run<{ workspace: HoustonWorkspace | null }>('GetWorkspace', { workspaceUuid: workspaceId });
  if (!data.workspace) throw notFound('GetWorkspace');
  return toWorkspace(data.workspace);
}

export async function createWorkspace(houston: HoustonSession, body: CreateWorkspaceBody): Promise<Workspace> {
  const data = await houston.run<{ createWorkspace: HoustonWorkspace | null }>('CreateWorkspace', {
    label: body.label,
    description: body.description ?? '',
  });
  if (!data.createWorkspace) throw notFound('CreateWorkspace');
  return toWorkspace(data.createWorkspace);
}

export async function updateWorkspace(houston: HoustonSession, workspaceId: string, body: UpdateWorkspaceBody): Promise<Workspace> {
  const data = await houston.run<{ updateWorkspace: HoustonWorkspace | null }>('UpdateWorkspace', {
    workspaceUuid: workspaceId,
    payload: body,
  });
  if (!data.updateWorkspace) throw notFound('UpdateWorkspace');
  return toWorkspace(data.updateWorkspace);
}

export async function deleteWorkspace(houston: HoustonSession, workspaceId: string): Promise<void> {
  await houston.run('DeleteWorkspace', { workspaceUuid: workspaceId });
}
