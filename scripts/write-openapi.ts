// `npm run openapi` writes the document; `npm run openapi:check` fails when the checked-in one drifted.
import { readFile, writeFile } from 'node:fs/promises';
import { generateOpenApiDocument } from '../src/openapi-document.js';

const target = new URL('../openapi/openapi.json', import.meta.url);
const generated = await generateOpenApiDocument();

if (process.argv.includes('--check')) {
  const current = await readFile(target, 'utf8').catch(() => '');
  if (current !== generated) {
    process.stderr.write('openapi/openapi.json is out of date: run `npm run openapi` and commit it.\n');
    process.exit(1);
  }
} else {
  await writeFile(target, generated);
  process.stdout.write(`wrote ${target.pathname}\n`);
}
