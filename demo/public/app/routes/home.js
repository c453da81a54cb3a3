import { el } from '../dom.js';
import { withMode } from '../router.js';

const PATTERNS = [
  ['/listeners', 'Listeners', 'adds a resize listener on window and a keydown listener on document on every visit.'],
  ['/detached', 'Detached DOM', 'keeps every list it renders in a module-level array, so old views live on outside the page.'],
  ['/socket', 'WebSocket', 'opens a new WebSocket on every visit and never closes it.'],
  ['/images', 'Images', 'caches every image in an unbounded Map and never revokes its object URLs.'],
  ['/observer', 'Observer', 'creates a MutationObserver on every visit and never disconnects it.'],
  ['/timer', 'Timer', 'starts a setInterval clock on every visit and never clears it.'],
];

/** The home view: no leaks, just a map of the demo. */
export function mount(container, { fixed }) {
  const view = el(
    'section',
    { 'data-view': 'home', 'data-mode': fixed ? 'fixed' : 'leaky' },
    el('h1', {}, 'Leakscope demo'),
    el(
      'p',
      { class: 'lead' },
      'Each page below has one classic frontend memory leak. Visit a page, come back here, and repeat a few times: ',
      'in the leaky version every visit leaves something behind; in the fixed version (',
      el('code', {}, '?fixed=1'),
      ') leaving a page cleans up after it.',
    ),
    el(
      'p',
      { class: 'leak-note', 'data-mode': fixed ? 'fixed' : 'leaky' },
      el('strong', {}, fixed ? 'Running the fixed version. ' : 'Running the leaky version. '),
      'This home page itself leaks nothing, so it is a good place to take a baseline.',
    ),
    el(
      'ul',
      { class: 'route-list' },
      PATTERNS.map(([path, name, text]) => el('li', {}, el('a', { href: withMode(path, fixed), 'data-route': path.slice(1) }, name), ' — ', text)),
    ),
  );
  container.append(view);
  return function unmount() {
    view.remove();
  };
}
