// One Houston operation as a versioned unit: each variant carries its document, how its variables
// are built from the gateway's input, and how its answer maps back, so a line that renames the root
// field (createDeployment → upsertDeployment) or its arguments is one more variant, not a branch
// at every call site. Which variant runs is decided per connected Houston (selection.ts).
import { Kind, OperationTypeNode, parse, type DocumentNode } from 'graphql';

export type Variables = Record<string, unknown>;

/** What a variant brings beyond the operation itself; GET /platform reports these. */
export type Capability = 'clusters' | 'runtime' | 'astronomerCertified' | 'modes' | 'teams' | 'runtimeReleases' | 'triggerer';

export interface VariantSpec<Input, Output, Data> {
  /**
   * The lowest Houston version this text is written for, as the official client keys its
   * documents (semver, no `v`). Used only when the schema cannot be read (introspection off).
   */
  since: string;
  /** The first version it no longer works on, when a later line removed what it needs. */
  until?: string;
  document: string;
  /**
   * Selected fields Houston may or may not have (`Type.field`), each unverified on some line: when
   * the introspected schema lacks one, it is dropped from the text instead of failing the variant.
   */
  optionalFields?: readonly string[];
  provides?: readonly Capability[];
  variables: (input: Input) => Variables;
  /** Maps `data` (the shape this document selects) to the gateway's result. */
  result: (data: Data) => Output;
}

export interface OperationVariant<Input, Output> {
  readonly since: string;
  readonly until: string | undefined;
  readonly document: string;
  readonly ast: DocumentNode;
  readonly optionalFields: readonly string[];
  readonly provides: readonly Capability[];
  variables: (input: Input) => Variables;
  result: (data: unknown) => Output;
}

export interface Operation<Input, Output> {
  /** The GraphQL operation name every variant carries (Houston's logs and the emulator's call log match it). */
  readonly name: string;
  /** Known from the definition: queries may be retried, mutations never are. */
  readonly kind: 'query' | 'mutation';
  /** Oldest first; among variants that fit a Houston, the last one wins. */
  readonly variants: readonly OperationVariant<Input, Output>[];
  /** A capability the operation itself stands for (e.g. `clusters` for listing clusters). */
  readonly capability: Capability | undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of operations of any input and output
export type AnyOperation = Operation<any, any>;

/**
 * One variant. `Data` is the shape the document selects: the single place where Houston's answer
 * is given a type, so call sites never cast.
 */
export function variant<Input, Output, Data>(spec: VariantSpec<Input, Output, Data>): VariantSpec<Input, Output, unknown> {
  return spec as VariantSpec<Input, Output, unknown>;
}

function operationOf(ast: DocumentNode) {
  const operations = ast.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) throw new Error('a Houston document holds exactly one operation');
  return operations[0]!;
}

export function defineOperation<Input, Output>(definition: {
  name: string;
  kind: 'query' | 'mutation';
  capability?: Capability;
  variants: readonly VariantSpec<Input, Output, unknown>[];
}): Operation<Input, Output> {
  if (definition.variants.length === 0) throw new Error(`${definition.name} has no variants`);
  const expected = definition.kind === 'query' ? OperationTypeNode.QUERY : OperationTypeNode.MUTATION;
  const variants = definition.variants.map((spec): OperationVariant<Input, Output> => {
    const ast = parse(spec.document);
    const operation = operationOf(ast);
    // Checked once at load, so a query can never be retried as if it were a mutation or the reverse.
    if (operation.operation !== expected || operation.name?.value !== definition.name) {
      throw new Error(`${definition.name} (since ${spec.since}): the document must be a ${definition.kind} named ${definition.name}`);
    }
    return {
      since: spec.since,
      until: spec.until,
      document: spec.document,
      ast,
      optionalFields: spec.optionalFields ?? [],
      provides: spec.provides ?? [],
      variables: spec.variables,
      result: spec.result,
    };
  });
  return { name: definition.name, kind: definition.kind, variants, capability: definition.capability };
}

/**
 * An operation with one text on every Houston line that has it (the official client's unversioned
 * documents): from 0.25 unless `since` says it arrived later.
 */
export function defineUnversioned<Input, Output, Data>(definition: {
  name: string;
  kind: 'query' | 'mutation';
  /** The first Houston version that has it. @default '0.25.0' */
  since?: string;
  document: string;
  variables: (input: Input) => Variables;
  result: (data: Data) => Output;
}): Operation<Input, Output> {
  const { name, kind, since = '0.25.0', ...spec } = definition;
  return defineOperation<Input, Output>({ name, kind, variants: [variant<Input, Output, Data>({ since, ...spec })] });
}
