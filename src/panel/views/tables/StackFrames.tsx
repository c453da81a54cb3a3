/**
 * Stack frames as links into the Sources panel. Inside DevTools a frame is a button that asks DevTools to open its
 * file at its line (`chrome.devtools.panels.openResource`); the pop-out tab (`panel.html?tabId=N`) has no
 * `chrome.devtools`, so there a frame is plain text that says where to click instead.
 */
import { createContext, useContext } from 'react';
import { formatFrame, type StackFrame } from '../../../core/index.ts';
import { pageAttr, PageText } from '../PageText.tsx';
import { STACK_FRAMES } from '../strings/tables.ts';

/**
 * Opens a file in the Sources panel. `line` and `column` are 0-based, as DevTools counts; the frames carry the
 * 1-based numbers of `Error.stack`.
 */
export type SourceOpener = (url: string, line: number, column: number | undefined) => void;

/** What a frame shows when there is nothing to open it with. */
export const OPEN_FROM_DEVTOOLS_HINT = STACK_FRAMES.openFromDevtools;

/**
 * The opener of the DevTools window this page runs in, or undefined outside DevTools. Looked up on `chrome` (not
 * webextension-polyfill's `browser`, which has no `openResource`) when the panel mounts.
 */
export function devtoolsOpener(): SourceOpener | undefined {
  const panels = (globalThis as { chrome?: { devtools?: { panels?: Partial<typeof chrome.devtools.panels> } } }).chrome?.devtools?.panels;
  const open = panels?.openResource;
  if (typeof open !== 'function') return undefined;
  return (url, line, column) => {
    // A file DevTools does not know (a script since collected, an eval without sourceURL) fails through
    // runtime.lastError; reading it in the callback keeps Chrome from logging it as unchecked: the click did nothing.
    open.call(panels, url, line, column, () => void chrome.runtime?.lastError);
  };
}

/**
 * Which opener the frames below use; undefined renders them as text. main.tsx provides {@link devtoolsOpener}; tests
 * may provide their own.
 */
export const SourceOpenerContext = createContext<SourceOpener | undefined>(undefined);

/** Frames DevTools could open: a URL, and a line (0 means the browser gave none). */
function openable(frame: StackFrame): boolean {
  return frame.url !== '' && frame.line > 0;
}

/** One frame: `function (file:line:col)`, a button into the Sources panel where possible. */
export function FrameLink({ frame }: { frame: StackFrame }) {
  const open = useContext(SourceOpenerContext);
  const text = formatFrame(frame);
  if (!open || !openable(frame)) {
    return (
      <span
        className="frame"
        data-testid="frame-link"
        data-url={frame.url}
        data-line={frame.line}
        title={open ? STACK_FRAMES.noFileAndLine : OPEN_FROM_DEVTOOLS_HINT}
      >
        <PageText text={text} />
      </span>
    );
  }
  return (
    <button
      type="button"
      className="frame frame-open"
      data-testid="frame-link"
      data-url={frame.url}
      data-line={frame.line}
      title={STACK_FRAMES.open(pageAttr(frame.url), frame.line)}
      onClick={() => open(frame.url, frame.line - 1, frame.column > 0 ? frame.column - 1 : undefined)}
    >
      <PageText text={text} />
    </button>
  );
}

/** A whole stack, innermost frame first, one frame a line; says so when the stack is empty. */
export function StackFrames({ stack, label }: { stack: readonly StackFrame[]; label?: string }) {
  if (stack.length === 0) return <p className="muted">{STACK_FRAMES.noStack(label)}</p>;
  return (
    <div className="stack">
      {label && <div className="stack-label">{label}</div>}
      <ol className="frames">
        {stack.map((frame, i) => (
          <li key={i}>
            <FrameLink frame={frame} />
          </li>
        ))}
      </ol>
    </div>
  );
}

/** The frame a row shows in its "created at" column: the innermost one, or a dash. */
export function TopFrame({ stack }: { stack: readonly StackFrame[] }) {
  const top = stack[0];
  return top ? <FrameLink frame={top} /> : <span className="muted">–</span>;
}
