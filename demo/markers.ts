/**
 * Where the demo seeds each leak: the file and line carrying a `// LEAK:<name>` marker. Tests and `npm start`
 * compare Leakscope's attribution against these, so moving a line in the demo cannot silently break them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface LeakMarker {
  /** Path of the file under demo/public, as the browser requests it, e.g. `/app/routes/listeners.js`. */
  path: string;
  /** 1-based line of the marker. */
  line: number;
}

const PUBLIC = fileURLToPath(new URL('./public/', import.meta.url));

function* files(dir: string, prefix: string): Generator<[string, string]> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) yield* files(join(dir, entry.name), `${prefix}${entry.name}/`);
    else if (entry.name.endsWith('.js')) yield [join(dir, entry.name), `${prefix}${entry.name}`];
  }
}

/** Every marker in the demo, by name (`listeners-window`, `detached`, `socket`, ...). */
export function leakMarkers(): Map<string, LeakMarker> {
  const out = new Map<string, LeakMarker>();
  for (const [file, path] of files(PUBLIC, '/')) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const m = /\/\/ LEAK:([\w-]+)/.exec(text);
        if (m) out.set(m[1]!, { path, line: i + 1 });
      });
  }
  return out;
}

/** The marker called `name`; throws when the demo has none (a renamed marker must fail loudly). */
export function leakMarker(name: string): LeakMarker {
  const marker = leakMarkers().get(name);
  if (!marker) throw new Error(`the demo has no // LEAK:${name} marker`);
  return marker;
}
