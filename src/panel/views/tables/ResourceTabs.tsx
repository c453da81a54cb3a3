/**
 * The tabs under the timeline: the leaks of a report, and what one snapshot holds per kind (detached DOM,
 * listeners, connections, images, observers, timers), each a sortable, filterable table. Self-contained: it shows
 * the snapshot and report it is given and keeps only which tab is selected.
 */
import { useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import {
  formatBytes,
  type Group,
  leakAmount,
  leakTitle,
  perIteration,
  type Report,
  signed,
  type Snapshot,
  stackLabel,
  suggestFix,
  valuesLine,
} from '../../../core/index.ts';
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
import { pageAttr, PageText } from '../PageText.tsx';
import { RESOURCE_TABS as T } from '../strings/tables.ts';

const TAB_TITLES: Record<TableName, string> = T.tabs;

const count = (n: number) => n.toLocaleString('en-US');

// Columns shared by the group tables. The creation stack is searched by the filter through `searchText`.
const countColumn: Column<GroupRow> = {
  key: 'count',
  ...T.group.count,
  numeric: true,
  value: (r) => r.group.count,
};
const createdColumn: Column<GroupRow> = {
  key: 'created',
  ...T.group.created,
  value: (r) => r.group.stack[0]?.url ?? '',
  text: (r) => stackText(r.group.stack.slice(0, 1)),
  render: (r) => <TopFrame stack={r.group.stack} />,
};
const epochColumn: Column<GroupRow> = {
  key: 'epoch',
  ...T.group.epoch,
  numeric: true,
  value: (r) => r.firstEpoch,
};
const stateColumn: Column<GroupRow> = { key: 'state', ...T.group.state, value: (r) => r.state };

const GROUP_COLUMNS: Record<GroupTable, Column<GroupRow>[]> = {
  listeners: [
    { key: 'target', ...T.listeners.target, value: (r) => r.group.target },
    { key: 'type', ...T.listeners.type, value: (r) => r.group.type },
    countColumn,
    { key: 'handler', ...T.listeners.handler, value: (r) => r.group.samples[0]?.description },
    epochColumn,
    createdColumn,
  ],
  connections: [
    { key: 'url', ...T.connections.url, value: (r) => r.group.target },
    { key: 'type', ...T.connections.type, value: (r) => r.group.type },
    stateColumn,
    countColumn,
    {
      key: 'age',
      ...T.connections.age,
      numeric: true,
      value: (r) => r.age,
      text: (r) => (r.age === undefined ? '' : T.age(r.age)),
    },
    epochColumn,
    createdColumn,
  ],
  workers: [
    { key: 'type', ...T.workers.type, value: (r) => r.group.type },
    { key: 'script', ...T.workers.script, value: (r) => r.group.target },
    { key: 'example', ...T.workers.example, value: (r) => r.group.samples[0]?.description },
    stateColumn,
    countColumn,
    epochColumn,
    createdColumn,
  ],
  images: [
    { key: 'source', ...T.images.source, value: (r) => r.group.target },
    { key: 'example', ...T.images.example, value: (r) => r.group.samples[0]?.description },
    { key: 'kind', ...T.images.kind, value: (r) => T.imageKind(r.group.kind, r.group.type) },
    countColumn,
    {
      key: 'size',
      ...T.images.size,
      numeric: true,
      value: (r) => r.group.bytes,
      text: (r) => (r.group.bytes === undefined ? '' : formatBytes(r.group.bytes)),
    },
    { key: 'attached', ...T.images.attached, value: (r) => attachedText(r.group) },
    epochColumn,
    createdColumn,
  ],
  observers: [
    { key: 'type', ...T.observers.type, value: (r) => r.group.type },
    { key: 'target', ...T.observers.target, value: (r) => r.group.target },
    stateColumn,
    countColumn,
    epochColumn,
    createdColumn,
  ],
  timers: [
    { key: 'type', ...T.timers.type, value: (r) => r.group.type },
    { key: 'schedule', ...T.timers.schedule, value: (r) => r.group.target },
    { key: 'callback', ...T.timers.callback, value: (r) => r.group.samples[0]?.description },
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
  if (yes === states.length) return T.attached.yes;
  if (yes === 0) return T.attached.no;
  return T.attached.some(yes, states.length);
}

const DETACHED_COLUMNS: Column<DetachedRow>[] = [
  { key: 'element', ...T.detached.element, value: (r) => r.element },
  { key: 'nodes', ...T.detached.nodes, numeric: true, value: (r) => r.root.nodeCount },
  { key: 'listeners', ...T.detached.listeners, numeric: true, value: (r) => r.root.attribution.listeners.length },
  { key: 'observers', ...T.detached.observers, numeric: true, value: (r) => r.root.attribution.observers.length },
  {
    key: 'size',
    ...T.detached.size,
    numeric: true,
    value: (r) => r.root.bytes,
    text: (r) => (r.root.bytes === undefined ? '' : formatBytes(r.root.bytes)),
  },
  { key: 'epoch', ...T.detached.epoch, numeric: true, value: (r) => r.root.epoch },
  {
    key: 'stack',
    ...T.detached.stack,
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
  { key: 'kind', ...T.leaks.kind, value: (r) => r.leak.kind },
  {
    key: 'signature',
    ...T.leaks.signature,
    value: (r) => leakTitle(r.leak),
    render: (r) => (
      <span title={pageAttr(r.leak.signature)}>
        <PageText text={leakTitle(r.leak)} />
      </span>
    ),
  },
  { key: 'status', ...T.leaks.status, value: (r) => r.status },
  {
    key: 'delta',
    ...T.leaks.delta,
    numeric: true,
    value: (r) => r.leak.perIteration,
    text: (r) => (r.leak.kind === 'heap' ? leakAmount(r.leak, r.leak.perIteration) : signed(r.leak.perIteration)),
  },
  {
    key: 'total',
    ...T.leaks.total,
    numeric: true,
    value: (r) => r.leak.total,
    text: (r) => leakAmount(r.leak, r.leak.total),
  },
  {
    key: 'created',
    ...T.leaks.created,
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
      <div role="tablist" aria-label={T.tablist} className="tablist" onKeyDown={onKeyDown}>
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
      empty={T.empty[name]}
    />
  );
}

function GroupDetails({ group }: { group: Group }) {
  return (
    <div className="details">
      <Detail title={T.details.samples}>
        {group.samples.length === 0 ? (
          <span className="muted">{T.details.none}</span>
        ) : (
          <ul className="samples-list">
            {group.samples.map((s, i) => (
              <li key={i}>
                <PageText text={s.description} />
                {s.state !== undefined && (
                  <span className="muted">
                    {' — '}
                    <PageText text={s.state} />
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Detail>
      <Detail title={T.details.epochs}>{epochsText(group.epochs)}</Detail>
      {group.bytes !== undefined && <Detail title={T.details.bytes}>{formatBytes(group.bytes)}</Detail>}
      <Detail title={T.details.createdAt}>
        <StackFrames stack={group.stack} />
      </Detail>
      <Detail title={T.details.ifThisLeaks}>
        <PageText text={suggestFix(group.kind, group.type)} />
      </Detail>
      <Detail title={T.details.signature}>
        <code>
          <PageText text={group.signature} />
        </code>
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
      label={TAB_TITLES.detached}
      rows={rows}
      columns={DETACHED_COLUMNS}
      rowKey={(r) => r.key}
      details={(r) => <DetachedDetails row={r} />}
      searchText={detachedSearch}
      initialSort={{ key: 'nodes', direction: 'descending' }}
      empty={T.empty.detached}
    />
  );
}

function DetachedDetails({ row }: { row: DetachedRow }) {
  const { attribution } = row.root;
  return (
    <div className="details">
      <Detail title={T.details.removedBy}>
        {attribution.removedBy ? <StackFrames stack={attribution.removedBy} /> : <span className="muted">{T.details.notRecorded}</span>}
      </Detail>
      <Detail title={T.details.listeners(attribution.listeners.length)}>
        {attribution.listeners.length === 0 ? (
          <span className="muted">{T.details.none}</span>
        ) : (
          <ul className="attributions">
            {attribution.listeners.map((l, i) => (
              <li key={i}>
                <span className="attribution-title">
                  <PageText text={T.details.listenerOn(l.type, l.target)} />
                </span>
                <StackFrames stack={l.stack} />
              </li>
            ))}
          </ul>
        )}
      </Detail>
      <Detail title={T.details.observers(attribution.observers.length)}>
        {attribution.observers.length === 0 ? (
          <span className="muted">{T.details.none}</span>
        ) : (
          <ul className="attributions">
            {attribution.observers.map((o, i) => (
              <li key={i}>
                <span className="attribution-title">
                  <PageText text={o.type} />
                </span>
                <StackFrames stack={o.stack} />
              </li>
            ))}
          </ul>
        )}
      </Detail>
      <Detail title={T.details.ifThisLeaks}>
        <PageText text={suggestFix('detached-dom', row.root.tag, row.root)} />
      </Detail>
    </div>
  );
}

const leakSearch = (r: LeakRow) => [r.leak.signature, r.leak.reason, r.leak.sample?.description ?? '', stackText(r.leak.stack)].join('\n');

function LeaksTable({ snapshot, report }: { snapshot: Snapshot; report: Report | undefined }) {
  const rows = useMemo(() => leakRows(report), [report]);
  if (!report) {
    return (
      <p className="table-empty hint" data-testid="table-leaks">
        {T.noReport}
      </p>
    );
  }
  return (
    <DataTable
      name="leaks"
      label={TAB_TITLES.leaks}
      rows={rows}
      columns={LEAK_COLUMNS}
      rowKey={(r) => r.key}
      details={(r) => <LeakDetails row={r} snapshot={snapshot} />}
      searchText={leakSearch}
      empty={T.empty.leaks}
    />
  );
}

function LeakDetails({ row, snapshot }: { row: LeakRow; snapshot: Snapshot }) {
  const { leak } = row;
  // The report carries no epochs; the snapshot's group of the same signature does, when it is still alive.
  const group = snapshot.groups.find((g) => g.signature === leak.signature);
  return (
    <div className="details">
      <Detail title={T.details.why}>
        <PageText text={leak.reason} />
      </Detail>
      <Detail title={T.details.growth}>
        <PageText text={`${perIteration(leak)}; ${valuesLine(leak, ' → ')}`} />
      </Detail>
      {leak.sample && (
        <Detail title={T.details.sample}>
          <PageText text={leak.sample.description} />
          {leak.sample.state !== undefined && (
            <span className="muted">
              {' — '}
              <PageText text={leak.sample.state} />
            </span>
          )}
        </Detail>
      )}
      {group && group.samples.length > 1 && (
        <Detail title={T.details.moreSamples}>
          <ul className="samples-list">
            {group.samples.map((s, i) => (
              <li key={i}>
                <PageText text={s.description} />
              </li>
            ))}
          </ul>
        </Detail>
      )}
      <Detail title={T.details.epochs}>
        {group ? epochsText(group.epochs) : leak.detached?.epoch !== undefined ? T.details.epoch(leak.detached.epoch) : '–'}
      </Detail>
      <Detail title={stackLabel(leak)}>
        <StackFrames stack={leak.stack} />
      </Detail>
      <Detail title={T.details.suggestedFix}>
        <PageText text={leak.fix || suggestFix(leak.kind, leak.type, leak.detached)} />
      </Detail>
      <Detail title={T.details.rule}>
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
