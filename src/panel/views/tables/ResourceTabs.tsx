/**
 * The tabs under the timeline: the leaks of a report, and what one snapshot holds per kind (detached DOM,
 * listeners, connections, images, observers, timers), each a sortable, filterable table. Self-contained: it shows
 * the snapshot and report it is given and keeps only which tab is selected.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { suggestFix } from '../../../core/report/fixes.ts';
import { leakAmount, leakTitle, perIteration, stackLabel, valuesLine } from '../../../core/render/describe.ts';
import type { Report } from '../../../core/report/schema.ts';
import type { Group, Snapshot } from '../../../core/snapshot/schema.ts';
import { formatBytes, signed } from '../../../core/units.ts';
import { DataTable, type Column } from './DataTable.tsx';
import {
  detachedRows,
  epochsText,
  groupRows,
  imageAttached,
  leakRows,
  stackText,
  tableCounts,
  TABLES,
  type DetachedRow,
  type GroupRow,
  type GroupTable,
  type LeakRow,
  type TableName,
} from './resource-rows.ts';
import { StackFrames, TopFrame } from './StackFrames.tsx';

const TAB_TITLES: Record<TableName, string> = {
  leaks: 'Leaks',
  detached: 'Detached DOM',
  listeners: 'Listeners',
  connections: 'Connections',
  images: 'Images',
  observers: 'Observers',
  timers: 'Timers',
};

const count = (n: number) => n.toLocaleString('en-US');

// Columns shared by the group tables. The creation stack is searched by the filter through `searchText`.
const countColumn: Column<GroupRow> = {
  key: 'count',
  title: 'Count',
  numeric: true,
  value: (r) => r.group.count,
  description: 'Live resources in the group when the snapshot was taken',
};
const createdColumn: Column<GroupRow> = {
  key: 'created',
  title: 'Created at',
  value: (r) => r.group.stack[0]?.url ?? '',
  text: (r) => stackText(r.group.stack.slice(0, 1)),
  render: (r) => <TopFrame stack={r.group.stack} />,
};
const epochColumn: Column<GroupRow> = {
  key: 'epoch',
  title: 'Epoch',
  numeric: true,
  value: (r) => r.firstEpoch,
  description: 'Navigation epoch the oldest live one was created in',
};
const stateColumn: Column<GroupRow> = { key: 'state', title: 'State', value: (r) => r.state };

const GROUP_COLUMNS: Record<GroupTable, Column<GroupRow>[]> = {
  listeners: [
    { key: 'target', title: 'Target', value: (r) => r.group.target },
    { key: 'type', title: 'Type', value: (r) => r.group.type },
    countColumn,
    { key: 'handler', title: 'Handler', value: (r) => r.group.samples[0]?.description },
    epochColumn,
    createdColumn,
  ],
  connections: [
    { key: 'url', title: 'URL', value: (r) => r.group.target },
    { key: 'type', title: 'Type', value: (r) => r.group.type },
    stateColumn,
    countColumn,
    {
      key: 'age',
      title: 'Age',
      numeric: true,
      value: (r) => r.age,
      text: (r) => (r.age === undefined ? '' : `${r.age} nav`),
      description: 'Navigations since the oldest one was opened',
    },
    epochColumn,
    createdColumn,
  ],
  images: [
    {
      key: 'source',
      title: 'Source',
      value: (r) => r.group.target,
      description: 'What the group has in common: the URL without its query, the data: type, the blob origin',
    },
    { key: 'example', title: 'Example', value: (r) => r.group.samples[0]?.description },
    { key: 'kind', title: 'Kind', value: (r) => (r.group.kind === 'object-url' ? `object URL (${r.group.type})` : 'image') },
    countColumn,
    {
      key: 'size',
      title: 'Size',
      numeric: true,
      value: (r) => r.group.bytes,
      text: (r) => (r.group.bytes === undefined ? '' : formatBytes(r.group.bytes)),
      description: 'Decoded bytes, where known',
    },
    {
      key: 'attached',
      title: 'Attached?',
      value: (r) => attachedText(r.group),
      description: 'Whether the sampled images are in the document',
    },
    epochColumn,
    createdColumn,
  ],
  observers: [
    { key: 'type', title: 'Type', value: (r) => r.group.type },
    { key: 'target', title: 'Observing', value: (r) => r.group.target },
    stateColumn,
    countColumn,
    epochColumn,
    createdColumn,
  ],
  timers: [
    { key: 'type', title: 'Type', value: (r) => r.group.type },
    { key: 'schedule', title: 'Schedule', value: (r) => r.group.target },
    { key: 'callback', title: 'Callback', value: (r) => r.group.samples[0]?.description },
    countColumn,
    epochColumn,
    createdColumn,
  ],
};

/** `yes`, `no`, `2 of 3 sampled` from the samples' states. */
function attachedText(group: Group): string {
  const states = group.samples.map((s) => imageAttached(s.state)).filter((v) => v !== undefined);
  if (states.length === 0) return '';
  const yes = states.filter(Boolean).length;
  if (yes === states.length) return 'yes';
  if (yes === 0) return 'no';
  return `${yes} of ${states.length} sampled`;
}

