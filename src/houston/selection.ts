// Which variant of each operation fits the connected Houston. Two ways, both pure:
// - by schema (introspection): the newest variant that validates against what Houston serves,
//   after dropping optional fields the schema lacks — exact, whatever version string Houston reports;
// - by version (introspection off): the official client's rule (FACTS.md §2.2), the variant with
//   the greatest `since` at or below the version, the newest when the version cannot be read, and
//   the unverified (optional) fields left out.
import { print, TypeInfo, validate, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';
import type { AnyOperation, Capability, OperationVariant } from './operation.js';
import { compareVersions, parseVersion, type Semver } from './version.js';

export interface ChosenVariant {
  variant: OperationVariant<unknown, unknown>;
  /** The text to send: the variant's document, less optional fields this Houston lacks. */
  document: string;
}

export interface Selection {
  source: 'introspection' | 'version';
  /** What `appConfig { version }` reported, when asked. */
  version: string | null;
  chosen: ReadonlyMap<string, ChosenVariant>;
  /** Operation name → why no variant fits, in words a caller can act on. */
  unsupported: ReadonlyMap<string, string>;
  capabilities: ReadonlySet<Capability>;
}

/** Drops `Type.field` selections named optional that the schema does not have. */
export function pruneOptionalFields(ast: DocumentNode, schema: GraphQLSchema, optional: readonly string[]): DocumentNode {
  if (optional.length === 0) return ast;
  const names = new Set(optional);
  const typeInfo = new TypeInfo(schema);
  return visit(
    ast,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && !typeInfo.getFieldDef() && names.has(`${parent.name}.${node.name.value}`)) return null;
        return undefined;
      },
    }),
  );
}

function capabilitiesOf(operations: readonly AnyOperation[], chosen: ReadonlyMap<string, ChosenVariant>): Set<Capability> {
  const capabilities = new Set<Capability>();
  for (const operation of operations) {
    const pick = chosen.get(operation.name);
    if (!pick) continue;
    if (operation.capability) capabilities.add(operation.capability);
    for (const capability of pick.variant.provides) capabilities.add(capability);
  }
  return capabilities;
}

export function selectBySchema(schema: GraphQLSchema, operations: readonly AnyOperation[], version: string | null = null): Selection {
  const chosen = new Map<string, ChosenVariant>();
  const unsupported = new Map<string, string>();
  for (const operation of operations) {
    let firstRefusal: string | undefined;
    for (const variant of [...operation.variants].reverse()) {
      const ast = pruneOptionalFields(variant.ast, schema, variant.optionalFields);
      const errors = validate(schema, ast);
      if (errors.length === 0) {
        chosen.set(operation.name, { variant, document: ast === variant.ast ? variant.document : print(ast) });
        break;
      }
      firstRefusal ??= errors[0]!.message;
    }
    if (!chosen.has(operation.name)) {
      unsupported.set(operation.name, `the connected Houston's schema lacks what ${operation.name} needs: ${firstRefusal ?? 'no variant'}`);
    }
  }
  return { source: 'introspection', version, chosen, unsupported, capabilities: capabilitiesOf(operations, chosen) };
}

/**
 * Without a schema, optional fields are left out: they are the unverified ones, and a field a line
 * lacks fails the whole document. Matched by field name, so an optional name is never also a
 * required field elsewhere in the same document.
 */
export function dropOptionalFields(ast: DocumentNode, optional: readonly string[]): DocumentNode {
  if (optional.length === 0) return ast;
  const names = new Set(optional.map((name) => name.slice(name.indexOf('.') + 1)));
  return visit(ast, { Field: (node) => (names.has(node.name.value) ? null : undefined) });
}

const BASELINE: Semver = [0, 25, 0];

function since(variant: OperationVariant<unknown, unknown>): Semver {
  return parseVersion(variant.since) ?? BASELINE;
}

function retired(variant: OperationVariant<unknown, unknown>, version: Semver): boolean {
  const until = parseVersion(variant.until);
  return until !== null && compareVersions(version, until) >= 0;
}

function byVersion(operation: AnyOperation, version: Semver | null): OperationVariant<unknown, unknown> | string {
  const variants = operation.variants as readonly OperationVariant<unknown, unknown>[];
  // The client's rule for a version it cannot read: the newest text.
  if (!version) return variants[variants.length - 1]!;
  let pick: OperationVariant<unknown, unknown> | undefined;
  for (const candidate of variants) {
    if (compareVersions(since(candidate), version) <= 0) pick = candidate;
  }
  const first = variants[0]!;
  if (!pick) {
    // Older than every text. Where the oldest text is the 0.25 baseline the operation has always
    // existed, and the oldest text is the closest (the client would take the newest); otherwise
    // the operation arrived later, as the client's method gates say (FACTS.md §2.3).
    if (compareVersions(since(first), BASELINE) <= 0) return first;
    return `${operation.name} needs Houston ${first.since} or later`;
  }
  if (retired(pick, version)) return `${operation.name} is not available from Houston ${pick.until}`;
  return pick;
}

export function selectByVersion(reported: string | null, operations: readonly AnyOperation[]): Selection {
  const version = parseVersion(reported);
  const chosen = new Map<string, ChosenVariant>();
  const unsupported = new Map<string, string>();
  for (const operation of operations) {
    const pick = byVersion(operation, version);
    if (typeof pick === 'string') unsupported.set(operation.name, `${pick}; the connected Houston reports ${reported ?? 'no version'}`);
    else {
      const ast = dropOptionalFields(pick.ast, pick.optionalFields);
      chosen.set(operation.name, { variant: pick, document: ast === pick.ast ? pick.document : print(ast) });
    }
  }
  return { source: 'version', version: reported, chosen, unsupported, capabilities: capabilitiesOf(operations, chosen) };
}
