/**
 * The import worker: reads one snapshot file, parses and checks it (import-snapshot.ts) off the panel's main
 * thread, and posts its progress and its outcome (import-client.ts is the other side). A 50 MB file takes the
 * parser and the schema check seconds, which on the main thread would freeze the panel for as long.
 */
import type { ImportRequest, ImportReply } from './import-client.ts';
import { message, readSnapshot } from './import-snapshot.ts';

/** The worker's global scope, as far as it is used here (the DOM lib types `self` as a Window). */
const scope = self as unknown as { onmessage: ((e: MessageEvent<ImportRequest>) => void) | null; postMessage(reply: ImportReply): void };

/** Progress is posted at most this often while reading: enough for a bar, few enough messages. */
const PROGRESS_MS = 50;

async function readText(file: Blob): Promise<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let loaded = 0;
  let posted = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    loaded += value.byteLength;
    parts.push(decoder.decode(value, { stream: true }));
    if (performance.now() - posted >= PROGRESS_MS) {
      posted = performance.now();
      scope.postMessage({ type: 'progress', progress: { stage: 'reading', loaded, total: file.size } });
    }
  }
  parts.push(decoder.decode());
  return parts.join('');
}

scope.onmessage = (event) => {
  const { name, file } = event.data;
  void (async () => {
    let text: string;
    try {
      text = await readText(file);
    } catch (error) {
      scope.postMessage({ type: 'done', outcome: { unreadable: message(error) } });
      return;
    }
    scope.postMessage({ type: 'progress', progress: { stage: 'parsing', loaded: file.size, total: file.size } });
    scope.postMessage({ type: 'done', outcome: readSnapshot(name, text) });
  })();
};
