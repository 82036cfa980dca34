// Parses the environment one variable at a time, so a bad variable does not hide the others'
// values: the cross-field and per-command checks still run on every variable that parsed, and one
// ConfigError lists every problem instead of revealing them round after round.
import type { z } from 'zod';

export interface ParsedFields<T> {
  /** Every variable that parsed (defaults applied); complete when `problems` is empty. */
  data: Partial<T>;
  /** Variables that did not parse: a check reading one of them is skipped (it is reported already). */
  failed: ReadonlySet<string>;
  /** `NAME: message`, never the value (a bad variable may hold a secret). */
  problems: string[];
}

export function parseFields<Shape extends z.ZodRawShape>(
  shape: Shape,
  env: Record<string, string | undefined>,
): ParsedFields<z.infer<z.ZodObject<Shape>>> {
  const data: Record<string, unknown> = {};
  const failed = new Set<string>();
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(shape) as [string, z.ZodType][]) {
    const parsed = schema.safeParse(env[name]);
    if (parsed.success) {
      if (parsed.data !== undefined) data[name] = parsed.data;
      continue;
    }
    failed.add(name);
    for (const issue of parsed.error.issues) problems.push(`${[name, ...issue.path.map(String)].join('.')}: ${issue.message}`);
  }
  return { data: data as Partial<z.infer<z.ZodObject<Shape>>>, failed, problems };
}

/** True when none of `names` failed to parse, so a check reading them may run. */
export function parsedAll(failed: ReadonlySet<string>, ...names: string[]): boolean {
  return names.every((name) => !failed.has(name));
}
