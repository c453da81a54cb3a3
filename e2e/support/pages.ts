/** Serving e2e/pages to a routed fake origin: the extension's `fixturePage` fixture and the init-script browser. */
import type { Route } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PAGES_DIR = fileURLToPath(new URL('../pages/', import.meta.url));
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Fulfils `route` with the file of e2e/pages its URL's path names, or a 404 when there is none. */
export function fulfillFromPages(route: Route): Promise<void> {
  const path = new URL(route.request().url()).pathname.replace(/^\/+/, '');
  try {
    const body = readFileSync(join(PAGES_DIR, path));
    return route.fulfill({ body, contentType: TYPES[extname(path)] ?? 'application/octet-stream' });
  } catch {
    return route.fulfill({ status: 404, body: 'not found' });
  }
}
