/**
 * Writes the JSON Schema files in schema/ from the zod schemas in src/core (the one definition).
 *
 *   npx tsx scripts/gen-schema.ts           write schema/*.json
 *   npx tsx scripts/gen-schema.ts --check   exit 1 when a committed file is out of date
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateJsonSchemaFiles } from '../src/core/index.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
let stale = 0;
for (const [path, text] of Object.entries(generateJsonSchemaFiles())) {
  const file = join(root, path);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) {
    console.log(`${path}: up to date`);
  } else if (check) {
    console.error(`${path}: out of date; run npx tsx scripts/gen-schema.ts`);
    stale++;
  } else {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`${path}: written`);
  }
}
process.exitCode = stale > 0 ? 1 : 0;
