import {
  type DiffEntry,
  entryTitle,
  headline,
  type Leak,
  leakTitle,
  type Report,
  signed,
  signedBytes,
  type StackFrame,
  stackLabel,
  valuesLine,
} from '../../core/index.ts';
import { FrameLink } from './tables/StackFrames.tsx';
import { pageAttr, PageText } from './PageText.tsx';
import type { Comparison } from '../model/snapshots.ts';
import { DIFF } from './strings/diff.ts';

/** Leaks and diff rows shown: a page with thousands of groups must not freeze the panel; the exports have them all. */
const MAX_ROWS = 200;

/** `url:line:column`, with the function name in front when there is one: what an editor or the Sources panel opens. */

/** The stack that explains a leak: its creation stack, or for detached DOM the stack that removed it. */
const leakFrames = (leak: Leak): readonly StackFrame[] => (leak.stack.length > 0 ? leak.stack : (leak.detached?.attribution.removedBy ?? []));

/** The compared pair: the report's verdict and leaks, then what appeared or grew from A to B. Text only (PageText). */
export function DiffView({ comparison, entryCount }: { comparison: Comparison | undefined; entryCount: number }) {
  if (!comparison) {
    return (
      <section className="diff-view" data-testid="diff-view">
        <p className="muted">{entryCount === 0 ? DIFF.noSnapshots : DIFF.oneMore}</p>
      </section>
    );
  }
  const { a, b, report, diff } = comparison;
  return (
    <section className="diff-view" data-testid="diff-view" data-verdict={report?.verdict}>
      <h2 className="diff-title">
        <PageText text={DIFF.pair(a.label, b.label)} />
      </h2>
      {comparison.error && (
        <p className="problem" role="alert" data-testid="diff-error">
          {comparison.error}
        </p>
      )}
      {report && <Verdict report={report} />}
      {diff && (
        <>
          <h3>{DIFF.changes(diff.summary)}</h3>
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
          <PageText text={DIFF.note(note)} />
        </p>
      ))}
      {report.leaks.length > 0 && (
        <ol className="leaks">
          {report.leaks.slice(0, MAX_ROWS).map((leak) => (
            <LeakItem key={`${leak.kind}:${leak.signature}`} leak={leak} />
          ))}
        </ol>
      )}
      {report.leaks.length > MAX_ROWS && (
        <p className="muted" data-testid="diff-leaks-more">
          {DIFF.moreLeaks(report.leaks.length - MAX_ROWS)}
        </p>
      )}
    </>
  );
}

function LeakItem({ leak }: { leak: Leak }) {
  const frames = leakFrames(leak);
  return (
    <li className="leak" data-testid="diff-leak" data-kind={leak.kind}>
      <div>
        <span className="leak-kind">{leak.kind}</span>{' '}
        <strong>
          <PageText text={leakTitle(leak)} />
        </strong>{' '}
        <span className="leak-growth">
          {leak.kind === 'heap' ? signedBytes(leak.total) : signed(leak.total)} ({valuesLine(leak, ' → ')})
        </span>
      </div>
      <div className="muted leak-reason">
        <PageText text={leak.reason} />
      </div>
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
        <div className="muted">{DIFF.noStack}</div>
      )}
      <div className="muted leak-fix">
        <PageText text={DIFF.fix(leak.fix)} />
      </div>
      <div className="muted leak-signature" title={pageAttr(leak.signature)}>
        <PageText text={leak.signature} />
      </div>
    </li>
  );
}

function DiffEntries({ entries }: { entries: DiffEntry[] }) {
  if (entries.length === 0) return <p className="muted">{DIFF.nothingGrew}</p>;
  return (
    <table className="diff-entries">
      <thead>
        <tr>
          <th>{DIFF.columns.change}</th>
          <th>{DIFF.columns.kind}</th>
          <th>{DIFF.columns.what}</th>
          <th>{DIFF.columns.a}</th>
          <th>{DIFF.columns.b}</th>
          <th>{DIFF.columns.created}</th>
        </tr>
      </thead>
      <tbody>
        {entries.slice(0, MAX_ROWS).map((e) => (
          <tr key={`${e.kind}:${e.signature}`} data-testid="diff-entry" data-kind={e.kind}>
            <td>{e.change}</td>
            <td>{e.kind}</td>
            <td>
              <PageText text={entryTitle(e)} />
            </td>
            <td className="num">{e.before}</td>
            <td className="num">{e.after}</td>
            <td>{e.frame ? <FrameLink frame={e.frame} /> : ''}</td>
          </tr>
        ))}
        {entries.length > MAX_ROWS && (
          <tr>
            <td colSpan={6} className="muted">
              {DIFF.more(entries.length - MAX_ROWS)}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
