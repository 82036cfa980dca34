// One Houston line at a time: the schema of a line is the 0.25 base plus every line delta up to it
// (lines/), built with graphql-js alone, so a field or argument of another line fails validation
// with graphql-js's own message, as a real server of that line answers. `houstonSchema()` needs no
// running server: tests validate documents against it.
import { buildASTSchema, printSchema, type GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers/index.js';
import { applyDelta, documentOf, typeMapOf, type TypeMap } from './apply-delta.js';
import { attachResolvers, type ResolverMap } from './attach.js';
import { BASE_LABEL, BASE_SINCE, baseSdl } from './base/index.js';
import { BASE_FEATURES, type LineFeatures } from './define-line.js';
import { LINE_DELTAS } from './lines/index.js';
import { compareVersionTuples, parseHoustonVersion } from './version.js';

export type { LineFeatures } from './define-line.js';
export { parseHoustonVersion } from './version.js';

export interface HoustonLine {
  /** The first version of the line, e.g. '0.34.0'. */
  readonly since: string;
  /** The versions it stands for, e.g. '0.34–0.37'. */
  readonly label: string;
  readonly features: Readonly<LineFeatures>;
}

interface BuiltLine extends HoustonLine {
  readonly types: TypeMap;
}

function buildLines(): BuiltLine[] {
  const lines: BuiltLine[] = [{ since: BASE_SINCE, label: BASE_LABEL, features: BASE_FEATURES, types: typeMapOf(baseSdl) }];
  for (const delta of LINE_DELTAS) {
    const previous = lines.at(-1)!;
    if (compareVersionTuples(parseHoustonVersion(delta.since), parseHoustonVersion(previous.since)) <= 0) {
      throw new Error(`line ${delta.since} is listed after ${previous.since}`);
    }
    const types = applyDelta(previous.types, delta);
    lines.push({ since: delta.since, label: delta.label, features: { ...previous.features, ...delta.features }, types });
  }
  return lines;
}

const LINES: readonly BuiltLine[] = buildLines();

/** The lines the emulator can play, oldest first. */
export const HOUSTON_LINES: readonly { since: string; label: string }[] = LINES.map(({ since, label }) => ({ since, label }));

export const NEWEST_HOUSTON_VERSION: string = LINES.at(-1)!.since;

/**
 * The line a version belongs to: the newest line whose `since` is not above it. A version below
 * 0.25.0 gets the 0.25 line; one that is not a version throws.
 */
export function houstonLine(version: string = NEWEST_HOUSTON_VERSION): HoustonLine {
  const wanted = parseHoustonVersion(version);
  const found = LINES.findLast((line) => compareVersionTuples(parseHoustonVersion(line.since), wanted) <= 0) ?? LINES[0]!;
  return { since: found.since, label: found.label, features: found.features };
}

const schemas = new Map<string, GraphQLSchema>();

/** The executable schema of a line (default: the newest), built once per line. */
export function houstonSchema(version?: string): GraphQLSchema {
  const { since } = houstonLine(version);
  let schema = schemas.get(since);
  if (!schema) {
    const line = LINES.find((candidate) => candidate.since === since)!;
    schema = attachResolvers(buildASTSchema(documentOf(line.types)), resolvers as unknown as ResolverMap);
    schemas.set(since, schema);
  }
  return schema;
}

/** The SDL of a line (default: the newest), as graphql-js prints it. */
export function houstonSdl(version?: string): string {
  return printSchema(houstonSchema(version));
}
