// Documents the client sends to a line whose emulated schema nevertheless refuses them, each with
// graphql-js's error (Houston is an Apollo server, whose validation is graphql-js's).
//
// The emulator's 1.0.1 line drops Mutation.updateDeploymentAirflow with Astronomer Certified
// (astro-cli PR #1988; src/emulator/schema/lines/1.0.1.ts), while astro-cli at HEAD still has an
// ungated updateDeploymentAirflow document (houston/deployment.go), sent only for AC deployments,
// which 1.0.1 no longer has. Whether a real 1.0.1+ Houston keeps the mutation is unverified
// (VERSIONS §4): the tests keep it as an expected refusal with its exact error, so a change on
// either side shows.
import { gateOpen } from './index.js';

export interface RefusedByOwnLine {
  /** The astro-cli Go variable, as in cliDocumentsFor's `name` (no `@key`: these are plain strings). */
  readonly name: string;
  /** The first version whose line refuses it. */
  readonly since: string;
  /** graphql-js's validation messages, in order. */
  readonly messages: readonly string[];
}

export const REFUSED_BY_OWN_LINE: readonly RefusedByOwnLine[] = [
  {
    name: 'UpdateDeploymentAirflowRequest',
    since: '1.0.1',
    messages: ['Cannot query field "updateDeploymentAirflow" on type "Mutation".'],
  },
];

/** The refusal that applies to the document `name` sent to a Houston at `version`, if any. */
export function refusedByOwnLine(name: string, version: string): RefusedByOwnLine | undefined {
  return REFUSED_BY_OWN_LINE.find((known) => known.name === name && gateOpen(known.since, version));
}

/**
 * A graphql-js message without the " Did you mean …?" suggestions it appends when the schema has
 * similarly named fields: those depend on the rest of the line, not on the refusal.
 */
export function withoutSuggestions(message: string): string {
  return message.replace(/ Did you mean .+\?$/, '');
}
