import { notLeak, type LeakRule } from './track.ts';

/**
 * Page-wide counters are a verdict only when nothing more specific explains them: heap growth next to a listener
 * or detached DOM leak is that leak's memory, and a growing documents counter next to a `document` group leak is
 * that group. Reporting both would count one leak twice.
 */
export const explainedByOtherLeaks: LeakRule = {
  name: 'explained-by-other-leaks',
  summary: 'Not a separate leak when a counter (heap, documents) grows alongside more specific leaks that explain it.',
  decide(track, ctx) {
    if (track.source !== 'counter' || ctx.explainingLeaks === 0) return undefined;
    return notLeak(`explained by the ${ctx.explainingLeaks} leak${ctx.explainingLeaks === 1 ? '' : 's'} found above`);
  },
};
