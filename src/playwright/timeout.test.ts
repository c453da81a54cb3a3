import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { StepError } from './session.ts';
import { StepTimeoutError, stepFailure, timedStep, waitedFor } from './timeout.ts';

/** An error as Playwright throws it: the message with an ANSI-dimmed call log, and the log as a property. */
function playwrightError(name: 'TimeoutError' | 'Error', first: string, log: string[], withLogProperty = true): Error {
  const err = new Error(`${first}\nCall log:\n${log.map((l) => `\u001b[2m${l}\u001b[22m`).join('\n')}\n`);
  err.name = name;
  if (withLogProperty) Object.assign(err, { log });
  return err;
}

const clickTimeout = (ms: number) =>
  playwrightError('TimeoutError', `locator.click: Timeout ${ms}ms exceeded.`, [`  - waiting for locator('nav a[data-route="nope"]')`]);

describe('waitedFor', () => {
  it('names the locator a call waited for, from its log or from its message', () => {
    expect(waitedFor(clickTimeout(2000))).toBe(`locator('nav a[data-route="nope"]')`);
    const err = playwrightError(
      'TimeoutError',
      'locator.waitFor: Timeout 1000ms exceeded.',
      [`  - waiting for getByRole('link', { name: 'Nope' }) to be visible`],
      false,
    );
    expect(waitedFor(err)).toBe(`getByRole('link', { name: 'Nope' }) to be visible`);
  });

  it('names the first thing waited for when the log goes on', () => {
    const err = playwrightError('TimeoutError', 'locator.click: Timeout 500ms exceeded.', [
      "  - waiting for locator('#save')",
      '    - locator resolved to <button id="save">Save</button>',
      '  - attempting click action',
      '    - waiting for element to be visible, enabled and stable',
    ]);
    expect(waitedFor(err)).toBe("locator('#save')");
  });

  it('names the page a navigation waited for', () => {
    const err = playwrightError('TimeoutError', 'page.goto: Timeout 2000ms exceeded.', [
      '  - navigating to "http://127.0.0.1:9/", waiting until "load"',
    ]);
    expect(waitedFor(err)).toBe('http://127.0.0.1:9/ to load');
  });

  it('says nothing without a call log', () => {
    expect(waitedFor(new Error('boom'))).toBeUndefined();
    expect(waitedFor(undefined)).toBeUndefined();
  });
});

describe('stepFailure', () => {
  it("turns a Playwright timeout into a timed-out step with the call's own limit and locator", () => {
    const e = stepFailure('action (iteration 2)', clickTimeout(500), "the scenario's action to return");
    expect(e).toBeInstanceOf(StepTimeoutError);
    expect(e.message).toBe(`step "action (iteration 2)" timed out after 500 ms waiting for locator('nav a[data-route="nope"]')`);
  });

  it('keeps other errors as failed steps, with their first line', () => {
    const e = stepFailure('setup', new TypeError('no user\nmore'), "the scenario's setup to return");
    expect(e).not.toBeInstanceOf(StepTimeoutError);
    expect(e.message).toBe('step "setup" failed: no user');
  });

  it('leaves an error that already names its step alone', () => {
    const inner = new StepError('url', new Error('bad'));
    expect(stepFailure('setup', inner, '')).toBe(inner);
  });
});

/** A page whose close() makes the pending call fail, as a real page does. */
function closingPage(onClose: () => void): { page: Page; closed: () => boolean } {
  let closed = false;
  const page = {
    close: async () => {
      closed = true;
      onClose();
    },
  } as unknown as Page;
  return { page, closed: () => closed };
}

describe('timedStep', () => {
  it('returns what the step returns, within the limit', async () => {
    await expect(timedStep('setup', { ms: 10_000 }, async () => 42, { what: 'x' })).resolves.toBe(42);
  });

  it('cuts a step off at the limit and says what it waited for, when nothing more is known', async () => {
    const never = new Promise<never>(() => undefined);
    const err = await timedStep('action (warm-up 1)', { ms: 50 }, () => never, { what: "the scenario's action to return" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StepTimeoutError);
    expect((err as Error).message).toBe(`step "action (warm-up 1)" timed out after 50 ms waiting for the scenario's action to return`);
    expect(err).toMatchObject({ name: 'LeakscopeError', exitCode: 2, timeout: 50 });
  });

  it('closes the page of a step cut off, and names the locator the pending call reports', async () => {
    let fail: (e: unknown) => void = () => undefined;
    const pending = new Promise<never>((_, reject) => (fail = reject));
    const closedCall = playwrightError('Error', 'locator.click: Target page, context or browser has been closed', [
      `  - waiting for locator('#never')`,
    ]);
    const { page, closed } = closingPage(() => fail(closedCall));
    const err = await timedStep('back (iteration 3)', { ms: 50, page }, () => pending, { what: "the scenario's back to return" }).catch(
      (e: unknown) => e,
    );
    expect(closed()).toBe(true);
    expect((err as Error).message).toBe(`step "back (iteration 3)" timed out after 50 ms waiting for locator('#never')`);
  });

  it('keeps its own description when asked to (the wait for the page to settle)', async () => {
    const what = 'the page to settle (the load event, then a frame and an idle period)';
    const loadTimeout = playwrightError('TimeoutError', 'page.waitForLoadState: Timeout 80ms exceeded.', ['  - waiting for "load" event']);
    const err = await timedStep('action (iteration 1)', { ms: 80 }, () => Promise.reject(loadTimeout), { what, prefer: true }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe(`step "action (iteration 1)" timed out after 80 ms waiting for ${what}`);
  });

  it('reports a Playwright timeout inside the step as it happened', async () => {
    const err = await timedStep('action (iteration 2)', { ms: 10_000 }, () => Promise.reject(clickTimeout(2000)), { what: 'x' }).catch(
      (e: unknown) => e,
    );
    expect((err as Error).message).toBe(`step "action (iteration 2)" timed out after 2000 ms waiting for locator('nav a[data-route="nope"]')`);
  });

  it('reports a step that throws as failed', async () => {
    const err = await timedStep(
      'setup',
      { ms: 10_000 },
      () => {
        throw new Error('the dialog did not open');
      },
      { what: 'x' },
    ).catch((e: unknown) => e);
    expect((err as Error).message).toBe('step "setup" failed: the dialog did not open');
  });
});
