import { statsList, viewFrame } from '../dom.js';

// Workers this view started that are not terminated yet, across all visits.
let runningWorkers = 0;

function startCounterWorker() {
  const worker = new Worker('/app/workers/counter.js'); // LEAK:worker
  runningWorkers += 1;
  return worker;
}

export function mount(container, { fixed }) {
  const view = viewFrame('worker', {
    title: 'Worker',
    lead: 'This view starts a dedicated worker that counts once a second and posts the count back to the view.',
    leaky: 'every visit starts another worker and never terminates it. The browser keeps a running worker alive by itself, so it goes on counting after you leave, and its message handler keeps this view alive.',
    fixed: 'the view terminates its worker when you leave it.',
    isFixed: fixed,
  });
  const { dl, values } = statsList([
    ['ticks', 'Counts received', 0],
    ['running', 'Workers started here and still running', 0],
  ]);
  const worker = startCounterWorker();
  values.running.textContent = String(runningWorkers);
  worker.onmessage = (event) => {
    values.ticks.textContent = String(event.data);
    values.running.textContent = String(runningWorkers);
  };
  view.append(dl);
  container.append(view);

  return function unmount() {
    view.remove();
    if (!fixed) return;
    worker.terminate();
    runningWorkers -= 1;
  };
}
