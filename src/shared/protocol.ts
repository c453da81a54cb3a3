/**
 * The one protocol every Leakscope context speaks. Each channel is a map from message name to payload validator;
 * payload types are derived from the validators. Envelopes are built and checked only in ./bridge.ts.
 *
 * Channels:
 *   page (MAIN world)  --PageToRelay-->        relay (ISOLATED content script)
 *   relay              --ContentToBackground--> background (service worker), port name PORT_CONTENT
 *   panel              --PanelToBackground-->   background, port name PORT_PANEL
 *   background         --BackgroundToPanel-->   panel
 */
import { arrayOf, int, obj, oneOf, str, type Infer, type Validator } from './validate.ts';

/** Bumped on any incompatible change of a message below; checked on every connect. */
export const PROTOCOL_VERSION = 2;

/**
 * The messages of the version handshake. They pass the bridge whatever protocol version their envelope carries,
 * so that each side learns the other's version and can say so: a hello of an older page script, a subscribe of
 * an older panel, and the problem the background answers it with. Their payloads therefore keep the shape they
 * have here in every protocol version (fields may be added, none removed or changed).
 */
export const HANDSHAKE_MESSAGES: readonly string[] = ['hello', 'subscribe', 'problem'];

/** Tag on the single `window.postMessage` handshake between the page script and the relay. */
export const PAGE_HANDSHAKE_TAG = 'leakscope:handshake';

export const PORT_CONTENT = 'leakscope-content';
export const PORT_PANEL = 'leakscope-panel';

/** The property (a non-enumerable, registered symbol) on which the page script exposes its read-out API. */
export const REGISTRY_SYMBOL_KEY = 'leakscope';
/**
 * The same read-out under a plain property of the window: what the collector reads, since reading it calls no
 * built-in the page could have replaced (`Symbol.for` could be). Non-enumerable; the fallback is for a planted one.
 */
export const REGISTRY_PROPERTY = '__leakscope__';
export const REGISTRY_FALLBACK_PROPERTY = '__leakscope_own__';

/**
 * Page-side source for the read-out of the window `win` (an expression): ours where the page planted one of its
 * own, else the one under {@link REGISTRY_PROPERTY}.
 */
export function readoutOfSource(win: string): string {
  return `(${win}[${JSON.stringify(REGISTRY_FALLBACK_PROPERTY)}] || ${win}[${JSON.stringify(REGISTRY_PROPERTY)}])`;
}

const MAX_URL = 4096;
const MAX_COUNT = 1e9;
const count = int(0, MAX_COUNT);
const version = int(0, 1e6);

/** Live counters a page reports. Grows with the instrumentation issue; each field is validated. */
export const pageStats = obj({
  listeners: count,
  /** Open WebSockets, EventSources and BroadcastChannels. */
  connections: count,
  /** Dedicated workers not terminated, and SharedWorkers whose port is open (protocol 2). */
  workers: count,
  /** Message channels with a started port, not closed (protocol 2). */
  channels: count,
  /** Image elements and ImageBitmaps the page holds. */
  images: count,
  /** Their estimated decoded bytes (natural width × height × 4). */
  imageBytes: int(0, Number.MAX_SAFE_INTEGER),
  /** Object URLs not revoked. */
  objectUrls: count,
  /** Observers observing. */
  observers: count,
  /** Intervals, long timeouts and animation-frame loops scheduled. */
  timers: count,
  epoch: count,
  url: str(MAX_URL),
  /** Errors swallowed by our wrappers (health). */
  errors: count,
});
export type PageStats = Infer<typeof pageStats>;

const hello = obj({ version, url: str(MAX_URL) });

export const PageToRelay = {
  hello,
  stats: pageStats,
} satisfies ChannelSpec;

export const ContentToBackground = {
  hello,
  stats: pageStats,
} satisfies ChannelSpec;

/** Background -> relay, as one-off tab messages (the relay's port is opened lazily, see src/content/relay.ts). */
export const BackgroundToContent = {
  /** A panel subscribed and the background knows nothing of this tab (it was restarted): report everything again. */
  resend: obj({ tabId: int(0, 2 ** 31) }),
} satisfies ChannelSpec;

export const PanelToBackground = {
  subscribe: obj({ version, tabId: int(0, 2 ** 31) }),
} satisfies ChannelSpec;

const frameStats = obj({ frameId: int(0, 2 ** 31), stats: pageStats });
export type FrameStats = Infer<typeof frameStats>;

export const BackgroundToPanel = {
  /** Sent on subscribe: everything known about the tab so far. */
  welcome: obj({ version, tabId: int(0, 2 ** 31), frames: arrayOf(frameStats, 10_000) }),
  stats: frameStats,
  /** A frame's page went away (navigation, frame removed). */
  frameGone: obj({ frameId: int(0, 2 ** 31) }),
  /** The inspected tab's top frame committed a navigation. */
  navigated: obj({ url: str(MAX_URL), kind: oneOf('load', 'history', 'fragment') }),
  tabClosed: obj({ tabId: int(0, 2 ** 31) }),
  /** Something the user must know (incompatible versions, a tab Leakscope cannot inspect). */
  problem: obj({ code: oneOf('version-mismatch', 'no-tab'), message: str(1000) }),
} satisfies ChannelSpec;

/** A channel: message name -> payload validator. */
export type ChannelSpec = Record<string, Validator<unknown>>;
/** Message name -> payload type, for a channel spec. */
export type Payloads<S extends ChannelSpec> = { [K in keyof S]: Infer<S[K]> };
