/**
 * A typed bridge over any transport. The only place where envelopes are built and checked.
 *
 * @example
 * const bridge = new Bridge(portWall(port), PanelToBackground, BackgroundToPanel);
 * bridge.on('stats', ({ frameId, stats }) => render(frameId, stats));
 * bridge.send('subscribe', { version: PROTOCOL_VERSION, tabId });
 */
import { HANDSHAKE_MESSAGES, PROTOCOL_VERSION, type ChannelSpec, type Payloads } from './protocol.ts';

/** A transport: something that can send a structured-cloneable value and deliver incoming ones. */
export interface Wall {
  /** Starts delivering incoming messages to `fn`; returns the disposer. */
  listen(fn: (message: unknown) => void): () => void;
  send(message: unknown): void;
}

interface Envelope {
  v: number;
  type: string;
  payload: unknown;
}

/**
 * Checks an incoming value against a channel: right protocol version, a known message name, a valid payload.
 * Returns the validated (freshly built) message, or undefined. The handshake messages ({@link HANDSHAKE_MESSAGES})
 * of any protocol version pass, so that the receiver sees the sender's version (in their payload) and can report
 * a mismatch; every other message of another version is dropped here, before any handler runs.
 */
export function parseEnvelope<S extends ChannelSpec>(
  spec: S,
  message: unknown,
): { type: keyof S & string; payload: Payloads<S>[keyof S] } | undefined {
  if (typeof message !== 'object' || message === null) return undefined;
  const { v, type, payload } = message as Partial<Envelope>;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(spec, type)) return undefined;
  if (v !== PROTOCOL_VERSION && !(HANDSHAKE_MESSAGES.includes(type) && typeof v === 'number' && Number.isInteger(v) && v >= 0)) return undefined;
  const valid = spec[type]!(payload);
  if (valid === undefined) return undefined;
  return { type, payload: valid as Payloads<S>[keyof S] };
}

type Handler<T> = (payload: T) => void;

export class Bridge<Out extends ChannelSpec, In extends ChannelSpec> {
  /** Incoming messages dropped because they did not match the protocol. */
  rejected = 0;
  private readonly handlers = new Map<string, Set<Handler<never>>>();
  private readonly unlisten: () => void;

  constructor(
    private readonly wall: Wall,
    _out: Out,
    private readonly inSpec: In,
  ) {
    this.unlisten = wall.listen((message) => this.receive(message));
  }

  send<K extends keyof Out & string>(type: K, payload: Payloads<Out>[K]): void {
    const envelope: Envelope = { v: PROTOCOL_VERSION, type, payload };
    this.wall.send(envelope);
  }

  on<K extends keyof In & string>(type: K, handler: Handler<Payloads<In>[K]>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  dispose(): void {
    this.unlisten();
    this.handlers.clear();
  }

  private receive(message: unknown): void {
    const parsed = parseEnvelope(this.inSpec, message);
    if (!parsed) {
      this.rejected++;
      return;
    }
    for (const handler of this.handlers.get(parsed.type) ?? []) (handler as Handler<unknown>)(parsed.payload);
  }
}

/** Two connected in-memory walls, for unit tests. Delivery is asynchronous, like every real transport. */
export function memoryWallPair(): [Wall, Wall] {
  const listeners: [Set<(m: unknown) => void>, Set<(m: unknown) => void>] = [new Set(), new Set()];
  const wall = (mine: 0 | 1): Wall => ({
    listen(fn) {
      listeners[mine].add(fn);
      return () => listeners[mine].delete(fn);
    },
    send(message) {
      const copy = structuredClone(message);
      queueMicrotask(() => listeners[mine === 0 ? 1 : 0].forEach((fn) => fn(copy)));
    },
  });
  return [wall(0), wall(1)];
}
