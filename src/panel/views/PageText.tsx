/**
 * The one way the panel shows a string that came from a page or a file (targets, URLs, function names, stack
 * frames, samples, titles, labels): through the core's `printable`, as the text, Markdown and HTML reports do. A
 * control character, a bidi override or isolate, a zero-width character or a lone surrogate becomes its `\u202e`
 * escape, marked so that it reads as one (`evil\u202Egnp.js` would otherwise read "eviljs.png"). Text only: React
 * escapes the rest.
 */
import { Fragment } from 'react';
import { printable, printableParts } from '../../core/index.ts';
import { PAGE_TEXT } from './strings/page-text.ts';

/** A page string as React text, its escapes marked (`.page-escape`). */
export function PageText({ text }: { text: string }) {
  const parts = printableParts(text);
  if (parts.length === 1 && parts[0]!.escaped === undefined) return text;
  return parts.map((part, i) =>
    part.escaped === undefined ? (
      <Fragment key={i}>{part.text}</Fragment>
    ) : (
      <span key={i} className="page-escape" data-testid="page-escape" title={PAGE_TEXT.escaped(part.escaped)}>
        {part.text}
      </span>
    ),
  );
}

/**
 * A page string for an attribute (`title`, `aria-label`) or an `<option>`, where no markup can mark the escapes:
 * the same escapes, as plain text.
 */
export const pageAttr = (text: string): string => printable(text);
