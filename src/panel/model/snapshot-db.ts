/**
 * Keeps the panel's snapshots across a reload of the panel (DevTools closed and opened again, the pop-out tab
 * reloaded), in the extension's own IndexedDB: its origin is the extension's, so no page can read it, and unlike
 * `chrome.storage.local` (10 MB without `unlimitedStorage`) it holds snapshots of real apps, a few MB each, under the
 * origin's ordinary disk quota. A failed write only costs the persistence: the store keeps working in memory and says so.
 *
 * What is kept: every entry of the list (taken or imported) with its whole snapshot, under the inspected tab's id.
 * For how long: while that tab is open in this browser session, and at most {@link MAX_AGE_MS}. Whenever a panel
 * opens, records of closed tabs, of an earlier browser or extension session (tab ids start again from 1, and
 * `storage.session`, which holds the session's id, is emptied then) and older ones are deleted. Deleting an entry
 * in the list deletes its record.
 */
import { validateSnapshot } from '../../core/index.ts';
import type { SnapshotEntry, SnapshotPersistence } from './snapshots.ts';

const DB_NAME = 'leakscope-panel';
const STORE = 'snapshots';
/** Records older than this are deleted whatever their tab: a day-old snapshot of a live page misleads more than it helps. */
export const MAX_AGE_MS = 24 * 60 * 60 * 1000;

interface SnapshotRecord {
  /** `${tabId}:${entry.id}` */
  key: string;
  tabId: number;
  session: string;
  savedAt: number;
  entry: SnapshotEntry;
}

export interface SnapshotDbOptions {
  tabId: number;
  /** An id of this browser (and extension) session; records of other sessions are stale. */
  session: () => Promise<string>;
  tabExists: (tabId: number) => Promise<boolean>;
  indexedDB?: IDBFactory;
  now?: () => number;
}

const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

const committed = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });

function open(factory: IDBFactory): Promise<IDBDatabase> {
  const request = factory.open(DB_NAME, 1);
  request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
  return done(request);
}

/** The IndexedDB persistence of one tab's snapshots. */
export function snapshotDb(opts: SnapshotDbOptions): SnapshotPersistence {
  const now = opts.now ?? Date.now;
  let db: Promise<IDBDatabase> | undefined;
  const database = () => (db ??= open(opts.indexedDB ?? indexedDB));

  return {
    async load() {
      const [d, session] = await Promise.all([database(), opts.session()]);
      const records = await done(d.transaction(STORE).objectStore(STORE).getAll() as IDBRequest<SnapshotRecord[]>);
      const stale: string[] = [];
      const kept: SnapshotEntry[] = [];
      const alive = new Map<number, Promise<boolean>>();
      for (const record of records) {
        const fresh = record.session === session && now() - record.savedAt < MAX_AGE_MS;
        if (!fresh) {
          stale.push(record.key);
          continue;
        }
        if (record.tabId !== opts.tabId) {
          if (!alive.has(record.tabId)) alive.set(record.tabId, opts.tabExists(record.tabId));
          if (!(await alive.get(record.tabId))) stale.push(record.key);
          continue;
        }
        try {
          // Written by this extension, maybe by an older version of it: read back through the same schema.
          kept.push({ ...record.entry, snapshot: validateSnapshot(record.entry.snapshot, record.entry.label) });
        } catch {
          stale.push(record.key); // a record an older snapshot format wrote: nothing to show for it
        }
      }
      if (stale.length > 0) {
        const tx = d.transaction(STORE, 'readwrite');
        for (const key of stale) tx.objectStore(STORE).delete(key);
        await committed(tx);
      }
      return kept.sort((a, b) => a.takenAt - b.takenAt);
    },
    async put(entry) {
      const [d, session] = await Promise.all([database(), opts.session()]);
      const tx = d.transaction(STORE, 'readwrite');
      const record: SnapshotRecord = { key: `${opts.tabId}:${entry.id}`, tabId: opts.tabId, session, savedAt: now(), entry };
      tx.objectStore(STORE).put(record);
      await committed(tx);
    },
    async delete(id) {
      const d = await database();
      const tx = d.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).delete(`${opts.tabId}:${id}`);
      await committed(tx);
    },
  };
}

/**
 * This browser session's id, made once and kept in `storage.session` (emptied when the browser or the extension
 * restarts, which is exactly when tab ids stop meaning the same tabs).
 */
export function browserSessionId(area: {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}): () => Promise<string> {
  const KEY = 'leakscope.panel.session';
  let id: Promise<string> | undefined;
  return () =>
    (id ??= (async () => {
      const stored = (await area.get(KEY))[KEY];
      if (typeof stored === 'string') return stored;
      const fresh = crypto.randomUUID();
      await area.set({ [KEY]: fresh });
      return fresh;
    })());
}
