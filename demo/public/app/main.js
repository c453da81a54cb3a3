import { readFixedFlag, startRouter, withMode } from './router.js';
import * as home from './routes/home.js';
import * as listeners from './routes/listeners.js';
import * as detached from './routes/detached.js';
import * as socket from './routes/socket.js';
import * as worker from './routes/worker.js';
import * as channel from './routes/channel.js';
import * as images from './routes/images.js';
import * as observer from './routes/observer.js';
import * as timer from './routes/timer.js';
import * as notFound from './routes/not-found.js';

const fixed = readFixedFlag();

const badge = document.getElementById('mode');
badge.textContent = fixed ? 'fixed' : 'leaky';
badge.dataset.mode = fixed ? 'fixed' : 'leaky';
document.documentElement.dataset.mode = fixed ? 'fixed' : 'leaky';

const modeSwitch = document.getElementById('mode-switch');

startRouter({
  container: document.getElementById('view'),
  routes: {
    '/': home,
    '/listeners': listeners,
    '/detached': detached,
    '/socket': socket,
    '/worker': worker,
    '/channel': channel,
    '/images': images,
    '/observer': observer,
    '/timer': timer,
  },
  notFound,
  fixed,
  onRender(path) {
    // Switching mode is a full page load on purpose: the other mode starts from a clean page.
    modeSwitch.href = withMode(path, !fixed);
    modeSwitch.textContent = fixed ? 'Switch to leaky' : 'Switch to fixed';
    const heading = document.querySelector('#view h1');
    document.title = heading ? `${heading.textContent} · Leakscope demo (${fixed ? 'fixed' : 'leaky'})` : 'Leakscope demo';
  },
});
