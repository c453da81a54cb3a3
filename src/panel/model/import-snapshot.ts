/**
 * A snapshot file's text read into a snapshot, or the reason it is refused, in one line. Pure: the import worker
 * (import-worker.ts) runs it off the panel's main thread, and the store runs it in place where there is no worker
 * (the unit tests, a file that is not a Blob).
 */
import { isInvalidInputError, parseSnapshot, shorten, type Snapshot } from '../../core/index.ts';

/** Largest file the panel imports. Snapshots of real apps are a few MB; beyond this the tab would struggle to parse it. */
export const MAX_IMPORT_BYTES = 100 * 1024 * 1024;

/** How far an import has come: bytes read, then the parse and the schema check (one step, without a count). */
export interface ImportProgress {
  stage: 'reading' | 'parsing';
  loaded: number;
  total: number;
}

/**
 * What importing one file gives: the snapshot; or why it is not one (`refused`, said after "<file> is not a
 * Leakscope snapshot: "); or why it could not be read (`unreadable`, after "<file> could not be read: ").
 */
export type ImportOutcome = { snapshot: Snapshot } | { refused: string } | { unreadable: string };

export const message = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';

/** The name a file is called by in messages: printable, at most 120 characters. */
export const shownName = (name: string) => shorten(name, 120) || 'the file';

/** The reason a file larger than the limit is refused, before it is read. */
export const tooLarge = (bytes: number) => `too large (${(bytes / 1024 / 1024).toFixed(0)} MB; the limit is ${MAX_IMPORT_BYTES / 1024 / 1024} MB)`;

/** Whether a parsed JSON value looks like a diff export (`SnapshotDiff`), which carries no schema tag of its own. */
function looksLikeDiff(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return (
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      'from' in value &&
      'to' in value &&
      'entries' in value &&
      'summary' in value
    );
  } catch {
    return false; // not JSON at all: the parser's own message says so
  }
}

/** Parses and checks one file's text as a snapshot. */
export function readSnapshot(name: string, text: string): ImportOutcome {
  const shown = shownName(name);
  if (text.length > MAX_IMPORT_BYTES) return { refused: `too large (more than ${MAX_IMPORT_BYTES / 1024 / 1024} MB)` };
  try {
    return { snapshot: parseSnapshot(text, shown) };
  } catch (error) {
    if (!isInvalidInputError(error)) return { refused: `it could not be read (${shorten(message(error), 160)})` };
    if (error.jsonPath === '$.schema' && /^missing/.test(error.detail) && looksLikeDiff(text)) {
      return { refused: 'this is a Leakscope diff, which cannot be compared again; import the two snapshots it came from' };
    }
    return { refused: error.jsonPath === undefined || error.jsonPath === '$' ? error.detail : `${error.jsonPath}: ${error.detail}` };
  }
}
