// The Kubernetes namespaces a new deployment may be put in (where the platform lets callers choose:
// `manualNamespaceNames`), per cluster from 1.0, where the argument is required (FACTS.md §4.3).
import { compact, type Maybe } from '../mappers.js';
import { defineOperation, variant } from '../operation.js';

type Input = { clusterId?: string | undefined };
type Data = { availableNamespaces: Maybe<Maybe<{ name?: Maybe<string> }>[]> };

const names = (data: Data) => compact(data.availableNamespaces).flatMap((namespace) => (namespace.name ? [{ name: namespace.name }] : []));

export const ListNamespaces = defineOperation<Input, { name: string }[]>({
  name: 'ListNamespaces',
  kind: 'query',
  variants: [
    variant<Input, { name: string }[], Data>({
      since: '0.25.0',
      document: 'query ListNamespaces { availableNamespaces { name } }',
      variables: () => ({}),
      result: names,
    }),
    variant<Input, { name: string }[], Data>({
      since: '1.0.0',
      document: 'query ListNamespaces($clusterId: Uuid!) { availableNamespaces(clusterId: $clusterId) { name } }',
      provides: ['clusters'],
      variables: (input) => ({ clusterId: input.clusterId }),
      result: names,
    }),
  ],
});
