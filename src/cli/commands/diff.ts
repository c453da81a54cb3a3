/**
 * `leakscope diff A.json B.json`: compare two snapshots and report what grew into a leak.
 *
 * The analysis and renderers are imported when the command runs, so `leakscope --help` does not load them.
 */
import { resolve } from 'node:path';
import { printable } from '../../core/index.ts';
import { LeakscopeError } from '../../playwright/errors.ts';
import { parseCommandArgs } from '../args.ts';
import { EXIT, exitCodeOf, type Command } from '../command.ts';
import { wantsColor, type CliIo } from '../io.ts';
import { budgetOf, formatOf, render, writeFile } from '../report-output.ts';

const OPTIONS = {
  format: { type: 'string', short: 'f' },
  out: { type: 'string', short: 'o' },
  budget: { type: 'string', short: 'b' },
  allow: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare two snapshots and report the leaks',
  usage: 'leakscope diff A.json B.json [--format text|markdown|json|html] [--out FILE] [--budget FILE] [--allow KIND=VALUE]...',
  help: [
    'Compares snapshot A (before) with snapshot B (after). A group that grew by at least one resource per',
    'iteration is a leak (the JS heap only beyond its noise allowance). When both snapshots carry an iteration',
    'number, growth is counted per iteration; otherwise the pair counts as one iteration.',
    '',
    'Options:',
    '  -f, --format FORMAT   text (default), markdown, json or html',
    '  -o, --out FILE        write the report to FILE instead of stdout',
    '  -b, --budget FILE     accepted growth per iteration, per kind (JSON or YAML), e.g.',
    '                          detached-dom: 0',
    '                          listener: 2',
    '                          heap: 512kb per iteration',
    '      --allow KIND=N    the same for one kind, overriding the file (repeatable), e.g. --allow listener=2',
    '  -h, --help            this help',
  ].join('\n'),

  async run(args: readonly string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, OPTIONS, 'diff');
    if (values.help) {
      io.stdout.write(`Usage: ${this.usage}\n\n${this.help}\n`);
      return EXIT.ok;
    }
    if (positionals.length !== 2) {
      throw new LeakscopeError(`diff needs two snapshot files (got ${positionals.length}); usage: leakscope diff A.json B.json`);
    }
    const format = formatOf(values.format);
    const [aPath, bPath] = positionals as [string, string];
    const at = (p: string) => resolve(io.cwd, p);
    const [{ readSnapshotFile }, { analyzePair, headline, scope }] = await Promise.all([
      import('../../node/files.ts'),
      import('../../core/index.ts'),
    ]);
    // Errors name files as the user typed them.
    const budget = await budgetOf(values.budget, values.allow, at);
    const a = readSnapshotFile(at(aPath), { source: aPath });
    const b = readSnapshotFile(at(bPath), { source: bPath });
    const report = analyzePair(a, b, { budget });

    if (values.out !== undefined) {
      writeFile(at(values.out), await render(report, format, false));
      io.stdout.write(`Leakscope: ${headline(report)} ${printable(scope(report))}; report written to ${printable(values.out)}\n`);
    } else {
      io.stdout.write(await render(report, format, format === 'text' && wantsColor(io)));
    }
    return exitCodeOf(report);
  },
};
