/**
 * The extension's version is package.json's: vite.config.ts puts it into the built manifest (manifest.json has
 * none, so there is one place to bump it) and scripts/package-extension.ts names the zip after it.
 */

/**
 * `version` as the manifest's `version`. Chrome takes one to four dot-separated integers of at most 65535 without
 * leading zeros; anything else (1.0.0-rc.1) throws, so the build stops rather than make an extension Chrome refuses.
 *
 * @example
 * extensionVersion('0.1.0'); // '0.1.0'
 */
export function extensionVersion(version: string): string {
  const parts = version.split('.');
  if (parts.length > 4 || !parts.every((p) => /^(0|[1-9]\d*)$/.test(p) && Number(p) <= 65535)) {
    throw new Error(`package.json's version "${version}" is not a Chrome extension version (one to four dot-separated integers, e.g. 1.2.3)`);
  }
  return version;
}
