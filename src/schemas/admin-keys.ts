import { z } from 'zod';
import { NewCallerKeySchema } from '../auth/caller-keys.js';
import type { CallerKeyRecord } from '../auth/key-record.js';
import { SCOPES } from '../auth/scopes.js';
import { EXAMPLE_ID, TimestampSchema } from './common.js';

export const CreateCallerKeyBodySchema = NewCallerKeySchema.meta({
  id: 'CreateCallerKey',
  examples: [{ name: 'nightly ETL pipeline', scopes: ['deployments:read', 'deployments:deploy'], workspaces: [EXAMPLE_ID], credential: 'default', expiresAt: '2027-06-30T00:00:00Z' }],
});

export const CallerKeyParamsSchema = z.object({
  keyId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be a caller key id'),
});

export type CallerKeyStatus = 'active' | 'revoked' | 'expired';

export const CallerKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(['active', 'revoked', 'expired']),
    scopes: z.array(z.enum(SCOPES)),
    workspaces: z.array(z.string()).nullable().describe('null: every workspace the credential reaches'),
    credential: z.string().describe('Name of the Houston credential the key acts through'),
    rateLimit: z
      .object({
        // Bounded as a new key's limit is (NewCallerKeySchema): the document then shows sensible numbers.
        max: z.number().int().min(1).max(1_000_000).meta({ examples: [600] }),
        windowSeconds: z.number().int().min(1).max(86_400).meta({ examples: [60] }),
      })
      .nullable(),
    createdAt: TimestampSchema,
    lastUsedAt: TimestampSchema.nullable().describe('Written at most once a minute per gateway instance'),
    expiresAt: TimestampSchema.nullable(),
    revokedAt: TimestampSchema.nullable(),
  })
  .describe('A caller key as listed: never the key or its hash')
  .meta({ id: 'CallerKey' });

export const CreatedCallerKeySchema = CallerKeySchema.extend({
  key: z.string().describe('The caller key itself: shown in this response only, never stored'),
}).meta({ id: 'CreatedCallerKey' });

export function statusOf(record: CallerKeyRecord, now = Date.now()): CallerKeyStatus {
  if (record.revokedAt) return 'revoked';
  if (record.expiresAt && Date.parse(record.expiresAt) <= now) return 'expired';
  return 'active';
}

export function toCallerKeyView(record: CallerKeyRecord): z.infer<typeof CallerKeySchema> {
  return { ...record, scopes: [...record.scopes], workspaces: record.workspaces ? [...record.workspaces] : null, status: statusOf(record) };
}
