/**
 * A minimal history router. Route modules export `mount(container, { fixed })`, which renders the view
 * into `container` and returns an `unmount()` function. The router calls the previous view's unmount()
 * before mounting the next one; whether the view really cleans up is up to the view (that is the demo).
 */

/** Reads the mode switch from the page URL: `?fixed=1` runs the fixed version of every route. */
export function readFixedFlag(search = location.search) {
  return new URLSearchParams(search).get('fixed') === '1';
}

/** The URL for `path` that keeps the current mode. */
export function withMode(path, fixed) {
  return fixed ? `${path}?fixed=1` : path;
}

function normalise(pathname) {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') || '/' : '/';
}

/**
 * Starts routing.
 * @param {{ container: HTMLElement, routes: Record<string, { mount: Function }>, notFound: { mount: Function }, fixed: boolean, onRender?: (path: string) => void }} options
 */
export function startRouter({ container, routes, notFound, fixed, onRender }) {
  let current = null;

  function render(path) {
    if (current) {
      const previous = current;
      current = null;
      previous.unmount();
    }
    container.replaceChildren();
    const route = routes[path] ?? notFound;
    const unmount = route.mount(container, { fixed });
    current = { path, unmount: typeof unmount === 'function' ? unmount : () => {} };
    for (const link of document.querySelectorAll('a[data-route]')) {
      if (normalise(new URL(link.href).pathname) === path) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
    onRender?.(path);
  }

  function navigate(path) {
    const target = normalise(path);
    if (current && current.path === target) return;
    history.pushState({ path: target }, '', withMode(target, fixed));
    render(target);
  }

  function onClick(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[data-route]') : null;
    if (!link || link.target) return;
    const url = new URL(link.href);
    if (url.origin !== location.origin) return;
    event.preventDefault();
    navigate(url.pathname);
  }

  function onPopState() {
    render(normalise(location.pathname));
  }

  // Keep the mode on every in-app link so it survives "open in new tab" as well as client-side navigation.
  for (const link of document.querySelectorAll('a[data-route]')) {
    link.setAttribute('href', withMode(normalise(new URL(link.href).pathname), fixed));
  }
  document.addEventListener('click', onClick);
  window.addEventListener('popstate', onPopState);
  render(normalise(location.pathname));

  return { navigate };
}
