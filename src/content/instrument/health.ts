/**
 * The instrumentation's own health: errors our wrappers swallowed (so that none reaches the page).
 * Reported with every stats message and in snapshots.
 */
export interface Health {
  errors: number;
}

export function createHealth(): Health {
  return { errors: 0 };
}
