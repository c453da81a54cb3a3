import { el } from '../dom.js';
import { withMode } from '../router.js';

export function mount(container, { fixed }) {
  const view = el(
    'section',
    { 'data-view': 'not-found' },
    el('h1', {}, 'Page not found'),
    el('p', { class: 'lead' }, 'This demo has no page at ', el('code', {}, location.pathname), '. ', el('a', { href: withMode('/', fixed), 'data-route': 'home' }, 'Back to the start'), '.'),
  );
  container.append(view);
  return function unmount() {
    view.remove();
  };
}
