/**
 * What a user sees, checked through Playwright in code-server's workbench: the squiggle and
 * the Problems entry for a known finding, the hover widget, and the quick-fix menu (whose
 * preferred fix is then applied). Screenshots of the hover and the quick-fix menu are saved
 * as artifacts. Every step waits on a selector or condition with a deadline, never on a sleep.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { REPO_ROOT } from './build';
import type { TestResult } from './results';
import { answersChecks } from './ui-answers';

/** The fixture: one iam/invalid-effect error, on `"Alow"` at line 6, column 17. */
const FILE = 'reports-policy.json';
const STEP_MS = 30_000;
/** The SAM example, copied into the workspace as orders-api/ (build.ts copyWorkspace). */
const EXAMPLE_TEXT = readFileSync(join(REPO_ROOT, 'examples', 'orders-api', 'template.yaml'), 'utf8');

/** The 1-based line of the first line of the example holding `text`. */
function exampleLine(text: string): number {
  const index = EXAMPLE_TEXT.split('\n').findIndex((line) => line.includes(text));
  if (index === -1) {
    throw new Error(`examples/orders-api/template.yaml has no line with ${JSON.stringify(text)}`);
  }
  return index + 1;
}

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
    // The list is virtual: with other files' problems above it, this fixture's rows may not be
    // rendered at all. The panel's own filter keeps only this file.
    const filter = this.page.locator('input[placeholder^="Filter (e.g. text"]').first();
    const filtered = await filter
      .waitFor({ state: 'visible', timeout: 5000 })
      .then(async () => {
        await filter.fill(`**/${FILE}`);
        return true;
      })
      .catch(() => false);
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
    if (filtered) {
      await filter.fill('');
    }
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
    // The fixture's one error was the Effect: after the fix the editor shows no error squiggle at
    // all (counting those under the new token raced the editor re-rendering the line).
    await until('the squiggle is gone after the fix', async () => (await this.editor.locator('.squiggly-error').count()) === 0);
    if ((await this.editor.locator('.view-line', { hasText: 'Alow' }).count()) !== 0) {
      throw new Error('"Alow" is still in the document after the fix');
    }
  }

  /** Runs a command from the palette by its title. */
  private async command(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: STEP_MS });
    await this.page.keyboard.press('Enter');
  }

  /** Scrolls the active editor to a 1-based line (Go to Line), putting the cursor there. */
  private async gotoLine(line: number): Promise<void> {
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill(`:${line}`);
    await this.page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: STEP_MS });
  }

  /** The cursor's 1-based line, from the status bar's "Ln N, Col M". */
  private async cursorLine(): Promise<number> {
    const text = await this.page.locator('[id="status.editor.selection"]').innerText();
    return Number(/Ln (\d+)/.exec(text)?.[1] ?? NaN);
  }

  async openExample(): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill('orders-api/template.yaml');
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'template.yaml' }).first().waitFor({ timeout: STEP_MS });
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: 'template.yaml' }).waitFor({ timeout: STEP_MS });
    await this.token('OrdersApi').waitFor({ timeout: STEP_MS });
  }

  async lenses(): Promise<void> {
    await this.gotoLine(exampleLine('DeleteOrder:'));
    // Lenses hidden under the sticky scroll are in the DOM too: wait for a visible one.
    const lens = this.editor.locator('.codelens-decoration', { hasText: /invo/ }).filter({ visible: true }).first();
    await lens.waitFor({ state: 'visible', timeout: STEP_MS });
    const texts = await this.editor.locator('.codelens-decoration').filter({ visible: true }).allInnerTexts();
    if (!texts.some((t) => /\d/.test(t))) {
      throw new Error(`no lens counts methods or principals: ${JSON.stringify(texts)}`);
    }
    await this.page.screenshot({ path: join(this.artifacts, 'lenses.png'), clip: await boxOf(this.page.locator('.part.editor')) });
  }

  async methodHover(): Promise<void> {
    await this.gotoLine(exampleLine('DeleteOrder:'));
    const key = this.token('DeleteOrder');
    await key.hover();
    const widget = this.page.locator('.monaco-hover', { hasText: 'CheckoutRole' }).first();
    await widget.waitFor({ state: 'visible', timeout: STEP_MS });
    const text = await widget.innerText();
    for (const part of ['DELETE', '/orders/{id}', 'CheckoutRole', 'OperatorRole']) {
      if (!text.includes(part)) {
        throw new Error(`the method hover lacks ${JSON.stringify(part)}: ${JSON.stringify(text)}`);
      }
    }
    await this.screenshot('method-hover.png', widget);
    await this.page.mouse.move(0, 0);
    await this.page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden', timeout: STEP_MS });
  }

  async languageStatus(): Promise<void> {
    const item = this.page.locator('[id="status.languageStatus"]');
    await item.waitFor({ state: 'visible', timeout: STEP_MS });
    // The workbench's hover service (not the editor's .monaco-hover) shows the language status.
    const hover = this.page.locator('.workbench-hover, .monaco-hover', { hasText: 'IAM data of' }).filter({ visible: true }).first();
    // The item answers after the server does: open its hover until it shows the analysis.
    await until('the language status says the template is analysed as SAM, with the IAM data date', async () => {
      if (!(await hover.isVisible())) {
        await item.click();
      }
      const text = await hover.innerText();
      return /Gatewarden: .*SAM/.test(text) && /IAM data of \d{4}-\d{2}-\d{2}/.test(text) && /files indexed/.test(text);
    });
    const box = await boxOf(hover);
    // To the window's right edge: the item's link ("Show output") sits at the hover's end.
    const width = this.page.viewportSize()?.width ?? box.x + box.width + 16;
    const x = Math.max(0, box.x - 8);
    const clip = { x, y: Math.max(0, box.y - 8), width: width - x, height: box.height + 48 };
    await this.page.screenshot({ path: join(this.artifacts, 'language-status.png'), clip });
    await this.page.keyboard.press('Escape');
  }

  private accessPane(): Locator {
    return this.page.locator('.pane', { has: this.page.locator('.pane-header', { hasText: 'Gatewarden: Access' }) }).first();
  }

  private accessRow(text: string): Locator {
    return this.accessPane().locator('.monaco-list-row', { hasText: text }).first();
  }

  async accessView(): Promise<void> {
    await this.page.keyboard.press('Control+Shift+E');
    // The file tree's section folded, so the view has the room to show a method's principals.
    const files = this.page.locator('.pane-header', { hasText: 'workspace' }).first();
    await files.waitFor({ state: 'visible', timeout: STEP_MS });
    if ((await files.getAttribute('aria-expanded')) === 'true') {
      await files.click();
    }
    const header = this.page.locator('.pane-header', { hasText: 'Gatewarden: Access' }).first();
    await header.waitFor({ state: 'visible', timeout: STEP_MS });
    if ((await header.getAttribute('aria-expanded')) !== 'true') {
      await header.click();
    }
    // APIs and stages open expanded; a method's principals on its twistie.
    const method = this.accessRow('DELETE /orders/{id}');
    await method.waitFor({ state: 'visible', timeout: STEP_MS });
    await method.locator('.monaco-tl-twistie').click();
    const checkout = this.accessRow('CheckoutRole');
    await checkout.waitFor({ state: 'visible', timeout: STEP_MS });
    const text = await checkout.innerText();
    if (!/conditional/.test(text) || !/aws:SourceIp/.test(text)) {
      throw new Error(`the CheckoutRole row does not say conditional on aws:SourceIp: ${JSON.stringify(text)}`);
    }
    await this.page.screenshot({ path: join(this.artifacts, 'access-view.png') });
    // A click reveals the statement that decided the row.
    await checkout.click();
    const line = exampleLine('Sid: WriteOrders');
    await until(`the editor reveals line ${line} (Sid: WriteOrders)`, async () => (await this.cursorLine()) === line);
  }

  async accessViewModes(): Promise<void> {
    await this.command('Gatewarden: Group by principal');
    const reporting = this.accessRow('ReportingRole');
    await reporting.waitFor({ state: 'visible', timeout: STEP_MS });
    await this.command('Gatewarden: Filter access view');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill('checkout');
    await this.page.keyboard.press('Enter');
    await until('the filter leaves CheckoutRole alone', async () => (await this.accessRow('ReportingRole').count()) === 0 && (await this.accessRow('CheckoutRole').count()) === 1);
    await this.command('Gatewarden: Clear access view filter');
    await this.command('Gatewarden: Group by API and method');
    await this.accessRow('OrdersApi').waitFor({ state: 'visible', timeout: STEP_MS });
  }

  async explainAccess(): Promise<void> {
    await this.openExample();
    await this.gotoLine(exampleLine('DeleteOrder:'));
    // The cursor on the method's key: Explain preselects the method under it.
    await this.token('DeleteOrder').click();
    const tabs = await this.page.locator('.tabs-container .tab').count();
    await this.command('Gatewarden: Explain access');
    const input = this.page.locator('.quick-input-widget input');
    await this.page.locator('.quick-input-widget', { hasText: 'Who is calling' }).waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill('CheckoutRole');
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'CheckoutRole' }).first().waitFor({ timeout: STEP_MS });
    await this.page.keyboard.press('Enter');
    // Which method comes first (the one under the cursor) is the explain feature's own test; here it is picked by name.
    await this.page.locator('.quick-input-widget', { hasText: 'Which method' }).waitFor({ state: 'visible', timeout: STEP_MS });
    await input.fill('DELETE /orders/{id}');
    await this.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'DELETE /orders/{id}' }).first().waitFor({ timeout: STEP_MS });
    await this.page.keyboard.press('Enter');
    await until('the explanation opens', async () => {
      if ((await this.page.locator('.tabs-container .tab').count()) <= tabs) {
        return false;
      }
      const says = (text: string): boolean => text.includes('CheckoutRole') && text.includes('DELETE');
      // A Markdown preview or a webview: the text is in a frame of its own.
      for (const frame of this.page.frames()) {
        if (frame !== this.page.mainFrame() && says(await frame.locator('body').innerText({ timeout: 1000 }).catch(() => ''))) {
          return true;
        }
      }
      // A read-only text view: its tab, or its text in the active editor.
      const labels = await this.page.locator('.tabs-container .tab').allInnerTexts();
      const active = await this.page.locator('.editor-group-container.active .view-lines').first().innerText().catch(() => '');
      return labels.some(says) || (!active.includes('AWSTemplateFormatVersion') && says(active));
    });
    await this.page.screenshot({ path: join(this.artifacts, 'explain-access.png') });
  }
}

/** Thrown by a check that is known not to hold yet: reported as skipped, with why. */
export class SkipCheck extends Error {}

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
    ['ui: Quick Open opens examples/orders-api/template.yaml', () => workbench.openExample()],
    ['ui: code lenses count who can invoke each method (lenses.png)', () => workbench.lenses()],
    ['ui: hovering a method lists who can invoke it (method-hover.png)', () => workbench.methodHover()],
    ['ui: the language status item says SAM, the IAM data date and the index (language-status.png)', () => workbench.languageStatus()],
    ['ui: the Gatewarden: Access view lists a method\'s principals with decisions, and a click reveals the statement (access-view.png)', () => workbench.accessView()],
    ['ui: the access view groups by principal and filters', () => workbench.accessViewModes()],
    ['ui: Explain access from the cursor on a method (explain-access.png)', () => workbench.explainAccess()],
  ];
  const results: TestResult[] = [];
  for (const [title, check] of checks) {
    const started = Date.now();
    try {
      await check();
      results.push({ title, state: 'passed', durationMs: Date.now() - started });
    } catch (error) {
      if (error instanceof SkipCheck) {
        results.push({ title, state: 'skipped', durationMs: Date.now() - started, note: error.message });
        continue;
      }
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
