/**
 * Reading a versioned Leakscope JSON document (snapshot or report) from text: JSON, then the `schema` tag,
 * then the full schema. Each step fails with one line naming the source and the JSON path.
 */
import type * as z from 'zod';
import { InvalidInputError } from '../errors.ts';
import { issuesToError } from './issues.ts';
import { parseJsonText } from './json.ts';
import { describeValue, shorten } from './printable.ts';

/** The schema tags this version knows, to tell "a report where a snapshot was expected" from "not Leakscope". */
const KNOWN_FAMILIES: Record<string, string> = { 'leakscope/snapshot': 'snapshot', 'leakscope/report': 'report' };

/** What a versioned document parser needs to know. */
export interface DocumentKind<S extends z.ZodType> {
  /** e.g. "leakscope/snapshot@1". */
  schemaId: string;
  /** e.g. "snapshot". */
  noun: string;
  schema: S;
}

/** Checks the `schema` tag of a parsed JSON value, before the full schema runs. */
export function checkSchemaTag(value: unknown, source: string, kind: { schemaId: string; noun: string }): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError(
      source,
      '$',
      `expected a Leakscope ${kind.noun} (a JSON object with "schema": "${kind.schemaId}"), got ${describeValue(value)}`,
    );
  }
  const tag: unknown = Object.prototype.hasOwnProperty.call(value, 'schema') ? (value as { schema: unknown }).schema : undefined;
  if (tag === kind.schemaId) return;
  if (tag === undefined) {
    throw new InvalidInputError(source, '$.schema', `missing; expected "${kind.schemaId}" (is this a Leakscope ${kind.noun}?)`);
  }
  if (typeof tag !== 'string') throw new InvalidInputError(source, '$.schema', `expected "${kind.schemaId}", got ${describeValue(tag)}`);
  const [family] = tag.split('@');
  const expectedFamily = kind.schemaId.split('@')[0];
  if (family === expectedFamily) {
    throw new InvalidInputError(
      source,
      '$.schema',
      `unsupported version ${shorten(JSON.stringify(tag), 60)}; this Leakscope reads "${kind.schemaId}"`,
    );
  }
  const other = family === undefined ? undefined : KNOWN_FAMILIES[family];
  if (other) throw new InvalidInputError(source, '$.schema', `this is a Leakscope ${other}, expected a ${kind.noun} ("${kind.schemaId}")`);
  throw new InvalidInputError(source, '$.schema', `expected "${kind.schemaId}", got ${describeValue(tag)}`);
}

/**
 * Parses and validates a versioned document.
 *
 * @throws InvalidInputError naming `source` and the JSON path of the first problem.
 */
export function parseDocument<S extends z.ZodType>(text: string, source: string, kind: DocumentKind<S>): z.infer<S> {
  const value = parseJsonText(text, source);
  return validateDocument(value, source, kind);
}

/** Validates an already-parsed JSON value as a versioned document. */
export function validateDocument<S extends z.ZodType>(value: unknown, source: string, kind: DocumentKind<S>): z.infer<S> {
  checkSchemaTag(value, source, kind);
  const result = kind.schema.safeParse(value);
  if (!result.success) throw issuesToError(result.error, value, source);
  return result.data;
}
