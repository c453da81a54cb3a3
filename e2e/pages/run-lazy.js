const every = new URLSearchParams(location.search).get('every') === '1';
let service = null;

function startService() {
  return setInterval(() => undefined, 5000); // the service's poll
}

document.getElementById('open').addEventListener('click', () => {
  if (every || service === null) service = startService();
  document.getElementById('view').textContent = 'open';
});
document.getElementById('close').addEventListener('click', () => (document.getElementById('view').textContent = ''));
