const max = Number(new URLSearchParams(location.search).get('max') ?? '0');
const cache = [];
let n = 0;

function openDetail() {
  const view = document.createElement('section');
  view.textContent = `detail ${++n}`;
  const onResize = () => (view.dataset.width = String(innerWidth));
  window.addEventListener('resize', onResize); // the cached view's listener
  cache.push({ view, onResize });
  if (max > 0) {
    while (cache.length > max) {
      const old = cache.shift();
      window.removeEventListener('resize', old.onResize);
    }
  }
  document.getElementById('view').replaceChildren(view);
}

document.getElementById('open').addEventListener('click', openDetail);
document.getElementById('close').addEventListener('click', () => document.getElementById('view').replaceChildren());
