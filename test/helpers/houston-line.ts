// What the Houston line a suite runs on offers, for tests that run on every line (the matrix).
// Known when the file is collected, so `it.runIf` can keep a case to the lines it concerns.
import { compareVersions, parseVersion } from '../../src/houston/version.js';
import { testHoustonVersion } from './gateway.js';

export function atLeast(version: string, floor: string): boolean {
  return compareVersions(parseVersion(version)!, parseVersion(floor)!) >= 0;
}

/** What the suite's line offers, as the gateway reports it. */
export function suiteLine(version: string = testHoustonVersion()) {
  return {
    version,
    runtime: atLeast(version, '0.29.0'),
    astronomerCertified: !atLeast(version, '1.0.0'),
    clusters: atLeast(version, '1.0.0'),
    modes: atLeast(version, '2.1.0'),
    teams: atLeast(version, '0.28.0'),
  };
}
