// Houston's error messages and Apollo-style codes. Messages are taken from Houston's source
// (verdverm/houston-api, src/lib/errors/errors.js) where it has one; Apollo gives a plain
// `Error` the code INTERNAL_SERVER_ERROR, a UserInputError BAD_USER_INPUT, a ForbiddenError FORBIDDEN.
import { GraphQLError } from 'graphql';

export const PERMISSION_MESSAGE = 'You do not have the appropriate permissions for that';
export const NOT_FOUND_MESSAGE = 'The requested resource was not found';

function houstonError(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** Also what a missing, unknown or expired token gets: Houston's auth directive throws it when there is no user. */
export const forbidden = (): GraphQLError => houstonError(PERMISSION_MESSAGE, 'FORBIDDEN');

/** Houston's ResourceNotFoundError is an ApolloError with its own code. */
export const notFound = (): GraphQLError => houstonError(NOT_FOUND_MESSAGE, 'RESOURCE_NOT_FOUND');

export const badInput = (message: string): GraphQLError => houstonError(message, 'BAD_USER_INPUT');

export const missingArgument = (name: string): GraphQLError => badInput(`A required argument was not sent: ${name}`);

export const duplicateDeploymentLabel = (label: string): GraphQLError =>
  badInput(`Workspace already has a deployment named ${label}`);

export const duplicateReleaseName = (releaseName: string): GraphQLError =>
  badInput(`A deployment with the release name ${releaseName} already exists`);

/** Emulator choice: workspace labels are unique platform-wide (see README of the emulator in index.ts). */
export const duplicateWorkspaceLabel = (label: string): GraphQLError =>
  badInput(`A workspace with the label ${label} already exists`);

export const userAlreadyInWorkspace = (): GraphQLError => badInput('User already exists in workspace');

export const teamAlreadyInWorkspace = (): GraphQLError => badInput('Team already exists in workspace');

/** Houston's UserInviteExistsError (an ApolloError with its own code). */
export const userAlreadyInvited = (): GraphQLError => houstonError('User already invited', 'USER_ALREADY_INVITED');

export const duplicateRoleBinding = (): GraphQLError => badInput('A duplicate role binding already exists');

/** `entity` is workspace, deployment or system; Houston says "invalid workspace role" on workspaceAddUser. */
export const invalidRole = (entity: 'workspace' | 'deployment' | 'system'): GraphQLError =>
  badInput(`invalid ${entity} role`);

export const invalidCredentials = (): GraphQLError =>
  houstonError('Invalid password and username combination', 'INTERNAL_SERVER_ERROR');

export const credentialsNotFound = (): GraphQLError => houstonError('No password credentials found', 'UNAUTHENTICATED');

export const duplicateEmail = (): GraphQLError => houstonError('Email address in use', 'DUPLICATE_EMAIL');

export const inviteTokenNotFound = (): GraphQLError => badInput('Invite token not found');

/** Houston's WorkspaceDeleteError is a plain Error. */
export const workspaceHasDeployments = (): GraphQLError =>
  houstonError(
    'You must first deprovision all deployments before you can delete your workspace.',
    'INTERNAL_SERVER_ERROR',
  );

/** Houston's InvalidDeploymentError (plain Error) with its environment-validation message. */
export function reservedEnvVars(keys: readonly string[]): GraphQLError {
  const list = keys.length < 2 ? keys.join('') : `${keys.slice(0, -1).join(', ')} and ${keys.at(-1) ?? ''}`;
  const verb = keys.length > 1 ? 'are' : 'is';
  return houstonError(`${list} ${verb} set automatically and cannot be overridden`, 'INTERNAL_SERVER_ERROR');
}

/**
 * 2.0: a new deployment on an INACTIVE cluster. A guess: the 2.x docs give this message (code not
 * shown) for configuration updates of an inactive cluster; the one for new deployments is not published.
 */
export const clusterNotActive = (): GraphQLError => badInput('This operation is not allowed as the cluster is not active');

/** 2.1 image deploy through upsertDeployment for an unknown release (astro-cli PR #2134; the code is a guess). */
export const noDeploymentWithReleaseName = (releaseName: string): GraphQLError =>
  badInput(`No deployment exists with releaseName: ${releaseName}`);
