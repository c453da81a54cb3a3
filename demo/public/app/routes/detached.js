import { el, statsList, viewFrame } from '../dom.js';

const ITEMS = 200;

// "Recently rendered lists", meant as a cache for going back quickly. Nothing ever reads it back,
// and in the leaky version nothing ever empties it either.
const renderedLists = [];

function buildCatalog(visit) {
  const list = el('ul', { class: 'catalog' });
  for (let i = 1; i <= ITEMS; i++) {
    const price = ((i * 37 + visit * 11) % 5000) / 100;
    list.append(el('li', {}, el('span', { class: 'sku' }, `#${String(i).padStart(3, '0')}`), el('strong', {}, `Item ${i}`), el('em', {}, `€ ${price.toFixed(2)}`)));
  }
  return list;
}

function rememberRenderedList(list) {
  renderedLists.push(list); // LEAK:detached
}

let visits = 0;

export function mount(container, { fixed }) {
  visits += 1;
  const view = viewFrame('detached', {
    title: 'Detached DOM',
    lead: `This view renders a catalogue of ${ITEMS} items and remembers each rendered list in a module-level array.`,
    leaky: 'the array keeps every list ever rendered. After you leave, the list is no longer in the page but it is still reachable, so all its nodes stay in memory as detached DOM.',
    fixed: 'the array is emptied when you leave the view, so the old list can be garbage-collected.',
    isFixed: fixed,
  });
  const list = buildCatalog(visits);
  rememberRenderedList(list);
  const { dl } = statsList([
    ['visit', 'Visit', visits],
    ['kept', 'Lists kept in the array', renderedLists.length],
  ]);
  view.append(dl, list);
  container.append(view);

  return function unmount() {
    view.remove();
    if (fixed) renderedLists.length = 0;
  };
}
