// Version strings as the official client reads them (FACTS.md §2.1): a leading `v` is optional,
// pre-release suffixes are dropped, short forms (`v1`, `0.35`) are accepted.

export type Semver = readonly [number, number, number];

export function parseVersion(raw: string | null | undefined): Semver | null {
  if (!raw) return null;
  const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/.exec(raw.trim());
  if (!match) return null;
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function compareVersions(a: Semver, b: Semver): number {
  for (let i = 0; i < 3; i++) {
    const diff = a[i]! - b[i]!;
    if (diff !== 0) return diff;
  }
  return 0;
}
