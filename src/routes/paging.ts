// Paged lists: every list route takes `limit` and an opaque `cursor` and answers a plain JSON array,
// with an RFC 8288 `Link: <…>; rel="next"` header while more remains. A cursor names the list it
// belongs to and where the next page starts (an offset, or the id after which it starts, for
// Houston's cursor-paged queries). It is not signed: a caller may only ever reach pages it could
// ask for anyway, and one that does not decode, or belongs to another list, is a 400.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { GatewayError } from '../errors.js';
import type { PageQuery } from '../schemas/paging.js';

export { PageQuerySchema, type PageQuery } from '../schemas/paging.js';

/** Where a page starts: an offset into the list, or (Houston's cursor paging) the id it follows. */
export type PageStart = { offset: number } | { after: string };

const CursorSchema = z.union([
  z.object({ r: z.string(), o: z.number().int().min(0).max(10_000_000) }).strict(),
  z.object({ r: z.string(), a: z.string().min(1).max(256) }).strict(),
]);

function refusedCursor(message: string): GatewayError {
  return new GatewayError('GW_REQUEST_INVALID', `cursor: ${message}`, { errors: [{ field: 'querystring/cursor', message }] });
}

/** The list a cursor belongs to: the route, whatever its path parameters. */
const listOf = (request: FastifyRequest) => request.routeOptions.url ?? '';

export function pageStart(request: FastifyRequest, cursor: string | undefined): PageStart {
  if (cursor === undefined) return { offset: 0 };
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refusedCursor('not a cursor this gateway made');
  }
  const parsed = CursorSchema.safeParse(decoded);
  if (!parsed.success) throw refusedCursor('not a cursor this gateway made');
  if (parsed.data.r !== listOf(request)) throw refusedCursor('this cursor belongs to another list');
  return 'o' in parsed.data ? { offset: parsed.data.o } : { after: parsed.data.a };
}

/** Sets `Link: <this URL with the next cursor>; rel="next"`. */
export function linkNext(request: FastifyRequest, reply: FastifyReply, next: PageStart): void {
  const cursor = Buffer.from(JSON.stringify({ r: listOf(request), ...('offset' in next ? { o: next.offset } : { a: next.after }) })).toString('base64url');
  const url = new URL(request.url, 'http://gateway.invalid');
  url.searchParams.set('cursor', cursor);
  reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
}

/** Pages a whole list in the gateway: for lines or lists Houston does not page. */
export function pageOf<T>(request: FastifyRequest, reply: FastifyReply, items: readonly T[], query: PageQuery): T[] {
  const start = pageStart(request, query.cursor);
  if (!('offset' in start)) throw refusedCursor('this cursor belongs to another list');
  const page = items.slice(start.offset, start.offset + query.limit);
  if (start.offset + query.limit < items.length) linkNext(request, reply, { offset: start.offset + query.limit });
  return page;
}

/** For Houston's cursor paging: asked for limit + 1, it has more when the extra one came. */
export function pageAfter<T extends { id: string }>(request: FastifyRequest, reply: FastifyReply, fetched: readonly T[], limit: number): T[] {
  const page = fetched.slice(0, limit);
  if (fetched.length > limit && page.length > 0) linkNext(request, reply, { after: page[page.length - 1]!.id });
  return page;
}
