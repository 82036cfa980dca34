// Houston's two paging styles: offset pages (paginatedWorkspaces, paginatedDeployments) and
// Prisma-style cursors (paginatedWorkspaceUsers, paginatedTeams; FACTS §3.7): the page after the
// cursor for a positive take, the page before it for a negative one, the cursor itself excluded.

export function offsetPage<T>(items: readonly T[], take: number | null | undefined, pageNumber: number | null | undefined): T[] {
  if (take === null || take === undefined || take < 0) return [...items];
  const start = Math.max(0, pageNumber ?? 0) * take;
  return items.slice(start, start + take);
}

export function cursorPage<T extends { id: string }>(
  items: readonly T[],
  cursor: string | null | undefined,
  take: number | null | undefined,
): T[] {
  if (!cursor) {
    if (take === null || take === undefined) return [...items];
    return take >= 0 ? items.slice(0, take) : items.slice(Math.max(0, items.length + take));
  }
  const index = items.findIndex((item) => item.id === cursor);
  if (index < 0) return [];
  if (take === null || take === undefined) return items.slice(index + 1);
  return take >= 0 ? items.slice(index + 1, index + 1 + take) : items.slice(Math.max(0, index + take), index);
}
