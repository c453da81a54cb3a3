import { describe, expect, it } from 'vitest';
import { analyzeSeries } from '../core/analysis/analyze.ts';
import { frame, perIteration, series } from '../core/testing/builder.ts';
import { leaksMessage } from './message.ts';

function report() {
  return analyzeSeries(
    series(3, (b, i) => {
      b.group({ type: 'resize', target: 'window', createdIn: perIteration(i, 1), stack: [frame('mountChart', '/src/chart.js', 33, 11)] });
      b.detached({ tag: 'section', classes: ['view'] }, i);
    }),
  );
}

describe('leaksMessage', () => {
  it('lists each leak with its line, and for detached DOM what keeps it when a heap snapshot named it', () => {
    const r = report();
    const plain = leaksMessage(r);
    expect(plain).toMatch(/^Leakscope: 2 leaks found over 3 iterations/);
    expect(plain).toContain('listener: "resize" listener on window, +1 per iteration (0 -> 1 -> 2 -> 3) at https://app.test/src/chart.js:33');
    expect(plain).toContain('removed by close (https://app.test/src/modal.js:30:5)');
    expect(plain).not.toContain('kept by');
    expect(plain).toMatch(/\n {2}\(to name the variable that keeps the detached DOM alive, pass \{ retainers: true \} to leaks\.cycle\)$/);
    r.leaks.find((l) => l.kind === 'detached-dom')!.detached!.attribution.keptBy = { path: 'views[1]', script: 'https://app.test/src/router.js' };
    expect(leaksMessage(r)).toContain('      kept by views[1], a variable of https://app.test/src/router.js');
    expect(leaksMessage(r)).not.toContain('retainers: true');
  });
});
