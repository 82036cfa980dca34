// The record of GraphQL requests the emulator received, for tests that count upstream calls
// (cache hits, retries, coalescing).
import { Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { CallLog, RecordedCall } from './api.js';

export class CallRecorder implements CallLog {
  private calls: RecordedCall[] = [];

  record(call: RecordedCall): void {
    this.calls.push(call);
  }

  count(rootField?: string): number {
    if (rootField === undefined) return this.calls.length;
    return this.calls.filter((call) => call.rootFields.includes(rootField)).length;
  }

  get all(): readonly RecordedCall[] {
    return [...this.calls];
  }

  reset(): void {
    this.calls = [];
  }
}

/** Field names at the root of the operation, through fragments (aliases resolved to field names). */
export function rootFieldsOf(document: DocumentNode, operation: OperationDefinitionNode | null): string[] {
  if (!operation) return [];
  const fragments = new Map(
    document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])),
  );
  const names: string[] = [];
  const seen = new Set<string>();
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) names.push(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) visit(fragment.selectionSet);
      }
    }
  };
  visit(operation.selectionSet);
  return [...new Set(names)];
}

/** Lower-cased headers with the credential blanked out. */
export function recordableHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] = key === 'authorization' || key === 'cookie' ? '[redacted]' : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
