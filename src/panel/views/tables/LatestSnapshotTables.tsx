import { useState, useSyncExternalStore } from 'react';
import type { Snapshot } from '../../../core/snapshot/schema.ts';
import type { DebuggerSession } from '../../model/debugger-session.ts';
import { ResourceTabs } from './ResourceTabs.tsx';

/**
 * The resource tables of the last snapshot the debugger session took. A stand-in until the snapshot list selects
 * which snapshot (and which comparison) the tables show; ResourceTabs itself takes both as props.
 */
export function LatestSnapshotTables({ session }: { session: DebuggerSession }) {
  const run = useSyncExternalStore(session.subscribe, () => session.state.run);
  // While the next snapshot is taken (or if it fails) the tables keep showing the previous one rather than vanish.
  // (React's "adjust state while rendering" pattern: no effect, no extra paint without the tables.)
  const [last, setLast] = useState<Snapshot | undefined>(undefined);
  const latest = run.state === 'done' ? run.snapshot : undefined;
  if (latest && latest !== last) setLast(latest);
  const shown = latest ?? last;
  if (!shown) return null;
  return <ResourceTabs snapshot={shown} />;
}
