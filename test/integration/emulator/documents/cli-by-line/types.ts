// The shape of the official client's (astro-cli's) GraphQL documents as this directory records them.
// The documents themselves live in one module per astro-cli file (houston/<file>.go at commit
// ed93cc59e54def23d0c404c0a491583179177143), each printed by graphql-js; see index.ts for the
// version rule that picks among them.

/** JSON variables as the client sends them (its request struct or map, marshalled). */
export type Variables = Record<string, unknown>;

/**
 * A version below which the client never sends the document.
 * `method`: the client's method gate (`houstonAPIAvailabilityByVersion`, houston/decorator.go),
 * which fails the call without a request. `command`: the command that sends it is hidden below
 * that version (cmd/apc/utils.go or an explicit VerifyVersionMatch in a command).
 */
export interface Gate {
  readonly since: string;
  readonly by: 'method' | 'command';
  readonly what: string;
}

/** One entry of a client queryList: the text the client uses from `key` up to the next key. */
export interface KeyedDocument {
  readonly key: string;
  /** Example variables of that version; absent where the client sends `variables: null`. */
  readonly variables?: Variables;
  readonly document: string;
}

interface ClientDocumentBase {
  /** The astro-cli Go variable that holds the text. */
  readonly name: string;
  /** The astro-cli `ClientInterface` methods that send it. */
  readonly methods: readonly string[];
  readonly gate?: Gate;
}

/** A document the client keeps as one plain string, sent whatever the platform version. */
export interface UnversionedClientDocument extends ClientDocumentBase {
  /** Example variables; absent where the client sends `variables: null`. */
  readonly variables?: Variables;
  readonly document: string;
}

/** A document the client keeps as a queryList, chosen by the greatest-lower-bound rule. */
export interface VersionedClientDocument extends ClientDocumentBase {
  /** Sorted by key, lowest first. */
  readonly queryList: readonly KeyedDocument[];
}

export type ClientDocument = UnversionedClientDocument | VersionedClientDocument;
