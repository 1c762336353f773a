/**
 * A test-only extension, installed beside Gatewarden in the e2e editor profile and never
 * shipped. In code-server nothing like `--extensionTestsPath` starts a suite, so this does:
 * once the workbench has started, it loads the compiled suite named by GATEWARDEN_E2E_SUITE
 * and runs it; the suite writes its results to GATEWARDEN_E2E_RESULTS. Without those
 * variables it does nothing. Under @vscode/test-electron it is the development extension and
 * test-electron runs the suite itself, so the variables are not set there.
 *
 * It is packaged on its own (see ../build.ts), so it imports nothing from the repository:
 * the suite, which does, is loaded from the repository by absolute path.
 */
import { existsSync, renameSync, writeFileSync } from 'node:fs';

export async function activate(): Promise<void> {
  const suite = process.env.GATEWARDEN_E2E_SUITE;
  const results = process.env.GATEWARDEN_E2E_RESULTS;
  // A window reload restarts the extension host; the suite runs once per results file.
  if (!suite || !results || existsSync(results)) {
    return;
  }
  let run: () => Promise<void>;
  try {
    ({ run } = (await import(suite)) as { run: () => Promise<void> });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    writeFileSync(`${results}.tmp`, JSON.stringify({ done: true, startedAt: new Date().toISOString(), tests: [], error: `Could not load ${suite}: ${message}` }));
    renameSync(`${results}.tmp`, results);
    return;
  }
  // Not awaited: activation returns at once. The suite reports through the results file,
  // failures included.
  void run().catch(() => undefined);
}

export function deactivate(): void {}
