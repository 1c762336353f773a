/**
 * What a user sees, checked through Playwright in code-server's workbench: the squiggle and
 * the Problems entry for a known finding, the hover widget, and the quick-fix menu (whose
 * preferred fix is then applied). Screenshots of the hover and the quick-fix menu are saved
 * as artifacts. Every step waits on a selector or condition with a deadline, never on a sleep.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { TestResult } from './results';
import { answersChecks } from './ui-answers';

/** The fixture: one iam/invalid-effect error, on `"Alow"` at line 6, column 17. */
const FILE = 'reports-policy.json';
const STEP_MS = 30_000;

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Retries `check` until it returns true or the deadline passes (Playwright-style polling). */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = STEP_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting until ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) {
    throw new Error(`${locator.toString()} is not visible`);
  }
  return box;
}

/** Whether `a` covers most of `b` horizontally and they share a text line. */
function underlines(a: Box, b: Box): boolean {
  const overlap = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const sameLine = Math.abs(a.y + a.height / 2 - (b.y + b.height / 2)) < b.height;
  return sameLine && overlap >= b.width * 0.6;
}

export function union(a: Box, b: Box): Box {
  const x = Math.max(0, Math.min(a.x, b.x));
  const y = Math.max(0, Math.min(a.y, b.y));
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

export class Workbench {
  constructor(
    private readonly page: Page,
    private readonly artifacts: string,
  ) {}

  private get editor(): Locator {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** The token that holds `text` on some line of the active editor. */
  private token(text: string): Locator {
    return this.editor.locator('.view-line span span', { hasText: text }).first();
  }

  private async squigglesUnder(token: Locator): Promise<number> {
    const target = await boxOf(token);
    let count = 0;
    for (const squiggle of await this.editor.locator('.squiggly-error').all()) {
      const box = await squiggle.boundingBox();
      if (box && underlines(box, target)) {
        count++;
      }
    }
    return count;
  }

  /** Saves the editor area, grown to include `widget`, as an artifact. */
  private async screenshot(name: string, widget: Locator): Promise<void> {
    const clip = union(await boxOf(this.page.locator('.part.editor')), await boxOf(widget));
    await this.page.screenshot({ path: join(this.artifacts, name), clip });
  }

  async openFixture(): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill(FILE);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: FILE }).first().waitFor({ timeout: STEP_MS });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: FILE }).waitFor({ timeout: STEP_MS });
    await this.token('ReadOwnReports').waitFor({ timeout: STEP_MS });
  }

  async squiggle(): Promise<void> {
    const value = this.token('Alow');
    await until('a red squiggle underlines "Alow"', async () => (await this.squigglesUnder(value)) === 1);
  }

  async problems(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+M');
    await this.page.locator('.markers-panel').waitFor({ state: 'visible', timeout: STEP_MS });
    // The panel is a tree: a file row (aria-level 1), then its markers (level 2). Other test
    // files may have entries too, so take the markers under this fixture's row.
    let entries: string[] = [];
    await until(`the Problems panel lists ${FILE}'s finding`, async () => {
      const rows = await this.page.locator('.markers-panel .monaco-list-row').evaluateAll((elements) =>
        elements
          .map((e) => ({ index: Number(e.getAttribute('data-index')), level: e.getAttribute('aria-level'), text: (e as unknown as { innerText: string }).innerText }))
          .sort((a, b) => a.index - b.index),
      );
      const file = rows.findIndex((r) => r.level === '1' && r.text.includes(FILE));
      const end = rows.findIndex((r, i) => i > file && r.level === '1');
      entries = file === -1 ? [] : rows.slice(file + 1, end === -1 ? undefined : end).map((r) => r.text.replace(/\s+/g, ' '));
      return entries.some((e) => e.includes('iam/invalid-effect'));
    });
    const entry = entries.find((e) => e.includes('iam/invalid-effect'))!;
    for (const part of ['Effect "Alow" is not valid', 'gatewarden', 'iam/invalid-effect', 'Ln 6, Col 17']) {
      if (!entry.includes(part)) {
        throw new Error(`the Problems entry lacks ${JSON.stringify(part)}: ${JSON.stringify(entry)}`);
      }
    }
    await this.page.screenshot({ path: join(this.artifacts, 'problems.png') });
    // Close the panel again so the editor has the room for the next steps.
    await this.page.keyboard.press('Control+J');
    await this.page.locator('.markers-panel').waitFor({ state: 'hidden', timeout: STEP_MS });
  }

  async hover(): Promise<void> {
    const key = this.token('"Effect"');
    await key.hover();
    const widget = this.page.locator('.monaco-hover', { hasText: 'IAM policy element' }).first();
    await widget.waitFor({ state: 'visible', timeout: STEP_MS });
    const text = await widget.innerText();
    for (const part of ['Effect', 'Allow', 'Deny', 'An explicit Deny always wins']) {
      if (!text.includes(part)) {
        throw new Error(`the hover lacks ${JSON.stringify(part)}: ${JSON.stringify(text)}`);
      }
    }
    await this.screenshot('hover.png', widget);
    await this.page.mouse.move(0, 0);
    await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: STEP_MS });
  }

  async quickFix(): Promise<void> {
    const value = this.token('Alow');
    await value.click();
    await this.page.keyboard.press('Control+.');
    const menu = this.page.locator('.action-widget').first();
    const allow = menu.locator('.monaco-list-row', { hasText: 'Change to "Allow"' });
    await allow.waitFor({ state: 'visible', timeout: STEP_MS });
    await menu.locator('.monaco-list-row', { hasText: 'Change to "Deny"' }).waitFor({ state: 'visible', timeout: STEP_MS });
    await this.screenshot('quick-fix.png', menu);
    await allow.click();
    await menu.waitFor({ state: 'hidden', timeout: STEP_MS });
    await this.token('"Allow"').waitFor({ timeout: STEP_MS });
    const fixed = this.token('"Allow"');
    await until('the squiggle is gone after the fix', async () => (await this.squigglesUnder(fixed)) === 0);
    if ((await this.editor.locator('.view-line', { hasText: 'Alow' }).count()) !== 0) {
      throw new Error('"Alow" is still in the document after the fix');
    }
  }
}

/** Runs the checks in order; one that fails is reported and the rest still run. */
export async function runUiChecks(page: Page, artifacts: string): Promise<TestResult[]> {
  const workbench = new Workbench(page, artifacts);
  const checks: [string, () => Promise<void>][] = [
    ['ui: Quick Open opens the policy', () => workbench.openFixture()],
    ['ui: a squiggle underlines the invalid Effect', () => workbench.squiggle()],
    ['ui: the Problems panel lists iam/invalid-effect at Ln 6, Col 17', () => workbench.problems()],
    ['ui: hovering "Effect" shows its explanation (hover.png)', () => workbench.hover()],
    ['ui: the quick-fix menu offers "Allow" and "Deny", and applying "Allow" clears the error (quick-fix.png)', () => workbench.quickFix()],
    ...answersChecks(page, artifacts),
  ];
  const results: TestResult[] = [];
  for (const [title, check] of checks) {
    const started = Date.now();
    try {
      await check();
      results.push({ title, state: 'passed', durationMs: Date.now() - started });
    } catch (error) {
      const name = `failure-${results.length + 1}.png`;
      await page.screenshot({ path: join(artifacts, name) }).catch(() => undefined);
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.push({ title, state: 'failed', durationMs: Date.now() - started, error: `${message}\n(screenshot: ${name})` });
      // Leave no menu or widget open for the next check.
      await page.keyboard.press('Escape').catch(() => undefined);
    }
  }
  return results;
}
