// A small React app written the way React apps are: components, hooks, effects with cleanups, a hash router.
// `?leak=listener` leaves out the resize listener's cleanup, `?leak=timer` the interval's, `?leak=detached` keeps
// every rendered list in a module-level array; everything else is cleaned up either way. Built by
// e2e/react.spec.ts with Vite (production React, not minified, so the report's line can be checked).
import { createElement as h, useEffect, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

const leak = new URLSearchParams(location.search).get('leak');
/** Lists rendered so far: only with `?leak=detached`. */
const rendered = [];

function Rows() {
  const [selected, setSelected] = useState(-1);
  const list = useRef(null);
  useEffect(() => {
    const onResize = () => setSelected(-1);
    window.addEventListener('resize', onResize);
    return leak === 'listener' ? undefined : () => window.removeEventListener('resize', onResize);
  }, []);
  useEffect(() => {
    const resize = new ResizeObserver(() => undefined);
    resize.observe(list.current);
    const mutations = new MutationObserver(() => undefined);
    mutations.observe(list.current, { attributes: true, subtree: true });
    const id = setInterval(() => undefined, 1000);
    if (leak === 'detached') rendered.push(list.current);
    const onKey = (event) => event.key === 'Escape' && setSelected(-1);
    document.addEventListener('keydown', onKey);
    return () => {
      resize.disconnect();
      mutations.disconnect();
      if (leak !== 'timer') clearInterval(id);
      document.removeEventListener('keydown', onKey);
    };
  }, []);
  return h(
    'ul',
    { className: 'rows', ref: list },
    Array.from({ length: 200 }, (_, i) => h('li', { key: i, className: i === selected ? 'on' : '', onClick: () => setSelected(i) }, `row ${i}`)),
  );
}

function App() {
  const [route, setRoute] = useState(location.hash);
  useEffect(() => {
    const onHash = () => setRoute(location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return h(
    'main',
    null,
    h('nav', null, h('a', { href: '#/', id: 'home' }, 'Home'), ' ', h('a', { href: '#/rows', id: 'rows' }, 'Rows')),
    route === '#/rows' ? h(Rows) : h('p', { id: 'home-view' }, 'Home'),
  );
}

createRoot(document.getElementById('root')).render(h(App));
