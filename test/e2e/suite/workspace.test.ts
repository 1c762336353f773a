/**
 * The workspace at a glance, in the editor (issue 17): `.template` files analysed,
 * `gatewarden.diagnostics.scope: workspace` reporting a file never opened (and clearing it
 * when the setting goes back), the configuration schema's completion, and the offline rule
 * documentation. The access view and the language status item are checked in the workbench
 * itself (ui.ts), since the vscode API does not read views or status items back.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAll, EXTENSION_ID, hasInvalidEffect, INVALID_EFFECT, open, rangeOf, skipWithNote, WAIT_MS, waitForDiagnostics, withCode, workspaceUri } from './helpers';

const RED_HAT_YAML = 'redhat.vscode-yaml';
const CONFIG_SCHEMA = './schemas/gatewarden-config.schema.json';

/** Resolves once `check` holds, tested now and on each change of the open tabs. */
function whenTabs(check: () => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (check()) {
      resolve();
      return;
    }
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (check()) {
        clearTimeout(timer);
        subscription.dispose();
        resolve();
      }
    });
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`Timed out after ${WAIT_MS} ms waiting for ${what}; tabs: ${JSON.stringify(allTabs().map((t) => t.label))}`));
    }, WAIT_MS);
  });
}

function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs);
}

describe('.template files', () => {
  afterEach(closeAll);

  it('a YAML template opens as YAML and gets its diagnostics, on the value', async () => {
    const { document } = await open('templates/stack.template');
    assert.equal(document.languageId, 'yaml');
    const diagnostics = await waitForDiagnostics(document.uri, hasInvalidEffect, INVALID_EFFECT);
    const [found] = withCode(diagnostics, INVALID_EFFECT);
    assert.ok(found?.range.isEqual(rangeOf(document, 'Alow')), `range ${JSON.stringify(found?.range)}`);
  });

  it('a JSON template is switched to JSON and gets its diagnostics', async () => {
    const uri = workspaceUri('templates/stack-json.template');
    await open('templates/stack-json.template');
    await waitForDiagnostics(uri, hasInvalidEffect, INVALID_EFFECT);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    assert.ok(document);
    assert.equal(document.languageId, 'json');
    const [found] = withCode(await waitForDiagnostics(uri, hasInvalidEffect, INVALID_EFFECT), INVALID_EFFECT);
    assert.ok(found?.range.isEqual(rangeOf(document, '"Alow"')), `range ${JSON.stringify(found?.range)}`);
  });
});

describe('gatewarden.diagnostics.scope', () => {
  const never = workspaceUri('closed/never-opened.json');
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('gatewarden');

  after(async () => {
    await settings().update('diagnostics.scope', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('workspace: a file never opened gets its problems; back to open, they are cleared', async () => {
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === never.toString()), 'the file is not open');
    await settings().update('diagnostics.scope', 'workspace', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(never, hasInvalidEffect, `${INVALID_EFFECT} on a closed file`);
    await settings().update('diagnostics.scope', 'open', vscode.ConfigurationTarget.Workspace);
    await waitForDiagnostics(never, (d) => d.length === 0, 'the closed file cleared');
  });
});

describe('configuration schema', () => {
  afterEach(closeAll);

  it('.gatewarden.json completes rule ids under "rules" (jsonValidation)', async () => {
    const editor = await open('config/.gatewarden.json');
    const inside = editor.document.positionAt(editor.document.getText().indexOf('"rules": {') + '"rules": {'.length);
    const position = new vscode.Position(inside.line + 1, 4);
    // VS Code's JSON support loads the contributed schema in its own time: ask until it answers.
    const deadline = Date.now() + WAIT_MS;
    let labels: string[] = [];
    while (!labels.includes('iam/invalid-effect') && Date.now() < deadline) {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
      labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label).replace(/^"|"$/g, ''));
      if (!labels.includes('iam/invalid-effect')) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    assert.ok(labels.includes('iam/invalid-effect'), `completions: ${JSON.stringify(labels.slice(0, 20))}`);
    assert.ok(labels.includes('apigw/method-without-auth'));
  });

  it('.gatewarden.yaml and .yml: the schema is contributed for the YAML extension (yamlValidation), and ships', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const contributes = (extension.packageJSON as { contributes: Record<string, { fileMatch: string[]; url: string }[]> }).contributes;
    assert.deepEqual(contributes.yamlValidation, [{ fileMatch: ['.gatewarden.yaml', '.gatewarden.yml'], url: CONFIG_SCHEMA }]);
    assert.deepEqual(contributes.jsonValidation, [{ fileMatch: ['.gatewarden.json'], url: CONFIG_SCHEMA }]);
    const schema = join(extension.extensionPath, CONFIG_SCHEMA);
    assert.ok(existsSync(schema), `${schema} ships in the .vsix`);
    const ruleIds = Object.keys((JSON.parse(readFileSync(schema, 'utf8')) as { definitions: { ruleSeverities: { properties: object } } }).definitions.ruleSeverities.properties);
    assert.ok(ruleIds.includes(INVALID_EFFECT));
  });

  it('.gatewarden.yaml completes rule ids with the Red Hat YAML extension', async function () {
    if (!vscode.extensions.getExtension(RED_HAT_YAML)) {
      skipWithNote(this, `${RED_HAT_YAML} is not installed in this editor (code-server's marketplace is Open VSX, and the run installs nothing from the network); the yamlValidation contribution is checked statically above`);
    }
    const editor = await open('config/yaml/.gatewarden.yaml');
    const position = new vscode.Position(1, 2);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position);
    assert.ok(list.items.some((i) => (typeof i.label === 'string' ? i.label : i.label.label) === INVALID_EFFECT));
  });
});

describe('rule documentation offline', () => {
  afterEach(closeAll);

  it('"Show documentation for RULE" is offered on a Gatewarden diagnostic and opens the shipped page in the Markdown preview', async () => {
    const editor = await open('policies/invalid-effect.json');
    const [diagnostic] = withCode(await waitForDiagnostics(editor.document.uri, hasInvalidEffect, INVALID_EFFECT), INVALID_EFFECT);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, diagnostic!.range);
    const docs = actions.find((a) => a.title === `Show documentation for ${INVALID_EFFECT}`);
    assert.ok(docs?.command, `actions: ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(docs.command.command, 'gatewarden.showRuleDocumentation');
    assert.deepEqual(docs.command.arguments, [INVALID_EFFECT]);
    await vscode.commands.executeCommand(docs.command.command, ...(docs.command.arguments ?? []));
    await whenTabs(() => allTabs().some((t) => t.input instanceof vscode.TabInputWebview && t.label.includes('invalid-effect.md')), 'the preview of invalid-effect.md');
  });
});
