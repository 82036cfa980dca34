import type { Platform } from '../../schemas/platform.js';
import type { SystemRoleBinding } from '../../schemas/system.js';
import type { User } from '../../schemas/users.js';
import { notFound } from '../errors.js';
import { toPlatform, toUser, type HoustonAppConfig, type HoustonRoleBinding, type HoustonUser } from '../mappers.js';
import type { HoustonSession } from '../session.js';

export async function getPlatform(houston: HoustonSession): Promise<Platform> {
  const data = await houston.run<{ appConfig: HoustonAppConfig | null }>('AppConfig');
  if (!data.appConfig) throw notFound('AppConfig');
  return toPlatform(data.appConfig);
}

export async function searchUsers(houston: HoustonSession, email: string): Promise<User[]> {
  const data = await houston.run<{ users: (HoustonUser | null)[] | null }>('SearchUsers', { email });
  return (data.users ?? []).flatMap((u) => (u ? [toUser(u)] : []));
}

export async function createSystemRoleBinding(houston: HoustonSession, userId: string, role: string): Promise<SystemRoleBinding> {
  const data = await houston.run<{ createSystemRoleBinding: HoustonRoleBinding | null }>('CreateSystemRoleBinding', {
    userId,
    role,
  });
  const binding = data.createSystemRoleBinding;
  if (!binding) throw notFound('CreateSystemRoleBinding');
  return { id: binding.id ?? '', role: binding.role ?? role, userId: binding.user?.id ?? userId };
}
