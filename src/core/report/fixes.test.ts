import { describe, expect, it } from 'vitest';
import { RESOURCE_KINDS } from '../../shared/kinds.ts';
import { suggestFix } from './fixes.ts';

describe('suggestFix', () => {
  it('has a fix for every kind', () => {
    for (const kind of RESOURCE_KINDS) expect(suggestFix(kind, '').length).toBeGreaterThan(20);
  });

  it('draws the fix from the pattern', () => {
    expect(suggestFix('listener', 'resize')).toMatch(/^Remove the listener on unmount: call removeEventListener\('resize'/);
    expect(suggestFix('websocket', 'WebSocket')).toMatch(/^Close the socket/);
    expect(suggestFix('websocket', 'EventSource')).toMatch(/^Close the EventSource/);
    expect(suggestFix('websocket', 'BroadcastChannel')).toMatch(/channel\.close\(\)/);
    expect(suggestFix('worker', 'Worker')).toMatch(/^Terminate the worker on unmount \(worker\.terminate\(\)\)/);
    expect(suggestFix('worker', 'SharedWorker')).toMatch(/worker\.port\.close\(\)/);
    expect(suggestFix('message-port', 'MessageChannel')).toMatch(/^Close the channel on unmount \(port\.close\(\) on either port/);
    expect(suggestFix('observer', 'IntersectionObserver')).toMatch(/^Disconnect the IntersectionObserver/);
    expect(suggestFix('object-url', 'Blob')).toMatch(/^Revoke the URL/);
    expect(suggestFix('image', 'HTMLImageElement')).toMatch(/^Evict the cache/);
    expect(suggestFix('timer', 'setInterval')).toMatch(/^Clear the interval/);
    expect(suggestFix('timer', 'requestAnimationFrame')).toMatch(/cancelAnimationFrame/);
  });

  it('tells what holds a detached subtree', () => {
    const root = {
      signature: 's',
      tag: 'div',
      classes: [],
      nodeCount: 3,
      attribution: { listeners: [], observers: [{ type: 'ResizeObserver', stack: [] }] },
    };
    expect(suggestFix('detached-dom', 'div', root)).toMatch(/^Disconnect the observers that watch it/);
  });
});

describe('suggestFix for documents', () => {
  it("names SVG images for Chrome's document count, frames only for a kept frame's document", () => {
    expect(suggestFix('document', 'documents')).toContain('SVG image');
    expect(suggestFix('document', 'iframe#pay')).not.toContain('SVG');
  });
});
