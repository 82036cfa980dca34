// Platform configuration, user search and system role bindings.
import type { SystemRoleBinding } from '../../schemas/system.js';
import type { User } from '../../schemas/users.js';
import { AppConfig } from '../definitions/app-config.js';
import { notFound } from '../errors.js';
import { compact, toUser, type HoustonRoleBinding, type HoustonUser, type Maybe, type PlatformConfig } from '../mappers.js';
import { defineUnversioned } from '../operation.js';
import type { HoustonSession } from '../session.js';
import { USER_FIELDS } from './user-fields.js';

export { AppConfig };

export const SearchUsers = defineUnversioned({
  name: 'SearchUsers',
  kind: 'query',
  document: `query SearchUsers($email: String) { users(user: { email: $email }) { ${USER_FIELDS} } }`,
  variables: (email: string) => ({ email }),
  result: (data: { users: Maybe<Maybe<HoustonUser>[]> }): User[] => compact(data.users).map(toUser),
});

export const CreateSystemRoleBinding = defineUnversioned({
  name: 'CreateSystemRoleBinding',
  kind: 'mutation',
  document: `mutation CreateSystemRoleBinding($userId: ID!, $role: Role!) {
    createSystemRoleBinding(userId: $userId, role: $role) { id role user { id } } }`,
  variables: (input: { userId: string; role: string }) => input,
  result: (data: { createSystemRoleBinding: Maybe<HoustonRoleBinding> }) => data.createSystemRoleBinding,
});

export const getPlatform = (houston: HoustonSession): Promise<PlatformConfig> => houston.call(AppConfig, undefined);

export const searchUsers = (houston: HoustonSession, email: string): Promise<User[]> => houston.call(SearchUsers, email);

export async function createSystemRoleBinding(houston: HoustonSession, userId: string, role: string): Promise<SystemRoleBinding> {
  const binding = await houston.call(CreateSystemRoleBinding, { userId, role });
  if (!binding) throw notFound('CreateSystemRoleBinding');
  return { id: binding.id ?? '', role: binding.role ?? role, userId: binding.user?.id ?? userId };
}
