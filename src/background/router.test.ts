import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../shared/protocol.ts';
import { panelVersionProblem, versionProblem } from './router.ts';

describe('version mismatch messages', () => {
  it('say which side is older, and what to do', () => {
    expect(versionProblem(PROTOCOL_VERSION - 1, 0)).toBe(
      `This tab runs an older Leakscope page script (protocol ${PROTOCOL_VERSION - 1}; the extension speaks ${PROTOCOL_VERSION}): reload it.`,
    );
    expect(versionProblem(PROTOCOL_VERSION + 1, 0)).toMatch(
      /^This tab runs a newer Leakscope page script .*: update Leakscope, then reload the tab\.$/,
    );
    expect(versionProblem(PROTOCOL_VERSION - 1, 4)).toMatch(/^A frame of this tab \(frame 4\) runs an older Leakscope page script/);
    expect(panelVersionProblem(PROTOCOL_VERSION - 1)).toMatch(/^This panel is older than the extension .*: close and reopen DevTools\.$/);
    expect(panelVersionProblem(PROTOCOL_VERSION + 1)).toMatch(/^This panel is newer than the extension/);
  });
});
