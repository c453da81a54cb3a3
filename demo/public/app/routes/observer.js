import { el, statsList, viewFrame } from '../dom.js';

// Callbacks run by this view's observers since the page loaded, across all visits. With leaked
// observers this grows on every navigation, even while you are on another page.
let callbacksRun = 0;
let liveObservers = 0;

function watchMutations(targets, onChange) {
  const observer = new MutationObserver(onChange); // LEAK:observer
  // childList only, no subtree: the callback writes into the view, which must not trigger it again.
  for (const target of targets) observer.observe(target, { childList: true });
  liveObservers += 1;
  return observer;
}

export function mount(container, { fixed }) {
  const view = viewFrame('observer', {
    title: 'MutationObserver',
    lead: 'This view counts changes with a MutationObserver that watches its notes list and the page\u2019s view container (the <main> element every page is rendered into).',
    leaky: 'every visit creates a new observer and never disconnects it. The container outlives the view, so the observer, its callback and this removed view stay alive and the callback keeps running on every later navigation.',
    fixed: 'the view disconnects its observer when you leave it.',
    isFixed: fixed,
  });
  const { dl, values } = statsList([
    ['changes', 'Changes seen by this visit', 0],
    ['callbacks', 'Observer callbacks since load', callbacksRun],
    ['live', 'Observers from this view', liveObservers],
  ]);
  const notes = el('ol', { class: 'notes' });
  const add = el('button', { type: 'button', onclick: () => notes.append(el('li', {}, `Note ${notes.children.length + 1}`)) }, 'Add a note');
  view.append(dl, add, notes);
  container.append(view);

  let changes = 0;
  const observer = watchMutations([notes, container], (records) => {
    callbacksRun += 1;
    changes += records.length;
    values.changes.textContent = String(changes);
    values.callbacks.textContent = String(callbacksRun);
  });
  values.live.textContent = String(liveObservers);

  return function unmount() {
    if (fixed) {
      observer.disconnect();
      liveObservers -= 1;
    }
    view.remove();
  };
}
