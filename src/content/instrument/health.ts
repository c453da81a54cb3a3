/**
 * The instrumentation's own health: how far to trust its numbers. Reported with every stats message and in
 * snapshots.
 */
export interface Health {
  /** Errors our wrappers swallowed (so that none reached the page). */
  errors: number;
  /** Stacks not recorded because the stack table was full. */
  droppedStacks: number;
  /** Resources not tracked because the registry was full. */
  dropped: number;
  /** New groups not kept because the group table was full: their resources count in their kind's "(other)" group. */
  droppedGroups: number;
  /** Natives wrapped, e.g. "EventTarget.prototype.addEventListener". */
  patched: string[];
  /**
   * Why this realm's tracking cannot be trusted to be complete, one line each (a marker the page planted before
   * us). Any entry turns a verdict of "no leak" into "could not watch this page reliably".
   */
  impaired: string[];
}

/** Most reasons kept in {@link Health.impaired}. */
export const MAX_IMPAIRED = 20;

export function createHealth(): Health {
  return { errors: 0, droppedStacks: 0, dropped: 0, droppedGroups: 0, patched: [], impaired: [] };
}
