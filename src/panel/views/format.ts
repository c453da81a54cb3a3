/** Number formats shared by the live cards and the timeline: counts with separators, bytes in KB/MB. */

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatBytes(n: number): string {
  const abs = Math.abs(n);
  if (abs >= 1024 * 1024 * 1024) return `${(n / 1024 / 1024 / 1024).toFixed(2)} GB`;
  if (abs >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (abs >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${Math.round(n)} B`;
}

/** A change, signed: "+2", "0", "-1.5 MB". */
export function formatDelta(n: number, unit: 'count' | 'bytes'): string {
  const text = unit === 'bytes' ? formatBytes(n) : formatCount(n);
  return n > 0 ? `+${text}` : text;
}

export const formatValue = (n: number, unit: 'count' | 'bytes'): string => (unit === 'bytes' ? formatBytes(n) : formatCount(n));

/** A page URL shortened for a marker label: path, query and fragment, at most `max` characters. */
export function shortUrl(url: string, max = 28): string {
  let text = url;
  try {
    const u = new URL(url);
    text = `${u.pathname}${u.search}${u.hash}`;
  } catch {
    // Not a URL (an empty or opaque one): shown as it is.
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
