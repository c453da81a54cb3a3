/** The text of DebuggerView.tsx: the debugger's state, Chrome's counters, the last snapshot's result. */
import type { DebuggerState } from '../../model/debugger-session.ts';

export const DEBUGGER = {
  status: {
    attaching: 'Debugger: attaching…',
    attached: 'Debugger: attached',
    'canceled-by-user': 'Debugger: detached by you',
    detached: 'Debugger: detached',
    'tab-closed': 'Debugger: tab closed',
    'cannot-inspect': 'Debugger: cannot inspect this page',
    crashed: 'Debugger: the page crashed',
  } satisfies Record<DebuggerState['status'], string>,
  reattach: 'Re-attach',
  collectGarbage: 'Collect garbage',
  collecting: 'Collecting…',
  collectGarbageTitle: 'Force a garbage collection in the page: what the next sample still shows is really alive',
  countersSummary: "Chrome's counters and the last snapshot",
  values: {
    listeners: 'Listeners (registry)',
    jsListeners: 'JS event listeners',
    detached: 'Detached DOM nodes',
    nodes: 'DOM nodes',
    documents: 'Documents',
    heap: 'JS heap used',
    samples: 'Samples',
    markers: 'Navigation markers',
  },
  gcFailed: (error: string | undefined) => `Collecting garbage failed: ${error ?? ''}`,
  taking: 'Taking a snapshot…',
  snapshotFailed: (error: string | undefined) => `Snapshot failed: ${error ?? ''}`,
  snapshotOf: (url: string, time: string, groups: number, durationMs: number) =>
    `Snapshot of ${url} at ${time}, ${groups} groups, in ${durationMs} ms`,
  detachedRoots: (roots: string, nodes: string) => `${roots} roots, ${nodes} nodes`,
} as const;
