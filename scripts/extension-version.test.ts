import { describe, expect, it } from 'vitest';
import { extensionVersion } from './extension-version.ts';

describe('extensionVersion', () => {
  it.each(['0.1.0', '1', '1.2.3.4', '65535.0.0'])('takes %s as it is', (v) => {
    expect(extensionVersion(v)).toBe(v);
  });
  it.each(['1.0.0-rc.1', '01.2.3', '1.2.3.4.5', '65536.0.0', '', '1..2', 'v1.2.3'])('refuses %s, naming it', (v) => {
    expect(() => extensionVersion(v)).toThrow(`package.json's version "${v}" is not a Chrome extension version`);
  });
});
