#!/usr/bin/env node
// The `leakscope` command. Loads the TypeScript sources through tsx's scoped loader (no build step, no global hook).
import { tsImport } from 'tsx/esm/api';

try {
  const { runCli } = await tsImport('../src/cli/main.ts', import.meta.url);
  await runCli();
} catch (err) {
  // Only reached when the CLI itself cannot load (a broken install); main() handles everything else.
  process.stderr.write(`leakscope: cannot start: ${String(err instanceof Error ? err.message : err).replace(/\s+/g, ' ').slice(0, 300)}\n`);
  if (process.env.LEAKSCOPE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 2;
}
