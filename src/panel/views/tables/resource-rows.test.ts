import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../core/testing/builder.ts';
import { elementText, epochsText, firstEpoch, groupRows, imageAttached, leakRows, tableCounts } from './resource-rows.ts';

describe('groupRows', () => {
  const s = snapshot(3)
    .group({
      kind: 'listener',
      type: 'resize',
      count: 3,
      epochs: [
        { epoch: 2, count: 1 },
        { epoch: 4, count: 2 },
      ],
    })
    .group({
      kind: 'websocket',
      type: 'WebSocket',
      target: 'ws://app.test/live',
      count: 1,
      epochs: [{ epoch: 1, count: 1 }],
      samples: [{ description: 'ws://app.test/live?x=1', state: 'OPEN for 3 s' }],
    })
    .group({ kind: 'image', target: '/img/1.png', count: 2, samples: [{ description: '/img/1.png', state: 'detached, 96×96' }] })
    .group({ kind: 'object-url', target: 'blob', count: 1 })
    .build();

  it('lists the kinds of each table, with the oldest epoch, the age in navigations and the first state', () => {
    const [socket] = groupRows(s, 'connections');
    expect(socket).toMatchObject({ firstEpoch: 1, age: s.meta.epoch - 1, state: 'OPEN for 3 s' });
    expect(groupRows(s, 'listeners').map((r) => r.firstEpoch)).toEqual([2]);
    expect(groupRows(s, 'images').map((r) => r.group.kind)).toEqual(['image', 'object-url']);
    expect(groupRows(s, 'timers')).toEqual([]);
  });

  it('counts live resources per tab, and no leaks without a report', () => {
    expect(tableCounts(s, undefined)).toMatchObject({ leaks: 0, listeners: 3, connections: 1, images: 3, timers: 0, detached: 0 });
    expect(leakRows(undefined)).toEqual([]);
  });
});

describe('helpers', () => {
  it('reads epochs, elements and image states', () => {
    expect(
      firstEpoch([
        { epoch: 3, count: 0 },
        { epoch: 5, count: 1 },
        { epoch: 4, count: 2 },
      ]),
    ).toBe(4);
    expect(firstEpoch([])).toBeUndefined();
    expect(
      epochsText([
        { epoch: 0, count: 1 },
        { epoch: 2, count: 3 },
      ]),
    ).toBe('epoch 0: 1 · epoch 2: 3');
    expect(elementText({ tag: 'DIV', id: 'app', classes: ['card', 'wide'] })).toBe('div#app.card.wide');
    expect(imageAttached('attached, 96×96')).toBe(true);
    expect(imageAttached('detached, loading')).toBe(false);
    expect(imageAttached(undefined)).toBeUndefined();
  });
});
