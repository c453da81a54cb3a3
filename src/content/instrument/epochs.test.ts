import { describe, expect, it } from 'vitest';
import { createEpochLog, MAX_LOG, MAX_URL } from './epochs.ts';

function setup(href = 'https://app.test/', loadType: 'load' | 'reload' | 'back_forward' = 'load') {
  let time = 1000;
  let changes = 0;
  const log = createEpochLog(
    href,
    loadType,
    () => time++,
    () => changes++,
  );
  return { log, changes: () => changes };
}

describe('createEpochLog', () => {
  it('starts at epoch 0 with the load, of the type the navigation entry says', () => {
    const { log, changes } = setup('https://app.test/a', 'reload');
    expect(log.current()).toBe(0);
    expect(log.log()).toEqual([{ epoch: 0, url: 'https://app.test/a', type: 'reload', time: 1000 }]);
    expect(changes()).toBe(1);
  });

  it('moves on each navigation to a new URL, logging where the page went', () => {
    const { log } = setup();
    log.moved('push', 'https://app.test/settings');
    log.moved('replace', 'https://app.test/settings?tab=2');
    log.moved('pop', 'https://app.test/');
    expect(log.current()).toBe(3);
    expect(log.log().map((e) => [e.epoch, e.type, e.url])).toEqual([
      [0, 'load', 'https://app.test/'],
      [1, 'push', 'https://app.test/settings'],
      [2, 'replace', 'https://app.test/settings?tab=2'],
      [3, 'pop', 'https://app.test/'],
    ]);
  });

  it('ignores a signal that leaves the URL as it was (pushState of the same URL)', () => {
    const { log, changes } = setup();
    log.moved('push', 'https://app.test/');
    log.moved('replace', 'https://app.test/');
    expect(log.current()).toBe(0);
    expect(changes()).toBe(1);
  });

  it('counts a fragment change once, as a hash navigation, though popstate and hashchange both fire', () => {
    const { log } = setup('https://app.test/page');
    log.moved('pop', 'https://app.test/page#section');
    log.moved('hash', 'https://app.test/page#section');
    expect(log.current()).toBe(1);
    expect(log.log().at(-1)).toMatchObject({ epoch: 1, type: 'hash', url: 'https://app.test/page#section' });
  });

  it('names a popstate to another path a pop, even with a fragment', () => {
    const { log } = setup('https://app.test/a#x');
    log.moved('pop', 'https://app.test/b#x');
    expect(log.log().at(-1)?.type).toBe('pop');
  });

  it('always starts an epoch on a back/forward cache restore, even at the same URL', () => {
    const { log } = setup();
    log.restored('https://app.test/');
    log.restored('https://app.test/');
    expect(log.current()).toBe(2);
    expect(log.log().map((e) => e.type)).toEqual(['load', 'bfcache', 'bfcache']);
    // After a restore, a signal for the URL restored at is no navigation.
    log.moved('pop', 'https://app.test/');
    expect(log.current()).toBe(2);
  });

  it('keeps the load and the latest entries when the log is full', () => {
    const { log } = setup();
    for (let i = 1; i <= MAX_LOG + 50; i++) log.moved('push', `https://app.test/${i}`);
    const entries = log.log();
    expect(entries).toHaveLength(MAX_LOG);
    expect(entries[0]).toMatchObject({ epoch: 0, type: 'load' });
    expect(entries[1]!.epoch).toBe(51 + 1);
    expect(entries.at(-1)).toMatchObject({ epoch: MAX_LOG + 50, url: `https://app.test/${MAX_LOG + 50}` });
  });

  it('cuts very long URLs in the log, but compares the whole URL', () => {
    const long = `https://app.test/?q=${'x'.repeat(MAX_URL)}`;
    const { log } = setup();
    log.moved('push', long);
    log.moved('push', `${long}y`);
    expect(log.current()).toBe(2);
    expect(log.log()[1]!.url).toHaveLength(MAX_URL);
  });
});
