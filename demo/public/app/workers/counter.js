// The demo's worker: counts up once a second and posts the count to the page that started it.
let count = 0;
setInterval(() => {
  count += 1;
  postMessage(count);
}, 1000);
