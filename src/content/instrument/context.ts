/**
 * What every tracker gets: the realm, the natives taken before patching, the patcher, the registry and its stacks,
 * the navigation epochs, health stats, and a describer of targets. Trackers are `(ctx) => void` functions in
 * their own files, installed in order by install.ts.
 */
import type { Epochs } from './epochs.ts';
import type { Health } from './health.ts';
import type { Natives } from './natives.ts';
import type { Patcher } from './patch.ts';
import type { Registry } from './registry.ts';
import type { Stacks } from './stacks.ts';
import type { Describer } from './describe.ts';

export interface InstrumentContext {
  realm: typeof globalThis;
  natives: Natives;
  patcher: Patcher;
  registry: Registry;
  stacks: Stacks;
  epochs: Epochs;
  health: Health;
  describe: Describer;
}
