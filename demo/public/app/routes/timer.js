import { el, statsList, viewFrame } from '../dom.js';

// Intervals this view started that are still running, across all visits.
let runningIntervals = 0;

function startClock(tick) {
  const id = setInterval(tick, 1000); // LEAK:timer
  runningIntervals += 1;
  return id;
}

export function mount(container, { fixed }) {
  const view = viewFrame('timer', {
    title: 'Timer',
    lead: 'This view shows a clock that a setInterval updates every second.',
    leaky: 'every visit starts another interval and never clears it. The intervals keep running after you leave, and each one keeps this removed view alive.',
    fixed: 'the view stops its interval with clearInterval when you leave it.',
    isFixed: fixed,
  });
  const clock = el('div', { class: 'clock', 'aria-live': 'off' }, new Date().toLocaleTimeString());
  const { dl, values } = statsList([
    ['ticks', 'Ticks in this visit', 0],
    ['running', 'Intervals from this view still running', 0],
  ]);
  let ticks = 0;
  const id = startClock(() => {
    ticks += 1;
    clock.textContent = new Date().toLocaleTimeString();
    values.ticks.textContent = String(ticks);
    values.running.textContent = String(runningIntervals);
  });
  values.running.textContent = String(runningIntervals);
  view.append(clock, dl);
  container.append(view);

  return function unmount() {
    view.remove();
    if (fixed) {
      clearInterval(id);
      runningIntervals -= 1;
    }
  };
}
