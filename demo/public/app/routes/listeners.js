import { el, statsList, viewFrame } from '../dom.js';

// How many of this view's global listeners exist right now (added minus removed), across all visits.
let liveListeners = 0;

function attachResizeHandler(output) {
  const onResize = () => {
    output.textContent = `${window.innerWidth} × ${window.innerHeight}`;
  };
  window.addEventListener('resize', onResize); // LEAK:listeners-window
  liveListeners += 1;
  return onResize;
}

function attachKeydownHandler(output) {
  const onKeydown = (event) => {
    output.textContent = event.key === ' ' ? 'Space' : event.key;
  };
  document.addEventListener('keydown', onKeydown); // LEAK:listeners-document
  liveListeners += 1;
  return onKeydown;
}

export function mount(container, { fixed }) {
  const view = viewFrame('listeners', {
    title: 'Event listeners',
    lead: 'This view shows the window size and the last key you pressed, using listeners on window and document.',
    leaky: 'every visit adds a new resize listener on window and a new keydown listener on document and never removes them. Each listener keeps this (removed) view alive.',
    fixed: 'the view removes both listeners with removeEventListener when you leave it.',
    isFixed: fixed,
  });
  const { dl, values } = statsList([
    ['size', 'Window size', `${window.innerWidth} × ${window.innerHeight}`],
    ['key', 'Last key', 'press any key'],
    ['live', 'Global listeners from this view', 0],
  ]);
  view.append(dl);

  const onResize = attachResizeHandler(values.size);
  const onKeydown = attachKeydownHandler(values.key);
  values.live.textContent = String(liveListeners);
  container.append(view);

  return function unmount() {
    view.remove();
    if (fixed) {
      window.removeEventListener('resize', onResize);
      document.removeEventListener('keydown', onKeydown);
      liveListeners -= 2;
    }
  };
}
