import { z } from 'zod';
import { TimestampSchema } from './common.js';

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string().nullable(),
    fullName: z.string().nullable(),
    status: z.string().nullable(),
    emails: z.array(z.string()),
    createdAt: TimestampSchema.nullable(),
  })
  .meta({ id: 'User' });

export const SearchUsersQuerySchema = z.object({
  email: z.email().max(320).describe('Exact e-mail address to look up'),
});

export type User = z.infer<typeof UserSchema>;
