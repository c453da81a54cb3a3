// A worker for the e2e tests. Echoes each message with what it was given; 'close' ends the worker from inside
// (self.close()); 'throw' throws an uncaught error; a transferred MessagePort is answered on that port.
onmessage = (event) => {
  if (event.data === 'close') {
    close();
    return;
  }
  if (event.data === 'throw') throw new Error('thrown in the worker');
  const port = event.ports[0];
  if (port) {
    port.onmessage = (e) => port.postMessage(['port', e.data]);
    port.postMessage('port ready');
    return;
  }
  postMessage(['echo', event.data, typeof self.name === 'string' ? self.name : '']);
};
postMessage('ready');
