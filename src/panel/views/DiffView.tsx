import type { DiffEntry } from '../../core/diff/schema.ts';
import { entryTitle, headline, leakTitle, stackLabel, valuesLine } from '../../core/render/describe.ts';
import type { Leak, Report } from '../../core/report/schema.ts';
import type { StackFrame } from '../../core/snapshot/schema.ts';
import { FrameLink } from './tables/StackFrames.tsx';
import { signed, signedBytes } from '../../core/units.ts';
import type { Comparison } from '../model/snapshots.ts';

/** Diff rows shown; the exported diff has them all. */
const MAX_ROWS = 200;

/** `url:line:column`, with the function name in front when there is one: what an editor or the Sources panel opens. */

/** The stack that explains a leak: its creation stack, or for detached DOM the stack that removed it. */
const leakFrames = (leak: Leak): readonly StackFrame[] => (leak.stack.length > 0 ? leak.stack : (leak.detached?.attribution.removedBy ?? []));

/** The compared pair: the report's verdict and leaks, then what appeared or grew from A to B. Text only. */
export function DiffView({ comparison, entryCount }: { comparison: Comparison | undefined; entryCount: number }) {
  if (!comparison) {
    return (
      <section className="diff-view" data-testid="diff-view">
        <p className="muted">
          {entryCount === 0
            ? 'Take a baseline snapshot, use the page, then take another: their differences show here.'
            : 'Take or import one more snapshot to compare.'}
        </p>
      </section>
    );
  }
  const { a, b, report, diff } = comparison;
  return (
    <section className="diff-view" data-testid="diff-view" data-verdict={report?.verdict}>
      <h2 className="diff-title">
        {a.label} → {b.label}
      </h2>
      {comparison.error && (
        <p className="problem" role="alert" data-testid="diff-error">
          {comparison.error}
        </p>
      )}
      {report && <Verdict report={report} />}
      {diff && (
        <>
          <h3>
            Changes: {diff.summary.appeared} appeared, {diff.summary.grew} grew, {diff.summary.shrank} shrank, {diff.summary.disappeared} disappeared
          </h3>
          <DiffEntries entries={diff.entries.filter((e) => e.change === 'appeared' || e.change === 'grew')} />
        </>
      )}
    </section>
  );
}

function Verdict({ report }: { report: Report }) {
  return (
    <>
      <p className={`verdict verdict-${report.verdict}`} data-testid="diff-verdict">
        {headline(report)}
      </p>
      {report.notes.map((note, i) => (
        <p key={i} className="muted">
          Note: {note}
        </p>
      ))}
      {report.leaks.length > 0 && (
        <ol className="leaks">
          {report.leaks.map((leak) => (
            <LeakItem key={`${leak.kind}:${leak.signature}`} leak={leak} />
          ))}
        </ol>
      )}
    </>
  );
}

function LeakItem({ leak }: { leak: Leak }) {
  const frames = leakFrames(leak);
  return (
    <li className="leak" data-testid="diff-leak" data-kind={leak.kind}>
      <div>
        <span className="leak-kind">{leak.kind}</span> <strong>{leakTitle(leak)}</strong>{' '}
        <span className="leak-growth">
          {leak.kind === 'heap' ? signedBytes(leak.total) : signed(leak.total)} ({valuesLine(leak, ' → ')})
        </span>
      </div>
      <div className="muted leak-reason">{leak.reason}</div>
      {frames.length > 0 ? (
        <div className="leak-stack">
          <span className="muted">{stackLabel(leak)}</span>
          <ol className="frames">
            {frames.map((f, i) => (
              <li key={i} data-testid="leak-frame">
                <FrameLink frame={f} />
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <div className="muted">no stack was captured</div>
      )}
      <div className="muted leak-fix">Fix: {leak.fix}</div>
      <div className="muted leak-signature" title={leak.signature}>
        {leak.signature}
      </div>
    </li>
  );
}

function DiffEntries({ entries }: { entries: DiffEntry[] }) {
  if (entries.length === 0) return <p className="muted">Nothing appeared or grew.</p>;
  return (
    <table className="diff-entries">
      <thead>
        <tr>
          <th>Change</th>
          <th>Kind</th>
          <th>What</th>
          <th>A</th>
          <th>B</th>
          <th>Created at</th>
        </tr>
      </thead>
      <tbody>
        {entries.slice(0, MAX_ROWS).map((e) => (
          <tr key={`${e.kind}:${e.signature}`} data-testid="diff-entry" data-kind={e.kind}>
            <td>{e.change}</td>
            <td>{e.kind}</td>
            <td>{entryTitle(e)}</td>
            <td className="num">{e.before}</td>
            <td className="num">{e.after}</td>
            <td>{e.frame ? <FrameLink frame={e.frame} /> : ''}</td>
          </tr>
        ))}
        {entries.length > MAX_ROWS && (
          <tr>
            <td colSpan={6} className="muted">
              and {entries.length - MAX_ROWS} more (export the diff to see them all)
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
