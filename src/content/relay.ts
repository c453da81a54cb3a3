/**
 * The ISOLATED-world relay: no logic, only validation and forwarding. Built as a standalone synchronous script so
 * that it is listening before the page's first script runs.
 *
 *   page script --MessagePort--> relay --runtime port--> background
 *
 * The port to the background is opened lazily (on the next message to forward) and again after the service worker
 * was stopped, so that an idle tab never keeps the service worker awake.
 */
import browser from 'webextension-polyfill';
import { Bridge, type Wall } from '../shared/bridge.ts';
import { runtimeMessageWall, portWall } from '../shared/port-wall.ts';
import { BackgroundToContent, ContentToBackground, PAGE_HANDSHAKE_TAG, PageToRelay, PORT_CONTENT, type Payloads } from '../shared/protocol.ts';

type Forwarded = Payloads<typeof ContentToBackground>;

function messagePortWall(port: MessagePort): Wall {
  return {
    listen(fn) {
      const listener = (event: MessageEvent) => fn(event.data);
      port.addEventListener('message', listener);
      port.start();
      return () => port.removeEventListener('message', listener);
    },
    send: (message) => port.postMessage(message),
  };
}

const channel = new MessageChannel();
const fromPage = new Bridge(messagePortWall(channel.port1), {}, PageToRelay);
// The page script takes this port and stops the event before any page listener can see it.
window.postMessage({ tag: PAGE_HANDSHAKE_TAG }, '*', [channel.port2]);

const latest: { hello?: Forwarded['hello']; stats?: Forwarded['stats'] } = {};
let toBackground: Bridge<typeof ContentToBackground, Record<string, never>> | undefined;
let openPort: ReturnType<typeof browser.runtime.connect> | undefined;

function background(): typeof toBackground {
  if (toBackground) return toBackground;
  let port: ReturnType<typeof browser.runtime.connect>;
  try {
    port = browser.runtime.connect({ name: PORT_CONTENT });
  } catch {
    // The extension was reloaded or removed: this relay is orphaned and stays silent.
    return undefined;
  }
  const bridge = new Bridge(portWall(port), ContentToBackground, {});
  port.onDisconnect.addListener(() => {
    bridge.dispose();
    if (toBackground === bridge) toBackground = undefined;
  });
  toBackground = bridge;
  openPort = port;
  // A new port means a background that may know nothing of us yet.
  if (latest.hello) bridge.send('hello', latest.hello);
  return bridge;
}

function forward<K extends keyof Forwarded>(type: K, payload: Forwarded[K]) {
  latest[type] = payload;
  // Twice at most: a port can die between two messages (the service worker stopped) without us having heard yet.
  for (let attempt = 0; attempt < 2; attempt++) {
    const fresh = !toBackground;
    const bridge = background();
    if (!bridge || (fresh && type === 'hello')) return; // a fresh port has just sent the hello itself
    try {
      bridge.send(type, payload);
      return;
    } catch {
      toBackground = undefined;
    }
  }
}

fromPage.on('hello', (hello) => forward('hello', hello));
fromPage.on('stats', (stats) => forward('stats', stats));

// An open extension port keeps a page out of the back/forward cache: close it when the page is hidden, so that
// Leakscope never changes how back/forward navigation behaves. The next report reopens it.
addEventListener('pagehide', () => {
  const port = openPort;
  openPort = undefined;
  toBackground?.dispose();
  toBackground = undefined;
  port?.disconnect();
});
addEventListener('pageshow', (event) => {
  if (!event.persisted) return;
  if (latest.hello) forward('hello', latest.hello);
  if (latest.stats) forward('stats', latest.stats);
});

new Bridge(runtimeMessageWall(browser.runtime), {}, BackgroundToContent).on('resend', () => {
  if (latest.hello) forward('hello', latest.hello);
  if (latest.stats) forward('stats', latest.stats);
});
