// The emulator's schema of each Houston line against the official client's documents.
//
// The documents are astro-cli's (houston/ package at commit ed93cc59e54def23d0c404c0a491583179177143),
// printed by graphql-js, in test/integration/emulator/documents/cli-by-line/; cliDocumentsFor(v) picks
// what the client sends to a Houston at version v (queryList greatest lower bound, method and command
// gates). Each line's schema must accept every document the client sends it, and must refuse the
// documents of later client versions where they use what the line lacks, with graphql-js's own
// validation messages (Houston is an Apollo server, whose validation is graphql-js's).
import { Kind, OperationTypeNode, getVariableValues, parse, print, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { HOUSTON_LINES, houstonSchema } from '../../src/emulator/index.js';
import {
  CLIENT_DOCUMENTS,
  clientDocument,
  cliDocumentsFor,
  greatestLowerBound,
  type ClientDocument,
  type SentDocument,
} from '../integration/emulator/documents/cli-by-line/index.js';
import { refusedByOwnLine } from '../integration/emulator/documents/cli-by-line/refused-by-own-line.js';

/** The versions checked: early lines, the last patches of supported ones, 2.x, and the first version of every line. */
const VERSIONS: readonly string[] = [
  ...new Set(['0.25.0', '0.28.0', '0.29.0', '0.35.0', '0.37.7', '1.0.0', '1.1.7', '2.0.1', '2.1.0', ...HOUSTON_LINES.map((line) => line.since)]),
].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));

