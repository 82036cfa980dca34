// The zod transform registers every named schema twice (an input and an output variant). A
// generated client wants one name per shape: keep only the components the paths reference,
// and drop the `Input` suffix where no output variant of the same name survives.

type Json = unknown;

function collectRefs(node: Json, into: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, into);
  } else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value.replace('#/components/schemas/', ''));
      else collectRefs(value, into);
    }
  }
}

function renameRefs(node: Json, renames: Map<string, string>): Json {
  if (Array.isArray(node)) return node.map((item) => renameRefs(item, renames));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '');
        return [key, `#/components/schemas/${renames.get(name) ?? name}`];
      }
      return [key, renameRefs(value, renames)];
    }),
  );
}

export function tidyComponents<T extends { paths?: Json; components?: { schemas?: Record<string, Json> } }>(document: T): T {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const used = new Set<string>();
  collectRefs(document.paths, used);
  // Follow references between components until nothing new turns up.
  for (let size = -1; size !== used.size; ) {
    size = used.size;
    for (const name of [...used]) collectRefs(schemas[name], used);
  }
  const renames = new Map<string, string>();
  for (const name of used) {
    const plain = name.replace(/Input$/, '');
    if (plain !== name && !used.has(plain)) renames.set(name, plain);
  }
  const kept: Record<string, Json> = {};
  for (const name of Object.keys(schemas).sort()) {
    if (used.has(name)) kept[renames.get(name) ?? name] = renameRefs(schemas[name], renames);
  }
  return {
    ...document,
    paths: renameRefs(document.paths, renames),
    components: { ...document.components, schemas: kept },
  };
}