const DETACHED_COLUMNS: Column<DetachedRow>[] = [
  { key: 'element', title: 'Element', value: (r) => r.element },
  { key: 'nodes', title: 'Nodes', numeric: true, value: (r) => r.root.nodeCount, description: 'Nodes in the detached subtree, root included' },
  {
    key: 'listeners',
    title: 'Listeners',
    numeric: true,
    value: (r) => r.root.attribution.listeners.length,
    description: 'Listeners on the root or inside it',
  },
  { key: 'observers', title: 'Observers', numeric: true, value: (r) => r.root.attribution.observers.length },
  {
    key: 'size',
    title: 'Size',
    numeric: true,
    value: (r) => r.root.bytes,
    text: (r) => (r.root.bytes === undefined ? '' : formatBytes(r.root.bytes)),
  },
  { key: 'epoch', title: 'Epoch', numeric: true, value: (r) => r.root.epoch },
  {
    key: 'stack',
    title: 'Removed by / listener added at',
    value: (r) => detachedStack(r)[0]?.url ?? '',
    text: (r) => stackText(detachedStack(r).slice(0, 1)),
    render: (r) => <TopFrame stack={detachedStack(r)} />,
  },
];

/** The stack that best says where a detached root comes from: what removed it, else where its first listener was added. */
function detachedStack(r: DetachedRow) {
  return r.root.attribution.removedBy ?? r.root.attribution.listeners[0]?.stack ?? [];
}

const LEAK_COLUMNS: Column<LeakRow>[] = [
  { key: 'kind', title: 'Kind', value: (r) => r.leak.kind },
  {
    key: 'signature',
    title: 'Signature',
    value: (r) => leakTitle(r.leak),
    render: (r) => <span title={r.leak.signature}>{leakTitle(r.leak)}</span>,
  },
  { key: 'status', title: 'Status', value: (r) => r.status },
  {
    key: 'delta',
    title: 'Δ/cycle',
    numeric: true,
    value: (r) => r.leak.perIteration,
    text: (r) => (r.leak.kind === 'heap' ? leakAmount(r.leak, r.leak.perIteration) : signed(r.leak.perIteration)),
    description: 'Average growth per navigation cycle',
  },
  {
    key: 'total',
    title: 'Total',
    numeric: true,
    value: (r) => r.leak.total,
    text: (r) => leakAmount(r.leak, r.leak.total),
    description: 'Growth from the first snapshot to the last',
  },
  {
    key: 'created',
    title: 'Created at',
    value: (r) => r.leak.stack[0]?.url ?? '',
    text: (r) => stackText(r.leak.stack.slice(0, 1)),
    render: (r) => <TopFrame stack={r.leak.stack} />,
  },
];

export interface ResourceTabsProps {
  snapshot: Snapshot;
  /** The comparison the Leaks tab shows; without one it asks for two snapshots. */
  report?: Report | undefined;
  /** The tab shown first; the Leaks tab when there is a report, else Listeners. */
  initialTab?: TableName;
}

