/**
 * The largest values a snapshot or report may hold. Anything bigger is rejected as malformed rather than trusted:
 * snapshots come from pages, and a hostile page can write anything into them. Producers (the collector) truncate
 * to these limits before writing.
 *
 * @example
 * const samples = allSamples.slice(0, LIMITS.maxSamples);
 */
export const LIMITS = {
  /** Largest snapshot, report or budget file read from disk, in bytes (200 MiB). */
  maxFileBytes: 200 * 1024 * 1024,
  /** Largest budget file, in bytes. */
  maxBudgetFileBytes: 1024 * 1024,
  /** Longest free-text string (titles, descriptions, target descriptions), in UTF-16 code units. */
  maxText: 8192,
  /** Longest URL (data: URLs are expected to be truncated by the producer). */
  maxUrl: 8192,
  /** Longest short label (types, states, versions). */
  maxLabel: 256,
  /** Longest group signature. */
  maxSignature: 16384,
  /** Most groups in one snapshot, all kinds together. */
  maxGroups: 1_000_000,
  /** Most detached DOM roots in one snapshot. */
  maxDetachedRoots: 100_000,
  /** Most frames in one creation stack. */
  maxStackFrames: 64,
  /** Most samples per group. */
  maxSamples: 10,
  /** Most per-epoch entries per group. */
  maxEpochEntries: 10_000,
  /** Most entries in the navigation log. */
  maxNavigations: 10_000,
  /** Most listeners / observers attributed to one detached root. */
  maxAttributions: 1_000,
  /** Most classes listed on one element. */
  maxClasses: 64,
  /** Most health warnings. */
  maxWarnings: 100,
  /** Largest resource count or navigation epoch. */
  maxCount: 1_000_000_000,
  /** Largest byte size (1 PiB): anything above is a corrupt number, not a page. */
  maxBytes: 2 ** 50,
  /** Largest line or column number. */
  maxPosition: 1_000_000_000,
  /** Most snapshots in one report. */
  maxSnapshots: 10_000,
  /** Most leaks in one report. */
  maxLeaks: 1_000_000,
} as const;

/**
 * `s` cut to at most `max` characters: how producers keep what they write within {@link LIMITS}.
 *
 * @example
 * const title = cut(document.title, LIMITS.maxText);
 */
export function cut(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}
