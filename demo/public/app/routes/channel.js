import { el, statsList, viewFrame } from '../dom.js';

// The app's message bus: every channel a view opened and has not closed, across all visits.
const openChannels = [];

function openBusChannel(onMessage) {
  const channel = new MessageChannel(); // LEAK:channel
  channel.port1.onmessage = onMessage;
  openChannels.push(channel);
  return channel;
}

export function mount(container, { fixed }) {
  const view = viewFrame('channel', {
    title: 'MessageChannel',
    lead: 'This view opens a MessageChannel to the app bus, listens on one port and can send a ping through the other.',
    leaky: 'every visit opens another channel, registers it with the bus and never closes it. The channel stays open after you leave, and its onmessage handler keeps this view alive.',
    fixed: 'the view closes its channel and unregisters it from the bus when you leave it.',
    isFixed: fixed,
  });
  const { dl, values } = statsList([
    ['received', 'Messages received', 0],
    ['open', 'Channels opened here and still open', 0],
  ]);
  let received = 0;
  const channel = openBusChannel((event) => {
    received += 1;
    values.received.textContent = String(received);
    values.open.textContent = String(openChannels.length);
    if (event.data === 'ping') channel.port1.postMessage('pong');
  });
  values.open.textContent = String(openChannels.length);
  channel.port2.postMessage('hello');
  const ping = el('button', { type: 'button', onclick: () => channel.port2.postMessage('ping') }, 'Send ping');
  view.append(dl, ping);
  container.append(view);

  return function unmount() {
    view.remove();
    if (!fixed) return;
    channel.port1.close();
    openChannels.splice(openChannels.indexOf(channel), 1);
  };
}
