// Platform-version handling as the official client does it (FACTS.md §2.1-2.2): a leading `v`
// is optional, pre-release suffixes are dropped, and a document is chosen by the greatest
// version key at or below the platform version; an unknown or too-old version gets the newest.
import type { VersionedDocument } from './documents.js';

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

export function selectDocument(entries: readonly VersionedDocument[], platformVersion: string | null): VersionedDocument {
  const sorted = [...entries].sort((x, y) => compareVersions(parseVersion(x.since)!, parseVersion(y.since)!));
  const newest = sorted[sorted.length - 1];
  if (!newest) throw new Error('an operation has no documents');
  const version = parseVersion(platformVersion);
  if (!version) return newest;
  let chosen: VersionedDocument | undefined;
  for (const entry of sorted) {
    if (compareVersions(parseVersion(entry.since)!, version) <= 0) chosen = entry;
  }
  return chosen ?? newest;
}
