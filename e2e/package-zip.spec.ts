/**
 * The extension as it is shipped: the built dist/extension carries package.json's version.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const PKG_VERSION = readJson(`${ROOT}package.json`).version as string;

test('the built manifest has package.json version, and manifest.json has none of its own', () => {
  expect(readJson(`${ROOT}dist/extension/manifest.json`).version).toBe(PKG_VERSION);
  expect(readJson(`${ROOT}manifest.json`)).not.toHaveProperty('version');
});
