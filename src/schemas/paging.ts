// The query of every paged list route (see routes/paging.ts for how pages and cursors work).
import { z } from 'zod';

export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 500;

export const PageQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_LIMIT)
    .default(DEFAULT_PAGE_LIMIT)
    .describe(`Items per page (default ${DEFAULT_PAGE_LIMIT}, at most ${MAX_PAGE_LIMIT})`),
  cursor: z.string().min(1).max(1024).optional().describe('From the Link header of the previous page; opaque'),
});

export type PageQuery = z.infer<typeof PageQuerySchema>;
