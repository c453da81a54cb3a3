/**
 * Driving a real DevTools window (opened by `--auto-open-devtools-for-tabs`) from a test. Playwright does not expose
 * DevTools windows or their extension panels as pages, so this talks CDP to those targets through the page's
 * session (`Target.attachToTarget` + `Target.sendMessageToTarget`).
 */
import { expect, type CDPSession } from '@playwright/test';

type Evaluate = (expression: string) => Promise<unknown>;
interface Reply {
  id?: number;
  result?: { result?: { value?: unknown } };
  error?: { message: string };
}

export class DevtoolsDriver {
  private nextId = 0;
  private readonly pending = new Map<number, (message: Reply) => void>();

  constructor(private readonly cdp: CDPSession) {
    cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
      const parsed = JSON.parse(message) as Reply;
      if (parsed.id !== undefined) this.pending.get(parsed.id)?.(parsed);
    });
  }

  async targets() {
    return (await this.cdp.send('Target.getTargets')).targetInfos;
  }

  /** Attaches to a target and returns an evaluator of expressions in it (awaited, returned by value). */
  async attach(targetId: string): Promise<Evaluate> {
    const { sessionId } = await this.cdp.send('Target.attachToTarget', { targetId, flatten: false });
    return (expression) =>
      new Promise((resolve, reject) => {
        const id = ++this.nextId;
        this.pending.set(id, (m) => {
          this.pending.delete(id);
          if (m.error) reject(new Error(m.error.message));
          else resolve(m.result?.result?.value);
        });
        void this.cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method: 'Runtime.evaluate', params: { expression, awaitPromise: true, returnByValue: true } }),
        });
      });
  }

  /**
   * Selects the panel whose title is `title` in every open DevTools window, then returns an evaluator inside the
   * panel page of the DevTools window that inspects `tabId`.
   */
  async openPanel(title: string, tabId: number): Promise<Evaluate> {
    let panel: Evaluate | undefined;
    await expect
      .poll(
        async () => {
          for (const t of await this.targets()) {
            if (!t.url.startsWith('devtools://')) continue;
            const evaluate = await this.attach(t.targetId);
            await evaluate(`(async () => {
              const UI = await import('./ui/legacy/legacy.js');
              const view = UI.InspectorView.InspectorView.instance();
              const id = view.tabbedPane.tabIds().find((x) => x.endsWith(${JSON.stringify(title)}));
              if (id) await view.showPanel(id);
            })()`);
          }
          for (const t of await this.targets()) {
            if (!t.url.startsWith('chrome-extension://') || !t.url.includes('/panel.html')) continue;
            const evaluate = await this.attach(t.targetId);
            if ((await evaluate('chrome.devtools.inspectedWindow.tabId')) === tabId) panel = evaluate;
          }
          return panel !== undefined;
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    return panel!;
  }
}
