/**
 * The leak rules, in the order they run: the first rule with a decision wins, and a track no rule decides is not
 * a leak. Not-a-leak rules for the known false alarms come before the rules that call a leak.
 */
import { collectedLate } from './collected-late.rule.ts';
import { explainedByOtherLeaks } from './explained-by-other-leaks.rule.ts';
import { growsEveryIteration } from './grows-every-iteration.rule.ts';
import { growsWithIterations } from './grows-with-iterations.rule.ts';
import { noSignificantGrowth } from './no-significant-growth.rule.ts';
import { plateau } from './plateau.rule.ts';
import { survivesEveryIteration } from './survives-every-iteration.rule.ts';
import type { Decision, LeakRule, RuleContext, Track } from './track.ts';
import { warmUpOnly } from './warm-up-only.rule.ts';

export type { Decision, LeakRule, RuleContext, Track } from './track.ts';

/**
 * The rules, in order.
 *
 * @example
 * analyzeSeries(snapshots, { rules: LEAK_RULES.filter((r) => r.name !== 'plateau') });
 */
export const LEAK_RULES: readonly LeakRule[] = [
  noSignificantGrowth,
  explainedByOtherLeaks,
  survivesEveryIteration,
  collectedLate,
  plateau,
  warmUpOnly,
  growsEveryIteration,
  growsWithIterations,
];

/** A decision and the rule that made it. */
export interface RuledDecision extends Decision {
  rule: string;
}

/**
 * Runs the rules on a track, in order, and returns the first decision.
 *
 * @example
 * const d = decideTrack({ kind: 'listener', signature: 's', source: 'group', values: [0, 1, 2, 3], steps: [1, 1, 1], threshold: 1 }, { explainingLeaks: 0 });
 * // { leak: true, rule: 'grows-every-iteration', reason: 'grew on every iteration (+1, +1, +1)' }
 */
export function decideTrack(track: Track, ctx: RuleContext, rules: readonly LeakRule[] = LEAK_RULES): RuledDecision {
  for (const rule of rules) {
    const decision = rule.decide(track, ctx);
    if (decision) return { ...decision, rule: rule.name };
  }
  return { leak: false, rule: 'none', reason: 'no rule found a leak' };
}
