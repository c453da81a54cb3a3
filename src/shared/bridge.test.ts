import { describe, expect, it } from 'vitest';
import { Bridge, memoryWallPair, parseEnvelope } from './bridge.ts';
import { BackgroundToPanel, ContentToBackground, HANDSHAKE_MESSAGES, PageToRelay, PanelToBackground, PROTOCOL_VERSION } from './protocol.ts';

const stats = {
  listeners: 3,
  connections: 1,
  workers: 0,
  channels: 0,
  images: 0,
  imageBytes: 0,
  objectUrls: 0,
  observers: 2,
  timers: 0,
  epoch: 1,
  url: 'http://app.test/',
  errors: 0,
};
const { listeners: _inherited, ...withoutListeners } = stats;
const envelope = (type: string, payload: unknown, v: unknown = PROTOCOL_VERSION) => ({ v, type, payload });

describe('parseEnvelope', () => {
  it('accepts a well-formed message and returns a fresh copy', () => {
    const input = envelope('stats', { ...stats });
    const parsed = parseEnvelope(PageToRelay, input);
    expect(parsed).toEqual({ type: 'stats', payload: stats });
    expect(parsed!.payload).not.toBe(input.payload);
  });

  it.each([
    ['null', null],
    ['a string', 'stats'],
    ['an array', [PROTOCOL_VERSION, 'stats', stats]],
    ['another protocol version', envelope('stats', stats, PROTOCOL_VERSION + 1)],
    ['a version given as a string', envelope('stats', stats, String(PROTOCOL_VERSION))],
    ['an unknown message name', envelope('delete', stats)],
    ['an inherited message name', envelope('toString', stats)],
    ['a __proto__ message name', envelope('__proto__', stats)],
    ['a missing payload field', envelope('stats', { listeners: 1, epoch: 0, url: 'x' })],
    ['a negative count', envelope('stats', { ...stats, listeners: -1 })],
    ['a fractional count', envelope('stats', { ...stats, listeners: 1.5 })],
    ['an absurd count', envelope('stats', { ...stats, listeners: 1e12 })],
    ['NaN', envelope('stats', { ...stats, listeners: Number.NaN })],
    ['a count given as a string', envelope('stats', { ...stats, listeners: '3' })],
    ['an oversized url', envelope('stats', { ...stats, url: 'x'.repeat(5000) })],
    ['a payload that is an array', envelope('stats', [stats])],
    ['a count inherited from the prototype', envelope('stats', Object.assign(Object.create({ listeners: 3 }), withoutListeners))],
  ])('rejects %s', (_name, message) => {
    expect(parseEnvelope(PageToRelay, message)).toBeUndefined();
  });

  it('drops unknown payload fields instead of passing them on', () => {
    const parsed = parseEnvelope(PageToRelay, envelope('stats', { ...stats, html: '<img onerror=alert(1)>' }));
    expect(parsed?.payload).toEqual(stats);
  });

  it('validates nested arrays with a bound', () => {
    const frames = Array.from({ length: 3 }, (_, frameId) => ({ frameId, stats }));
    expect(parseEnvelope(BackgroundToPanel, envelope('welcome', { version: 1, tabId: 4, frames }))).toBeDefined();
    expect(
      parseEnvelope(BackgroundToPanel, envelope('welcome', { version: 1, tabId: 4, frames: [...frames, { frameId: -1, stats }] })),
    ).toBeUndefined();
    const tooMany = Array.from({ length: 10_001 }, (_, frameId) => ({ frameId, stats }));
    expect(parseEnvelope(BackgroundToPanel, envelope('welcome', { version: 1, tabId: 4, frames: tooMany }))).toBeUndefined();
  });
});

