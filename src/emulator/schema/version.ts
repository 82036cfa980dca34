// Houston version strings as the official client reads them (FACTS §2.1): an optional leading `v`,
// a pre-release or build suffix ignored (`0.35.0-rc2` is 0.35.0), short forms `1` and `1.2` allowed.

export type VersionTuple = readonly [number, number, number];

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+].*)?$/;

/** Throws a clear Error for anything that is not a version. */
export function parseHoustonVersion(version: string): VersionTuple {
  const match = VERSION.exec(version.trim());
  if (!match) throw new Error(`Not a Houston version: ${JSON.stringify(version)} (expected e.g. "0.37.7", "v2.1.0" or "1.0.1-rc2")`);
  return [Number(match[1]), Number(match[2] ?? 0), Number(match[3] ?? 0)];
}

export function compareVersionTuples(a: VersionTuple, b: VersionTuple): number {
  const diff = a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  return Math.sign(diff);
}
