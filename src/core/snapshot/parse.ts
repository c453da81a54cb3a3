import { parseDocument, validateDocument } from '../input/document.ts';
import { SNAPSHOT_SCHEMA_ID, SnapshotSchema, type Snapshot } from './schema.ts';

const SNAPSHOT = { schemaId: SNAPSHOT_SCHEMA_ID, noun: 'snapshot', schema: SnapshotSchema };

/**
 * Parses snapshot JSON that came from outside (a file, an import in the panel).
 *
 * @param source names the input in error messages: a file path, or a label such as "imported file".
 * @throws InvalidInputError whose message names `source` and the JSON path of the first problem, e.g.
 *   `before.json: $.groups[3].count: expected an integer, got "3"`.
 * @example
 * const snapshot = parseSnapshot(await file.text(), file.name);
 */
export function parseSnapshot(text: string, source: string): Snapshot {
  return parseDocument(text, source, SNAPSHOT);
}

/**
 * Validates an already-parsed value as a snapshot (e.g. one received over a message port).
 *
 * @throws InvalidInputError as {@link parseSnapshot}.
 * @example
 * const snapshot = validateSnapshot(message.payload, 'collector');
 */
export function validateSnapshot(value: unknown, source: string): Snapshot {
  return validateDocument(value, source, SNAPSHOT);
}
