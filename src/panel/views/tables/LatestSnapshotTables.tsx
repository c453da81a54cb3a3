import { useSyncExternalStore } from 'react';
import type { DebuggerSession } from '../../model/debugger-session.ts';
import { ResourceTabs } from './ResourceTabs.tsx';

/**
 * The resource tables of the last snapshot the debugger session took. A stand-in until the snapshot list selects
 * which snapshot (and which comparison) the tables show; ResourceTabs itself takes both as props.
 */
export function LatestSnapshotTables({ session }: { session: DebuggerSession }) {
  const run = useSyncExternalStore(session.subscribe, () => session.state.run);
  if (run.state !== 'done' || !run.snapshot) return null;
  return <ResourceTabs snapshot={run.snapshot} />;
}
