import { GROUP_KINDS } from '../../shared/kinds.ts';
import type { Snapshot } from '../../core/index.ts';
import type { DebuggerSession, DebuggerState } from '../model/debugger-session.ts';
import { kindCounts } from '../model/snapshots.ts';
import { useStore } from '../model/store.ts';
import { PageText } from './PageText.tsx';
import { DEBUGGER } from './strings/debugger.ts';

const number = (n: number | undefined) => (n === undefined ? '–' : n.toLocaleString('en-US'));
const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Live counters from the debugger, the session's state, and a snapshot on demand. Text only. */
export function DebuggerView({ session }: { session: DebuggerSession }) {
  const state = useStore(session);
  const { latest, run } = state;
  const canReattach =
    state.status === 'canceled-by-user' || state.status === 'detached' || state.status === 'cannot-inspect' || state.status === 'crashed';
  return (
    <section className="debugger">
      <div className="toolbar">
        <span className={`status debugger-${state.status}`} data-testid="debugger-status">
          {DEBUGGER.status[state.status]}
        </span>
        {canReattach && (
          <button type="button" data-testid="reattach" onClick={() => void session.reattach()}>
            {DEBUGGER.reattach}
          </button>
        )}
        <button
          type="button"
          data-testid="collect-garbage"
          title={DEBUGGER.collectGarbageTitle}
          disabled={state.status !== 'attached' || state.gc.state === 'running'}
          onClick={() => void session.collectGarbage()}
        >
          {state.gc.state === 'running' ? DEBUGGER.collecting : DEBUGGER.collectGarbage}
        </button>
      </div>
      {state.message && (
        <p className="problem" role="alert" data-testid="debugger-message">
          {state.message}
        </p>
      )}
      <details className="chrome-counters">
        <summary>{DEBUGGER.countersSummary}</summary>
        <dl className="samples">
          <Value label={DEBUGGER.values.listeners} testId="sample-listeners" value={number(latest?.registry?.listeners)} />
          <Value label={DEBUGGER.values.jsListeners} testId="sample-js-listeners" value={number(latest?.counters.jsEventListeners)} />
          <Value label={DEBUGGER.values.detached} testId="sample-detached" value={number(latest?.detachedNodes)} />
          <Value label={DEBUGGER.values.nodes} testId="sample-nodes" value={number(latest?.counters.nodes)} />
          <Value label={DEBUGGER.values.documents} testId="sample-documents" value={number(latest?.counters.documents)} />
          <Value
            label={DEBUGGER.values.heap}
            testId="sample-heap"
            value={latest ? megabytes(latest.counters.jsHeapUsedSize) : '–'}
            raw={latest?.counters.jsHeapUsedSize}
          />
          <Value label={DEBUGGER.values.samples} testId="sample-count" value={number(state.samples.length)} />
          <Value label={DEBUGGER.values.markers} testId="markers" value={number(state.markers.length)} />
        </dl>
        {state.gc.state === 'failed' && (
          <p className="problem" role="alert" data-testid="gc-error">
            {DEBUGGER.gcFailed(state.gc.error)}
          </p>
        )}
        {state.sampleError && (
          <p className="muted" data-testid="sample-error">
            {state.sampleError}
          </p>
        )}
      </details>
      <SnapshotResult run={run} />
    </section>
  );
}

function Value({ label, testId, value, raw }: { label: string; testId: string; value: string; raw?: number | undefined }) {
  return (
    <div className="sample">
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={raw}>
        {value}
      </dd>
    </div>
  );
}

function SnapshotResult({ run }: { run: DebuggerState['run'] }) {
  if (run.state === 'idle') return null;
  if (run.state === 'running') return <p data-testid="snapshot-status">{DEBUGGER.taking}</p>;
  if (run.state === 'failed') {
    return (
      <p className="problem" role="alert" data-testid="snapshot-error">
        {DEBUGGER.snapshotFailed(run.error)}
      </p>
    );
  }
  return <SnapshotCounts snapshot={run.snapshot!} durationMs={run.durationMs ?? 0} />;
}

function SnapshotCounts({ snapshot, durationMs }: { snapshot: Snapshot; durationMs: number }) {
  const byKind = kindCounts(snapshot);
  return (
    <div className="snapshot" data-testid="snapshot-result">
      <p className="muted" data-testid="snapshot-status">
        <PageText text={DEBUGGER.snapshotOf(snapshot.meta.url, snapshot.meta.time, snapshot.groups.length, durationMs)} />
      </p>
      <p className="snapshot-kinds muted">
        {GROUP_KINDS.map((kind) => (
          <span key={kind}>
            {kind}{' '}
            <span className="count" data-testid={`snapshot-kind-${kind}`}>
              {number(byKind[kind] ?? 0)}
            </span>
            {' · '}
          </span>
        ))}
        detached-dom{' '}
        <span className="count" data-testid="snapshot-detached">
          {DEBUGGER.detachedRoots(number(snapshot.detached.length), number(snapshot.detached.reduce((n, d) => n + d.nodeCount, 0)))}
        </span>
      </p>
    </div>
  );
}
