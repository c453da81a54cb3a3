/**
 * JSON Schema files for other tools, generated from the zod schemas (the one definition). `scripts/gen-schema.ts`
 * writes them to `schema/`; a unit test fails when the committed files are out of date.
 */
import * as z from 'zod';
import { REPORT_SCHEMA_ID, ReportSchema } from './report/schema.ts';
import { SNAPSHOT_SCHEMA_ID, SnapshotSchema } from './snapshot/schema.ts';

/** Where the generated files live, relative to the project root, and what they hold. */
export const JSON_SCHEMA_FILES = {
  'schema/snapshot.schema.json': { id: SNAPSHOT_SCHEMA_ID, schema: SnapshotSchema },
  'schema/report.schema.json': { id: REPORT_SCHEMA_ID, schema: ReportSchema },
} as const;

/**
 * The JSON Schema (draft 2020-12) of a document, describing what Leakscope accepts as input (unknown fields
 * allowed and ignored). `$id` is a URN such as `urn:leakscope:snapshot:1`.
 *
 * @example
 * const schema = toJsonSchema(SnapshotSchema, 'leakscope/snapshot@1');
 */
export function toJsonSchema(schema: z.ZodType, id: string): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw', reused: 'inline' });
  const { $schema, ...rest } = generated;
  return { $schema, $id: `urn:${id.replace('/', ':').replace('@', ':')}`, ...rest };
}

/**
 * The text of every generated file, by path.
 *
 * @example
 * for (const [path, text] of Object.entries(generateJsonSchemaFiles())) writeFileSync(path, text);
 */
export function generateJsonSchemaFiles(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, { id, schema }] of Object.entries(JSON_SCHEMA_FILES)) {
    out[path] = `${JSON.stringify(toJsonSchema(schema, id), null, 2)}\n`;
  }
  return out;
}