/** Tabs over a snapshot's resources (and a report's leaks), each a {@link DataTable}. */
export function ResourceTabs({ snapshot, report, initialTab }: ResourceTabsProps) {
  const [selected, setSelected] = useState<TableName>(initialTab ?? (report ? 'leaks' : 'listeners'));
  const counts = useMemo(() => tableCounts(snapshot, report), [snapshot, report]);
  const tabs = useRef(new Map<TableName, HTMLButtonElement>());
  const id = useId();

  // Arrow keys move between tabs and select them (automatic activation, as the DevTools tab strips do).
  const onKeyDown = (e: KeyboardEvent) => {
    const at = TABLES.indexOf(selected);
    const to =
      e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? TABLES.length - 1 : undefined;
    if (to === undefined) return;
    e.preventDefault();
    const next = TABLES[(to + TABLES.length) % TABLES.length]!;
    setSelected(next);
    tabs.current.get(next)?.focus();
  };

  return (
    <section className="resource-tabs" data-testid="resource-tabs">
      <div role="tablist" aria-label="Resources" className="tablist" onKeyDown={onKeyDown}>
        {TABLES.map((name) => (
          <button
            key={name}
            ref={(el) => {
              if (el) tabs.current.set(name, el);
              else tabs.current.delete(name);
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${name}`}
            aria-selected={selected === name}
            aria-controls={`${id}-panel-${name}`}
            tabIndex={selected === name ? 0 : -1}
            data-testid={`tab-${name}`}
            onClick={() => setSelected(name)}
          >
            {TAB_TITLES[name]} <span className="tab-count">{name === 'leaks' && !report ? '–' : count(counts[name])}</span>
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel-${selected}`} aria-labelledby={`${id}-tab-${selected}`} className="tabpanel">
        <TableFor name={selected} snapshot={snapshot} report={report} />
      </div>
    </section>
  );
}

function TableFor({ name, snapshot, report }: { name: TableName; snapshot: Snapshot; report: Report | undefined }) {
  // Each table keeps its own sort and filter; switching tabs starts the next one fresh (keyed by name).
  switch (name) {
    case 'leaks':
      return <LeaksTable key={name} snapshot={snapshot} report={report} />;
    case 'detached':
      return <DetachedTable key={name} snapshot={snapshot} />;
    default:
      return <GroupTableView key={name} name={name} snapshot={snapshot} />;
  }
}

const GROUP_EMPTY: Record<GroupTable, string> = {
  listeners: 'No event listeners were alive in this snapshot.',
  connections: 'No WebSocket, EventSource or BroadcastChannel was open in this snapshot.',
  images: 'No images or object URLs were held in this snapshot.',
  observers: 'No observer was observing in this snapshot.',
  timers: 'No timer was scheduled in this snapshot.',
};

const groupSearch = (r: GroupRow) => [stackText(r.group.stack), ...r.group.samples.map((s) => `${s.description} ${s.state ?? ''}`)].join('\n');

function GroupTableView({ name, snapshot }: { name: GroupTable; snapshot: Snapshot }) {
  const rows = useMemo(() => groupRows(snapshot, name), [snapshot, name]);
  return (
    <DataTable
      name={name}
      label={TAB_TITLES[name]}
      rows={rows}
      columns={GROUP_COLUMNS[name]}
      rowKey={(r) => r.key}
      details={(r) => <GroupDetails group={r.group} />}
      searchText={groupSearch}
      initialSort={{ key: 'count', direction: 'descending' }}
      empty={GROUP_EMPTY[name]}
    />
  );
}

function GroupDetails({ group }: { group: Group }) {
  return (
    <div className="details">
      <Detail title="Samples">
        {group.samples.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul className="samples-list">
            {group.samples.map((s, i) => (
              <li key={i}>
                {s.description}
                {s.state !== undefined && <span className="muted"> — {s.state}</span>}
              </li>
            ))}
          </ul>
        )}
      </Detail>
      <Detail title="Epochs">{epochsText(group.epochs)}</Detail>
      {group.bytes !== undefined && <Detail title="Bytes">{formatBytes(group.bytes)}</Detail>}
      <Detail title="Created at">
        <StackFrames stack={group.stack} />
      </Detail>
      <Detail title="If this leaks">{suggestFix(group.kind, group.type)}</Detail>
      <Detail title="Signature">
        <code>{group.signature}</code>
      </Detail>
    </div>
  );
}

const detachedSearch = (r: DetachedRow) =>
  [
    ...r.root.attribution.listeners.map((l) => `${l.type} ${l.target}\n${stackText(l.stack)}`),
    ...r.root.attribution.observers.map((o) => `${o.type}\n${stackText(o.stack)}`),
    stackText(r.root.attribution.removedBy ?? []),
  ].join('\n');

function DetachedTable({ snapshot }: { snapshot: Snapshot }) {
  const rows = useMemo(() => detachedRows(snapshot), [snapshot]);
  return (
    <DataTable
      name="detached"
      label="Detached DOM"
      rows={rows}
      columns={DETACHED_COLUMNS}
      rowKey={(r) => r.key}
      details={(r) => <DetachedDetails row={r} />}
      searchText={detachedSearch}
      initialSort={{ key: 'nodes', direction: 'descending' }}
      empty="No detached DOM subtree was alive in this snapshot."
    />
  );
}

function DetachedDetails({ row }: { row: DetachedRow }) {
  const { attribution } = row.root;
  return (
    <div className="details">
      <Detail title="Removed by">
        {attribution.removedBy ? <StackFrames stack={attribution.removedBy} /> : <span className="muted">not recorded</span>}
      </Detail>
      <Detail title={`Listeners (${attribution.listeners.length})`}>
        {attribution.listeners.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul className="attributions">
            {attribution.listeners.map((l, i) => (
              <li key={i}>
                <span className="attribution-title">
                  “{l.type}” on {l.target}
                </span>
                <StackFrames stack={l.stack} />
              </li>
            ))}
          </ul>
        )}
      </Detail>
      <Detail title={`Observers (${attribution.observers.length})`}>
        {attribution.observers.length === 0 ? (
          <span className="muted">none</span>
        ) : (
          <ul className="attributions">
            {attribution.observers.map((o, i) => (
              <li key={i}>
                <span className="attribution-title">{o.type}</span>
                <StackFrames stack={o.stack} />
              </li>
            ))}
          </ul>
        )}
      </Detail>
      <Detail title="If this leaks">{suggestFix('detached-dom', row.root.tag, row.root)}</Detail>
    </div>
  );
}

const leakSearch = (r: LeakRow) => [r.leak.signature, r.leak.reason, r.leak.sample?.description ?? '', stackText(r.leak.stack)].join('\n');

function LeaksTable({ snapshot, report }: { snapshot: Snapshot; report: Report | undefined }) {
  const rows = useMemo(() => leakRows(report), [report]);
  if (!report) {
    return (
      <p className="table-empty hint" data-testid="table-leaks">
        Take two snapshots (a baseline, then another after repeating the navigation) and compare them to see what grows.
      </p>
    );
  }
  return (
    <DataTable
      name="leaks"
      label="Leaks"
      rows={rows}
      columns={LEAK_COLUMNS}
      rowKey={(r) => r.key}
      details={(r) => <LeakDetails row={r} snapshot={snapshot} />}
      searchText={leakSearch}
      empty="No leaks found: nothing grew with the navigations."
    />
  );
}

function LeakDetails({ row, snapshot }: { row: LeakRow; snapshot: Snapshot }) {
  const { leak } = row;
  // The report carries no epochs; the snapshot's group of the same signature does, when it is still alive.
  const group = snapshot.groups.find((g) => g.signature === leak.signature);
  return (
    <div className="details">
      <Detail title="Why">{leak.reason}</Detail>
      <Detail title="Growth">
        {perIteration(leak)}; {valuesLine(leak, ' → ')}
      </Detail>
      {leak.sample && (
        <Detail title="Sample">
          {leak.sample.description}
          {leak.sample.state !== undefined && <span className="muted"> — {leak.sample.state}</span>}
        </Detail>
      )}
      {group && group.samples.length > 1 && (
        <Detail title="More samples">
          <ul className="samples-list">
            {group.samples.map((s, i) => (
              <li key={i}>{s.description}</li>
            ))}
          </ul>
        </Detail>
      )}
      <Detail title="Epochs">{group ? epochsText(group.epochs) : leak.detached?.epoch !== undefined ? `epoch ${leak.detached.epoch}` : '–'}</Detail>
      <Detail title={stackLabel(leak)}>
        <StackFrames stack={leak.stack} />
      </Detail>
      <Detail title="Suggested fix">{leak.fix || suggestFix(leak.kind, leak.type, leak.detached)}</Detail>
      <Detail title="Rule">
        <code>{leak.rule}</code>
      </Detail>
    </div>
  );
}

function Detail({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="detail">
      <div className="detail-title">{title}</div>
      <div className="detail-body">{children}</div>
    </div>
  );
}
