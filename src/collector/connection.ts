/**
 * The collector's connection to one page: the transport ({@link Cdp}) and what belongs to the connection rather
 * than to any one call, so that nothing of it hides in module-level maps keyed by the transport object (where a
 * wrapper of the transport, another object, silently got a queue and caches of its own):
 * - the one-at-a-time queue that snapshots, samples and heap snapshots take turns in;
 * - the state collector modules keep between calls (the Performance agent being on, the attributions of the
 *   detached roots the last snapshot listed), each module's under its own {@link ConnectionState} key.
 *
 * Build one per CDP session and pass it to every collector call: two connections over one session would not
 * wait for each other.
 *
 * @example
 * const connection = new Connection(playwrightCdp(await page.context().newCDPSession(page)));
 * const [a, b] = await Promise.all([collect(connection), sample(connection)]); // one after the other
 */
import type { Cdp } from './cdp.ts';

/**
 * The longest a turn waits for the one before it. A command to a renderer that crashed is never answered; the
 * work after it must not wait forever (the page may have been reloaded since, and answers again).
 */
export const MAX_TURN_WAIT_MS = 10_000;

/** A piece of per-connection state of one collector module: its name, and how to make it the first time. */
export interface ConnectionState<T> {
  readonly name: string;
  readonly create: () => T;
}

/** @example const ENABLED = connectionState('Performance agent', () => ({ on: false })); */
export function connectionState<T>(name: string, create: () => T): ConnectionState<T> {
  return { name, create };
}

/**
 * Work run one at a time, in the order it was queued: each turn starts once the one before it has ended, or has
 * run for `maxWaitMs`. Pure logic, no transport.
 */
export class TurnQueue {
  #last: Promise<unknown> | undefined;

  constructor(readonly maxWaitMs = MAX_TURN_WAIT_MS) {}

  /** Whether a turn is queued or running. */
  get busy(): boolean {
    return this.#last !== undefined;
  }

  run<T>(work: () => Promise<T>): Promise<T> {
    const previous = this.#last;
    const turn = (previous ? settledOrAfter(previous, this.maxWaitMs) : Promise.resolve()).then(work);
    this.#last = turn;
    const clear = () => {
      if (this.#last === turn) this.#last = undefined;
    };
    turn.then(clear, clear);
    return turn;
  }
}

function settledOrAfter(previous: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    previous.then(
      () => undefined,
      () => undefined,
    ),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))),
  ]).finally(() => clearTimeout(timer));
}

interface Shared {
  readonly queue: TurnQueue;
  readonly states: Map<ConnectionState<unknown>, unknown>;
}

export class Connection {
  readonly #shared: Shared;

  /**
   * @param cdp the transport.
   * @param sharing a connection whose queue and state this one shares (see {@link Connection.withCdp}).
   */
  constructor(
    readonly cdp: Cdp,
    sharing?: Connection,
  ) {
    this.#shared = sharing ? sharing.#shared : { queue: new TurnQueue(), states: new Map() };
  }

  get transport(): Cdp['transport'] {
    return this.cdp.transport;
  }

  /**
   * The same connection (its queue, its state) speaking through a wrapper of its transport: one that logs, delays
   * or counts commands. Work on the wrapped connection still waits for work on this one, and the other way round.
   *
   * @example
   * const slow = connection.withCdp((cdp) => delayed(cdp, 100)); // collect(slow) still waits for sample(connection)
   */
  withCdp(wrap: (cdp: Cdp) => Cdp): Connection {
    return new Connection(wrap(this.cdp), this);
  }

  /**
   * Runs `work` after the work queued before it on this connection has ended (or {@link MAX_TURN_WAIT_MS} at
   * most), one at a time. Snapshots and samples both go through here. A sample that timed out goes on in the
   * background; without the queue its `DOM.getDetachedDomNodes` could run between a snapshot's garbage collection
   * and its own read, binding nodes that were garbage (so they survive and are listed as alive), or after the
   * snapshot's `DOM.disable`, where nothing resets the agent (a read on a disabled agent binds the nodes too,
   * measured).
   */
  oneAtATime<T>(work: () => Promise<T>): Promise<T> {
    return this.#shared.queue.run(work);
  }

  /** This connection's piece of state under `key`, made on first use. */
  state<T>(key: ConnectionState<T>): T {
    const states = this.#shared.states;
    if (!states.has(key)) states.set(key, key.create());
    return states.get(key) as T;
  }
}
