// A shared worker for the e2e tests: answers every message on the port that sent it.
onconnect = (event) => {
  const port = event.ports[0];
  port.onmessage = (e) => port.postMessage(['shared', e.data, self.name]);
};