function operationOf(document: string): OperationDefinitionNode {
  const operations = parse(document).definitions.filter(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (operations.length !== 1) throw new Error(`expected one operation, found ${operations.length}`);
  return operations[0]!;
}

function validationErrors(version: string, document: string): string[] {
  return validate(houstonSchema(version), parse(document)).map((error) => error.message);
}

/** Coerces the variables the client sends (undeclared ones are ignored, as by any GraphQL server). */
function variableErrors(version: string, { document, variables }: SentDocument): string[] {
  const result = getVariableValues(houstonSchema(version), operationOf(document).variableDefinitions ?? [], variables ?? {});
  return result.errors?.map((error) => error.message) ?? [];
}

const cannotQuery = (field: string, type: string): string => `Cannot query field "${field}" on type "${type}".`;
const unknownArgument = (argument: string, field: string): string => `Unknown argument "${argument}" on field "${field}".`;

/**
 * graphql-js's message, exactly, but for the "Did you mean …?" suggestions it appends when the
 * line has similarly named fields: those depend on the rest of the line, not on the refusal.
 */
function graphqlMessage(message: string): unknown {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return expect.stringMatching(new RegExp(`^${escaped}( Did you mean .+\\?)?$`));
}

function texts(entry: ClientDocument): { key?: string; document: string }[] {
  return 'queryList' in entry ? [...entry.queryList] : [entry];
}

function names(version: string): string[] {
  return cliDocumentsFor(version).map((sent) => sent.name);
}

describe('the client documents and the selection rule', () => {
  it('hold every document of the client but the log subscription, in canonical form', () => {
    // FACTS §0: 58 Go variables holding 82 documents, one of them the WebSocket subscription.
    expect(CLIENT_DOCUMENTS).toHaveLength(57);
    expect(CLIENT_DOCUMENTS.flatMap(texts)).toHaveLength(81);
    for (const entry of CLIENT_DOCUMENTS) {
      for (const { document } of texts(entry)) {
        expect(print(parse(document)), entry.name).toBe(document);
        expect(operationOf(document).operation, entry.name).not.toBe(OperationTypeNode.SUBSCRIPTION);
      }
    }
    expect(new Set(CLIENT_DOCUMENTS.map((entry) => entry.name)).size).toBe(CLIENT_DOCUMENTS.length);
  });

  it('pick the entry with the largest key not above the version (FACTS §2.5)', () => {
    expect(names('0.25.0')).toEqual(expect.arrayContaining(['AppConfigRequest@0.25.0', 'DeploymentCreateRequest@0.25.0']));
    expect(names('0.28.3')).toEqual(
      expect.arrayContaining(['AppConfigRequest@0.28.0', 'DeploymentCreateRequest@0.28.0', 'DeploymentGetRequest@0.25.0']),
    );
    expect(names('0.35.0')).toEqual(
      expect.arrayContaining([
        'AppConfigRequest@0.29.2',
        'AvailableNamespacesGetRequest@0.25.0',
        'DeploymentCreateRequest@0.29.0',
        'DeploymentsGetRequest@0.29.0',
        'PaginatedDeploymentsGetRequest@0.32.0',
        'DeploymentUpdateRequest@0.28.0',
        'DeploymentGetRequest@0.29.0',
        'DeploymentInfoRequest@0.25.0',
        'DeploymentImageUpdateRequest@0.25.0',
      ]),
    );
    expect(names('1.0.0')).toEqual(expect.arrayContaining(['DeploymentCreateRequest@1.0.0', 'DeploymentInfoRequest@0.25.0']));
    expect(names('1.1.7')).toEqual(expect.arrayContaining(['AppConfigRequest@1.0.0', 'DeploymentCreateRequest@1.0.1']));
    expect(names('2.0.1')).toEqual(expect.arrayContaining(['AppConfigRequest@2.0.0', 'DeploymentImageUpdateRequest@1.0.1']));
    expect(names('2.1.0')).toEqual(expect.arrayContaining(['DeploymentCreateRequest@2.1.0', 'DeploymentImageUpdateRequest@2.1.0']));
  });

  it('read versions the client way: "v" prefix, pre-release dropped, short forms', () => {
    expect(cliDocumentsFor('v0.35.0-rc2')).toEqual(cliDocumentsFor('0.35.0'));
    expect(cliDocumentsFor('0.35')).toEqual(cliDocumentsFor('0.35.0'));
    // Below every key, or not semver: the highest entry of every queryList (FACTS §10.2).
    for (const version of ['0.24.0', 'dev', '']) {
      expect(names(version)).toEqual(expect.arrayContaining(['AppConfigRequest@2.0.0', 'DeploymentCreateRequest@2.1.0']));
    }
    // ... but a version that is not semver is gated as 1.0.0, and 0.24.0 as itself.
    expect(names('dev')).not.toContain('AdoptDeploymentRequestMutation');
    expect(names('dev')).toContain('PaginatedDeploymentsGetRequest@1.0.1');
    expect(names('0.24.0')).not.toContain('GetRuntimeReleases');
  });

  it('send nothing below its gate (FACTS §2.3)', () => {
    expect(names('0.25.0')).not.toContain('TeamGetRequest');
    expect(names('0.25.0')).not.toContain('DeploymentGetTeamsRequest');
    expect(names('0.28.0')).toEqual(expect.arrayContaining(['TeamGetRequest', 'WorkspaceTeamAddRequest', 'DeploymentTeamAddRequest']));
    expect(names('0.28.0')).not.toContain('GetRuntimeReleases');
    expect(names('0.28.0')).not.toContain('CancelUpdateDeploymentRuntimeRequest');
    expect(names('0.29.0')).toEqual(expect.arrayContaining(['GetRuntimeReleases', 'UpdateDeploymentRuntimeRequest']));
    expect(names('0.29.1')).not.toContain('CreateTeamSystemRoleBindingMutation');
    expect(names('0.29.1')).not.toContain('DeploymentImageUpdateRequest@0.25.0');
    expect(names('0.29.2')).toEqual(expect.arrayContaining(['CreateTeamSystemRoleBindingMutation', 'DeploymentImageUpdateRequest@0.25.0']));
    expect(names('0.29.5')).not.toContain('WorkspacesPaginatedGetRequest');
    expect(names('0.30.0')).toEqual(expect.arrayContaining(['WorkspacesPaginatedGetRequest', 'WorkspacePaginatedGetUsersRequest']));
    expect(names('0.31.3')).not.toContain('PaginatedDeploymentsGetRequest@0.32.0');
    expect(names('2.0.1')).not.toContain('AdoptDeploymentRequestMutation');
    expect(names('2.1.0')).toEqual(expect.arrayContaining(['AdoptDeploymentRequestMutation', 'UnadoptDeploymentRequestMutation']));
  });
});

// Documents the client sends to a line whose emulated schema nevertheless refuses them
// (REFUSED_BY_OWN_LINE, with the reason): an expected failure (`it.fails`) with its exact error
// pinned, so a change on either side shows here.

describe.each(VERSIONS)('the Houston %s schema', (version) => {
  const sentDocuments = cliDocumentsFor(version);

  for (const { name, document } of sentDocuments) {
    const refused = refusedByOwnLine(name, version);
    (refused ? it.fails : it)(`accepts ${name}`, () => {
      expect(validationErrors(version, document)).toEqual([]);
    });
    if (refused) {
      it(`refuses ${name}, for now, with graphql-js's own error`, () => {
        expect(validationErrors(version, document)).toEqual(refused.messages.map(graphqlMessage));
      });
    }
  }

  it.each(sentDocuments.filter((sent) => sent.variables !== undefined))('accepts the variables of $name', (sent) => {
    expect(variableErrors(version, sent)).toEqual([]);
  });
});

interface Refusal {
  document: SentDocument;
  version: string;
  messages: string[];
}

const REFUSALS: Refusal[] = [
  // 1.0.0 brings clusters: create becomes upsertDeployment with clusterId.
  ...['1.0.0', '1.0.1'].map((key) => ({
    document: clientDocument('DeploymentCreateRequest', key),
    version: '0.37.7',
    messages: [unknownArgument('clusterId', 'Mutation.upsertDeployment')],
  })),
  {
    document: clientDocument('AppConfigRequest', '1.0.0'),
    version: '0.37.7',
    messages: [unknownArgument('clusterId', 'Query.appConfig')],
  },
  {
    document: clientDocument('AvailableNamespacesGetRequest', '1.0.0'),
    version: '0.37.7',
    messages: [unknownArgument('clusterId', 'Query.availableNamespaces')],
  },
  {
    document: clientDocument('DeploymentsGetRequest', '1.0.0'),
    version: '0.37.7',
    messages: [cannotQuery('clusterId', 'Deployment')],
  },
  {
    document: clientDocument('PaginatedDeploymentsGetRequest', '1.0.0'),
    version: '0.37.7',
    messages: [unknownArgument('clusterId', 'Query.paginatedDeployments'), cannotQuery('clusterId', 'Deployment')],
  },
  // 2.1.0 adds the deployment mode.
  {
    document: clientDocument('DeploymentCreateRequest', '2.1.0'),
    version: '2.0.1',
    messages: [unknownArgument('mode', 'Mutation.upsertDeployment')],
  },
  // 0.29.0 brings Astro Runtime.
  {
    document: clientDocument('DeploymentCreateRequest', '0.29.0'),
    version: '0.28.0',
    messages: [unknownArgument('runtimeVersion', 'Mutation.createDeployment'), cannotQuery('runtimeVersion', 'Deployment')],
  },
  {
    document: clientDocument('DeploymentsGetRequest', '0.29.0'),
    version: '0.28.0',
    messages: [cannotQuery('runtimeVersion', 'Deployment')],
  },
  {
    document: clientDocument('DeploymentGetRequest', '0.29.0'),
    version: '0.28.0',
    messages: [
      cannotQuery('runtimeVersion', 'Deployment'),
      cannotQuery('desiredRuntimeVersion', 'Deployment'),
      cannotQuery('runtimeAirflowVersion', 'Deployment'),
    ],
  },
  // 0.28.0 brings the triggerer and feature flags; 0.29.2 the BYO registry host.
  {
    document: clientDocument('AppConfigRequest', '0.28.0'),
    version: '0.25.0',
    messages: [cannotQuery('triggererEnabled', 'AppConfig'), cannotQuery('featureFlags', 'AppConfig')],
  },
  {
    document: clientDocument('DeploymentCreateRequest', '0.28.0'),
    version: '0.25.0',
    messages: [unknownArgument('triggerer', 'Mutation.createDeployment')],
  },
  {
    document: clientDocument('DeploymentUpdateRequest', '0.28.0'),
    version: '0.25.0',
    messages: [unknownArgument('triggerer', 'Mutation.updateDeployment')],
  },
  {
    document: clientDocument('AppConfigRequest', '0.29.2'),
    version: '0.29.0',
    messages: [cannotQuery('byoUpdateRegistryHost', 'AppConfig')],
  },
  // 1.0.1 removes Astronomer Certified: airflowVersion is gone from Deployment.
  ...(
    [
      ['DeploymentsGetRequest', '0.29.0'],
      ['PaginatedDeploymentsGetRequest', '0.32.0'],
      ['DeploymentCreateRequest', '1.0.0'],
      ['DeploymentUpdateRequest', '1.0.0'],
    ] as const
  ).map(([name, key]) => ({
    document: clientDocument(name, key),
    version: '1.1.7',
    messages: [cannotQuery('airflowVersion', 'Deployment')],
  })),
  {
    document: clientDocument('DeploymentGetRequest', '0.29.0'),
    version: '1.1.7',
    messages: [cannotQuery('airflowVersion', 'Deployment'), cannotQuery('desiredAirflowVersion', 'Deployment')],
  },
  // 2.0.0 reads app config per workspace and deployment.
  {
    document: clientDocument('AppConfigRequest', '2.0.0'),
    version: '1.1.7',
    messages: [unknownArgument('workspaceUuid', 'Query.appConfig'), unknownArgument('deploymentUuid', 'Query.appConfig')],
  },
];

describe('a line refuses what later client versions send', () => {
  it.each(REFUSALS.map((refusal) => ({ ...refusal, name: refusal.document.name })))(
    '$version refuses $name',
    ({ document, version, messages }) => {
      expect(validationErrors(version, document.document)).toEqual(expect.arrayContaining(messages.map(graphqlMessage)));
    },
  );
});

/** The last version below each gate the client has (VERSIONS §1.1 patch releases). */
const BELOW_GATE: Record<string, string> = {
  '0.28.0': '0.27.4',
  '0.29.0': '0.28.8',
  '0.29.2': '0.29.1',
  '0.30.0': '0.29.5',
  '0.32.0': '0.31.3',
  '2.1.0': '2.0.1',
};

describe('a line lacks the operations the client gates off below it', () => {
  const gated = CLIENT_DOCUMENTS.flatMap((entry) => {
    if (!entry.gate) return [];
    const below = BELOW_GATE[entry.gate.since];
    if (!below) throw new Error(`no version below the gate ${entry.gate.since} of ${entry.name}`);
    // The text the client sends from the gate on.
    const text = 'queryList' in entry ? greatestLowerBound(entry.queryList, entry.gate.since) : entry;
    return [{ name: entry.name, since: entry.gate.since, below, document: text.document }];
  });

  it.each(gated)('$below has no root field of $name (sent from $since)', ({ below, document }) => {
    const schema = houstonSchema(below);
    const operation = operationOf(document);
    const root = operation.operation === OperationTypeNode.MUTATION ? schema.getMutationType() : schema.getQueryType();
    const fields = operation.selectionSet.selections.flatMap((selection) =>
      selection.kind === Kind.FIELD ? [selection.name.value] : [],
    );
    expect(validationErrors(below, document)).toEqual(
      expect.arrayContaining(fields.map((field) => graphqlMessage(cannotQuery(field, root!.name)))),
    );
  });
});
