#!/usr/bin/env node
// The `leakscope` command: the compiled CLI in dist/lib (the package ships it; in a checkout, `npm run build`
// writes it). Plain JavaScript all the way, so `leakscope --help` starts in well under 150 ms; TypeScript scenario
// files are loaded through tsx only when one is run.
const cli = new URL('../dist/lib/cli.mjs', import.meta.url);

let runCli;
try {
  ({ runCli } = await import(cli.href));
} catch (err) {
  // Only reached when the CLI itself cannot load (a broken install); main() handles everything else.
  const missing = err?.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('cli.mjs');
  const why = missing
    ? `${cli.pathname} is missing; reinstall leakscope (npm install -D leakscope), or in a checkout of Leakscope run \`npm run build\``
    : String(err instanceof Error ? err.message : err)
        .replace(/\s+/g, ' ')
        .slice(0, 300);
  process.stderr.write(`leakscope: cannot start: ${why}\n`);
  if (process.env.LEAKSCOPE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  process.exitCode = 3;
}
if (runCli) await runCli();
