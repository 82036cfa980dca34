// Workspaces: one text on every Houston line (astro-cli houston/workspace.go is unversioned).
import type { CreateWorkspaceBody, UpdateWorkspaceBody, Workspace } from '../../schemas/workspaces.js';
import { notFound } from '../errors.js';
import { compact, toWorkspace, type HoustonWorkspace, type Maybe } from '../mappers.js';
import { defineUnversioned } from '../operation.js';
import type { HoustonSession } from '../session.js';

const WORKSPACE_FIELDS = 'id label description createdAt updatedAt';

function one(workspace: Maybe<HoustonWorkspace>, operation: string): Workspace {
  if (!workspace) throw notFound(operation);
  return toWorkspace(workspace);
}

export const ListWorkspaces = defineUnversioned({
  name: 'ListWorkspaces',
  kind: 'query',
  document: `query ListWorkspaces { workspaces { ${WORKSPACE_FIELDS} } }`,
  variables: () => ({}),
  result: (data: { workspaces: Maybe<Maybe<HoustonWorkspace>[]> }) => compact(data.workspaces).map(toWorkspace),
});

export const GetWorkspace = defineUnversioned({
  name: 'GetWorkspace',
  kind: 'query',
  document: `query GetWorkspace($workspaceUuid: Uuid!) { workspace(workspaceUuid: $workspaceUuid) { ${WORKSPACE_FIELDS} } }`,
  variables: (workspaceId: string) => ({ workspaceUuid: workspaceId }),
  result: (data: { workspace: Maybe<HoustonWorkspace> }) => one(data.workspace, 'GetWorkspace'),
});

export const CreateWorkspace = defineUnversioned({
  name: 'CreateWorkspace',
  kind: 'mutation',
  document: `mutation CreateWorkspace($label: String!, $description: String) {
    createWorkspace(label: $label, description: $description) { ${WORKSPACE_FIELDS} } }`,
  variables: (body: CreateWorkspaceBody) => ({ label: body.label, description: body.description ?? '' }),
  result: (data: { createWorkspace: Maybe<HoustonWorkspace> }) => one(data.createWorkspace, 'CreateWorkspace'),
});

export const UpdateWorkspace = defineUnversioned({
  name: 'UpdateWorkspace',
  kind: 'mutation',
  document: `mutation UpdateWorkspace($workspaceUuid: Uuid!, $payload: JSON!) {
    updateWorkspace(workspaceUuid: $workspaceUuid, payload: $payload) { ${WORKSPACE_FIELDS} } }`,
  variables: (input: { workspaceId: string; changes: UpdateWorkspaceBody }) => ({ workspaceUuid: input.workspaceId, payload: input.changes }),
  result: (data: { updateWorkspace: Maybe<HoustonWorkspace> }) => one(data.updateWorkspace, 'UpdateWorkspace'),
});

export const DeleteWorkspace = defineUnversioned({
  name: 'DeleteWorkspace',
  kind: 'mutation',
  document: 'mutation DeleteWorkspace($workspaceUuid: Uuid!) { deleteWorkspace(workspaceUuid: $workspaceUuid) { id } }',
  variables: (workspaceId: string) => ({ workspaceUuid: workspaceId }),
  result: () => undefined,
});

type WorkspaceList = Maybe<Maybe<HoustonWorkspace>[]>;

/**
 * One page of workspaces (0.30 and later), offset-paged as Houston pages them (take, pageNumber);
 * the second field asks for the first workspace of the next page, so the caller learns in the same
 * round trip whether there is one.
 */
export const ListWorkspacesPage = defineUnversioned({
  name: 'ListWorkspacesPage',
  kind: 'query',
  since: '0.30.0',
  document: `query ListWorkspacesPage($take: Int, $pageNumber: Int, $nextIndex: Int) {
    page: paginatedWorkspaces(take: $take, pageNumber: $pageNumber) { ${WORKSPACE_FIELDS} }
    next: paginatedWorkspaces(take: 1, pageNumber: $nextIndex) { id } }`,
  variables: (input: { offset: number; limit: number }) => ({
    take: input.limit,
    pageNumber: input.offset / input.limit,
    nextIndex: input.offset + input.limit,
  }),
  result: (data: { page: WorkspaceList; next: WorkspaceList }) => ({ items: compact(data.page).map(toWorkspace), more: compact(data.next).length > 0 }),
});

export const listWorkspaces = (houston: HoustonSession) => houston.call(ListWorkspaces, undefined);

/** A page from Houston, where it pages workspaces and the page starts on a page boundary; else null. */
export async function listWorkspacesPage(houston: HoustonSession, offset: number, limit: number) {
  if (offset % limit !== 0 || !(await houston.supports(ListWorkspacesPage))) return null;
  return houston.call(ListWorkspacesPage, { offset, limit });
}
export const getWorkspace = (houston: HoustonSession, workspaceId: string) => houston.call(GetWorkspace, workspaceId);
export const createWorkspace = (houston: HoustonSession, body: CreateWorkspaceBody) => houston.call(CreateWorkspace, body);
export const updateWorkspace = (houston: HoustonSession, workspaceId: string, changes: UpdateWorkspaceBody) =>
  houston.call(UpdateWorkspace, { workspaceId, changes });
export const deleteWorkspace = (houston: HoustonSession, workspaceId: string) => houston.call(DeleteWorkspace, workspaceId);
