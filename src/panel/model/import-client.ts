/**
 * Snapshot files imported in a Web Worker (import-worker.ts): one worker per file, ended when the file is done or
 * the import is cancelled (a parse cannot be interrupted otherwise). Vite builds the worker as its own module
 * script in the extension, loaded from the extension's origin as its CSP asks.
 */
import type { ImportOutcome, ImportProgress } from './import-snapshot.ts';

/** What the panel sends the worker: one file. */
export interface ImportRequest {
  name: string;
  file: Blob;
}

/** What the worker sends back: progress, then one outcome. */
export type ImportReply = { type: 'progress'; progress: ImportProgress } | { type: 'done'; outcome: ImportOutcome };

/** Imports one file: its outcome, with progress along the way; rejects with an AbortError when `signal` aborts. */
export type Importer = (file: { name: string; blob: Blob }, onProgress: (p: ImportProgress) => void, signal: AbortSignal) => Promise<ImportOutcome>;

/** The importer of the panel page: each file in a new worker. */
export const workerImporter: Importer = ({ name, blob }, onProgress, signal) =>
  new Promise<ImportOutcome>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const worker = new Worker(new URL('./import-worker.ts', import.meta.url), { type: 'module', name: 'leakscope-import' });
    const end = () => {
      worker.terminate();
      signal.removeEventListener('abort', abort);
    };
    const abort = () => {
      end();
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', abort);
    worker.onmessage = (event: MessageEvent<ImportReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') return onProgress(reply.progress);
      end();
      resolve(reply.outcome);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      end();
      resolve({ unreadable: event.message || 'the import worker failed' });
    };
    worker.postMessage({ name, file: blob } satisfies ImportRequest);
  });
