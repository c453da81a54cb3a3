import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateJsonSchemaFiles } from './json-schema.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('schema/*.json', () => {
  for (const [path, text] of Object.entries(generateJsonSchemaFiles())) {
    it(`${path} is up to date (regenerate with: npx tsx scripts/gen-schema.ts)`, () => {
      expect(readFileSync(join(root, path), 'utf8')).toBe(text);
    });
  }

  it('describes input leniently: unknown fields allowed, known ones typed', () => {
    const snapshot = JSON.parse(generateJsonSchemaFiles()['schema/snapshot.schema.json'] ?? '{}') as {
      $id?: string;
      properties: { schema: { const?: string } };
      additionalProperties?: unknown;
      $defs: { StackFrame: { required?: string[] } };
    };
    expect(snapshot.$id).toBe('urn:leakscope:snapshot:1');
    expect(snapshot.properties.schema.const).toBe('leakscope/snapshot@1');
    expect(snapshot.additionalProperties).toBeUndefined();
    expect(snapshot.$defs.StackFrame.required).toEqual(['functionName', 'url', 'line', 'column']);
  });
});
