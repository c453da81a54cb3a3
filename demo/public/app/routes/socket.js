import { el, statsList, viewFrame } from '../dom.js';

// Sockets this view opened that are not closed yet, across all visits.
let openedSockets = 0;

function openTickerSocket() {
  const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/ws`;
  const socket = new WebSocket(url); // LEAK:socket
  openedSockets += 1;
  socket.addEventListener('close', () => {
    openedSockets -= 1;
  });
  return socket;
}

export function mount(container, { fixed }) {
  const view = viewFrame('socket', {
    title: 'WebSocket',
    lead: 'This view opens a WebSocket to the demo server, counts the ticks it sends every second and can send a ping that the server echoes.',
    leaky: 'every visit opens another socket and never closes it. The connection stays open after you leave, and its message handler keeps this view alive.',
    fixed: 'the view closes its socket when you leave it.',
    isFixed: fixed,
  });
  const { dl, values } = statsList([
    ['state', 'Connection', 'connecting'],
    ['ticks', 'Ticks received', 0],
    ['echo', 'Last echo', '–'],
    ['open', 'Sockets opened here and still open', 0],
  ]);
  let ticks = 0;
  let pings = 0;
  const socket = openTickerSocket();
  values.open.textContent = String(openedSockets);

  const onMessage = (event) => {
    let message;
    try {
      message = JSON.parse(String(event.data));
    } catch {
      message = null;
    }
    if (message && message.type === 'tick') {
      ticks += 1;
      values.ticks.textContent = String(ticks);
    } else if (message && message.type === 'ping') {
      values.echo.textContent = `ping #${message.n} came back`;
    }
    values.open.textContent = String(openedSockets);
  };
  const onOpen = () => {
    values.state.textContent = 'open';
    values.open.textContent = String(openedSockets);
  };
  const onClose = () => {
    values.state.textContent = 'closed';
  };
  socket.addEventListener('message', onMessage);
  socket.addEventListener('open', onOpen);
  socket.addEventListener('close', onClose);

  const ping = el('button', {
    type: 'button',
    onclick: () => {
      if (socket.readyState !== WebSocket.OPEN) return;
      pings += 1;
      socket.send(JSON.stringify({ type: 'ping', n: pings }));
    },
  }, 'Send ping');
  view.append(dl, ping);
  container.append(view);

  return function unmount() {
    view.remove();
    if (!fixed) return;
    socket.removeEventListener('message', onMessage);
    if (socket.readyState === WebSocket.CONNECTING) {
      // Closing while the handshake is still running makes the browser log an error; close once it is open.
      socket.addEventListener('open', () => socket.close(1000, 'view unmounted'), { once: true });
    } else {
      socket.close(1000, 'view unmounted');
    }
  };
}
