/**
 * How amounts are written in reasons and reports: byte sizes with binary units, counts with their sign.
 */

/**
 * A byte size with a binary unit.
 *
 * @example
 * formatBytes(1536); // '1.5 KB'
 * formatBytes(-2 * 1024 * 1024); // '-2.0 MB'
 */
export function formatBytes(bytes: number): string {
  const sign = bytes < 0 ? '-' : '';
  let n = Math.abs(bytes);
  if (n < 1024) return `${sign}${Math.round(n)} B`;
  for (const unit of ['KB', 'MB', 'GB', 'TB']) {
    n /= 1024;
    if (n < 1024 || unit === 'TB') return `${sign}${n.toFixed(1)} ${unit}`;
  }
  return `${sign}${n} B`;
}

/**
 * A number with an explicit sign, at most 2 decimals.
 *
 * @example
 * signed(3); // '+3'
 * signed(-0.5); // '-0.5'
 */
export function signed(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return rounded > 0 ? `+${rounded}` : String(rounded);
}

/**
 * A byte delta with an explicit sign.
 *
 * @example
 * signedBytes(2048); // '+2.0 KB'
 */
export function signedBytes(n: number): string {
  return n > 0 ? `+${formatBytes(n)}` : formatBytes(n);
}
