/** The text of PageText.tsx: what an escaped character's tooltip says. */

export const PAGE_TEXT = {
  escaped: (code: number) =>
    `U+${code.toString(16).toUpperCase().padStart(4, '0')} from the page, shown as an escape: a control, invisible or text-reordering character, or half a character`,
} as const;
