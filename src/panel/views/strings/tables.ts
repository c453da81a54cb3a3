/** The text of the resource tables: ResourceTabs.tsx (tabs, columns, details), DataTable.tsx and StackFrames.tsx. */
import type { GroupTable, TableName } from '../tables/resource-rows.ts';

/** A column's header, and what it means (the header's tooltip). */
interface ColumnText {
  title: string;
  description?: string;
}

export const RESOURCE_TABS = {
  tablist: 'Resources',
  tabs: {
    leaks: 'Leaks',
    detached: 'Detached DOM',
    listeners: 'Listeners',
    connections: 'Connections',
    workers: 'Workers',
    images: 'Images',
    observers: 'Observers',
    timers: 'Timers',
  } satisfies Record<TableName, string>,
  /** Columns of every group table. */
  group: {
    count: { title: 'Count', description: 'Live resources in the group when the snapshot was taken' },
    created: { title: 'Created at' },
    epoch: { title: 'Epoch', description: 'Navigation epoch the oldest live one was created in' },
    state: { title: 'State' },
  } satisfies Record<string, ColumnText>,
  listeners: { target: { title: 'Target' }, type: { title: 'Type' }, handler: { title: 'Handler' } } satisfies Record<string, ColumnText>,
  connections: {
    url: { title: 'URL' },
    type: { title: 'Type' },
    age: { title: 'Age', description: 'Navigations since the oldest one was opened' },
  } satisfies Record<string, ColumnText>,
  workers: {
    type: { title: 'Type' },
    script: { title: 'Script', description: 'The worker script URL without its query; one line for every blob: or data: URL' },
    example: { title: 'Example' },
  } satisfies Record<string, ColumnText>,
  age: (navigations: number) => `${navigations} nav`,
  images: {
    source: { title: 'Source', description: 'What the group has in common: the URL without its query, the data: type, the blob origin' },
    example: { title: 'Example' },
    kind: { title: 'Kind' },
    size: { title: 'Size', description: 'Decoded bytes, where known' },
    attached: { title: 'Attached?', description: 'Whether the sampled images are in the document' },
  } satisfies Record<string, ColumnText>,
  imageKind: (kind: string, type: string) => (kind === 'object-url' ? `object URL (${type})` : 'image'),
  attached: { yes: 'yes', no: 'no', some: (yes: number, of: number) => `${yes} of ${of} sampled` },
  observers: { type: { title: 'Type' }, target: { title: 'Observing' } } satisfies Record<string, ColumnText>,
  timers: { type: { title: 'Type' }, schedule: { title: 'Schedule' }, callback: { title: 'Callback' } } satisfies Record<string, ColumnText>,
  detached: {
    element: { title: 'Element' },
    nodes: { title: 'Nodes', description: 'Nodes in the detached subtree, root included' },
    listeners: { title: 'Listeners', description: 'Listeners on the root or inside it' },
    observers: { title: 'Observers' },
    size: { title: 'Size' },
    epoch: { title: 'Epoch' },
    stack: { title: 'Removed by / listener added at' },
  } satisfies Record<string, ColumnText>,
  leaks: {
    kind: { title: 'Kind' },
    signature: { title: 'Signature' },
    status: { title: 'Status' },
    delta: { title: 'Δ/cycle', description: 'Average growth per navigation cycle' },
    total: { title: 'Total', description: 'Growth from the first snapshot to the last' },
    created: { title: 'Created at' },
  } satisfies Record<string, ColumnText>,
  empty: {
    listeners: 'No event listeners were alive in this snapshot.',
    connections: 'No WebSocket, EventSource or BroadcastChannel was open in this snapshot.',
    workers: 'No worker was running and no message channel was open in this snapshot.',
    images: 'No images or object URLs were held in this snapshot.',
    observers: 'No observer was observing in this snapshot.',
    timers: 'No timer was scheduled in this snapshot.',
    detached: 'No detached DOM subtree was alive in this snapshot.',
    leaks: 'No leaks found: nothing grew with the navigations.',
  } satisfies Record<GroupTable | 'detached' | 'leaks', string>,
  noReport: 'Take two snapshots (a baseline, then another after repeating the navigation) and compare them to see what grows.',
  details: {
    samples: 'Samples',
    none: 'none',
    epochs: 'Epochs',
    bytes: 'Bytes',
    createdAt: 'Created at',
    ifThisLeaks: 'If this leaks',
    signature: 'Signature',
    removedBy: 'Removed by',
    notRecorded: 'not recorded',
    listeners: (n: number) => `Listeners (${n})`,
    observers: (n: number) => `Observers (${n})`,
    listenerOn: (type: string, target: string) => `“${type}” on ${target}`,
    why: 'Why',
    growth: 'Growth',
    sample: 'Sample',
    moreSamples: 'More samples',
    epoch: (n: number) => `epoch ${n}`,
    suggestedFix: 'Suggested fix',
    rule: 'Rule',
  },
} as const;

export const DATA_TABLE = {
  filter: 'Filter',
  filterLabel: (label: string) => `Filter ${label}`,
  rows: (shown: number, of: number, filtered: boolean) =>
    `${filtered ? `${shown} of ${of}` : `${of}`} row${(filtered ? shown : of) === 1 ? '' : 's'}`,
  details: 'Details',
  showDetails: 'Show details',
  hideDetails: 'Hide details',
  noMatch: (query: string) => `No row matches “${query}”.`,
  more: (hidden: number) => `${hidden.toLocaleString('en-US')} more — refine the filter to see them.`,
} as const;

export const STACK_FRAMES = {
  /** What a frame shows when there is nothing to open it with. */
  openFromDevtools: 'Open Leakscope from DevTools (F12 › Leakscope) to jump to this line in the Sources panel.',
  noFileAndLine: 'This frame has no file and line to open.',
  open: (url: string, line: number) => `Open ${url} at line ${line} in the Sources panel`,
  noStack: (label: string | undefined) => `${label ? `${label}: ` : ''}no stack recorded`,
} as const;