describe('Bridge', () => {
  it('delivers typed messages across a wall and counts what it rejects', async () => {
    const [a, b] = memoryWallPair();
    const panel = new Bridge(a, PanelToBackground, BackgroundToPanel);
    const background = new Bridge(b, BackgroundToPanel, PanelToBackground);
    const seen: number[] = [];
    const subscribed = new Promise<number>((resolve) => background.on('subscribe', ({ tabId }) => resolve(tabId)));
    panel.on('stats', ({ stats: s }) => seen.push(s.listeners));
    panel.send('subscribe', { version: PROTOCOL_VERSION, tabId: 7 });
    expect(await subscribed).toBe(7);
    background.send('stats', { frameId: 0, stats });
    b.send({ v: PROTOCOL_VERSION, type: 'stats', payload: { frameId: 0, stats: { ...stats, listeners: 'many' } } });
    b.send('garbage');
    await expect.poll(() => panel.rejected).toBe(2);
    expect(seen).toEqual([3]);
  });

  it('stops delivering after an unsubscribe and after dispose', async () => {
    const [a, b] = memoryWallPair();
    const receiver = new Bridge(a, {}, PageToRelay);
    const sender = new Bridge(b, PageToRelay, {});
    const got: string[] = [];
    const off = receiver.on('hello', ({ url }) => got.push(url));
    sender.send('hello', { version: 1, url: 'first' });
    await expect.poll(() => got.length).toBe(1);
    off();
    sender.send('hello', { version: 1, url: 'second' });
    receiver.on('stats', () => got.push('stats'));
    receiver.dispose();
    sender.send('stats', stats);
    // Nothing can arrive now; give the queue a turn to prove it.
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    expect(got).toEqual(['first']);
  });
});

describe('the version gate', () => {
  const older = PROTOCOL_VERSION - 1;
  const newer = PROTOCOL_VERSION + 1;

  it.each([
    ['an older hello', PageToRelay, envelope('hello', { version: older, url: 'http://app.test/' }, older)],
    ['a newer hello', ContentToBackground, envelope('hello', { version: newer, url: 'http://app.test/', extra: 1 }, newer)],
    ['an older subscribe', PanelToBackground, envelope('subscribe', { version: older, tabId: 3 }, older)],
    ['a problem to a panel of another version', BackgroundToPanel, envelope('problem', { code: 'version-mismatch', message: 'x' }, newer)],
  ])('lets %s through, so its version is seen', (_name, spec, message) => {
    const parsed = parseEnvelope(spec, message);
    expect(parsed?.type).toBe(message.type);
  });

  it.each([
    ['stats', PageToRelay, envelope('stats', stats, older)],
    ['welcome', BackgroundToPanel, envelope('welcome', { version: newer, tabId: 1, frames: [] }, newer)],
    ['a hello with a version given as a string', PageToRelay, envelope('hello', { version: 0, url: 'x' }, '0')],
    ['a hello with a negative version', PageToRelay, envelope('hello', { version: 0, url: 'x' }, -1)],
    ['a hello with a fractional version', PageToRelay, envelope('hello', { version: 0, url: 'x' }, 0.5)],
    ['a hello of another version with a malformed payload', PageToRelay, envelope('hello', { version: 'old' }, older)],
  ])('still drops %s of another version', (_name, spec, message) => {
    expect(parseEnvelope(spec, message)).toBeUndefined();
  });

  it('names only messages whose payload carries the version or answers a mismatch', () => {
    expect([...HANDSHAKE_MESSAGES].sort()).toEqual(['hello', 'problem', 'subscribe']);
  });

  it("delivers an older page script's hello to the handler over a wall, and drops its stats", async () => {
    const [page, relay] = memoryWallPair();
    const receiver = new Bridge(relay, {}, PageToRelay);
    const versions: number[] = [];
    receiver.on('hello', ({ version }) => versions.push(version));
    receiver.on('stats', () => versions.push(-1));
    // What a page script of protocol `older` posts: its own envelope version, its own hello.
    page.send(envelope('hello', { version: older, url: 'http://app.test/' }, older));
    page.send(envelope('stats', stats, older));
    page.send(envelope('hello', { version: PROTOCOL_VERSION, url: 'http://app.test/' }));
    await expect.poll(() => versions).toEqual([older, PROTOCOL_VERSION]);
    await expect.poll(() => receiver.rejected).toBe(1);
  });
});
