/**
 * A tiny element builder: el('p', { class: 'lead' }, 'text', childElement).
 * Attributes are set with setAttribute; `on<event>` functions become listeners on the new element.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  node.append(...children.flat().filter((child) => child !== undefined && child !== null && child !== false));
  return node;
}

/**
 * The standard frame of a route view: the section tests wait for, a heading, a one-line lead and a note
 * that says what leaks in this mode (or how the fixed version avoids it).
 */
export function viewFrame(name, { title, lead, leaky, fixed: fixedText, isFixed }) {
  return el(
    'section',
    { 'data-view': name, 'data-mode': isFixed ? 'fixed' : 'leaky' },
    el('h1', {}, title),
    el('p', { class: 'lead' }, lead),
    el('p', { class: 'leak-note', 'data-mode': isFixed ? 'fixed' : 'leaky' }, el('strong', {}, isFixed ? 'Fixed: ' : 'Leaks: '), isFixed ? fixedText : leaky),
  );
}

/** A definition list of live numbers; returns the list and a map of the <dd> elements by key. */
export function statsList(rows) {
  const values = {};
  const dl = el('dl', { class: 'stats' });
  for (const [key, label, initial] of rows) {
    const dd = el('dd', { 'data-stat': key }, String(initial ?? '–'));
    values[key] = dd;
    dl.append(el('dt', {}, label), dd);
  }
  return { dl, values };
}
