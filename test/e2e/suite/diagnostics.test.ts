/**
 * Diagnostics as the editor shows them: the installed extension, exact ranges and codes in
 * JSON and YAML, updates on edit, and silence on unrelated JSON and YAML.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import {
  closeAll,
  codeOf,
  EXTENSION_ID,
  hasInvalidEffect,
  INVALID_EFFECT,
  nextDiagnosticsChange,
  open,
  rangeOf,
  show,
  SOURCE,
  waitForDiagnostics,
  withCode,
  workspaceUri,
} from './helpers';

describe('diagnostics', () => {
  afterEach(closeAll);

  it('come from the installed extension, which activates on a JSON document', async () => {
    await open('policies/invalid-effect.json');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    await waitForDiagnostics(workspaceUri('policies/invalid-effect.json'), hasInvalidEffect, INVALID_EFFECT);
    assert.equal(extension.isActive, true);
    // The extension under test is the one installed from the .vsix, not a development folder.
    assert.match(extension.extensionPath, /gatewarden\.gatewarden-\d+\.\d+\.\d+/);
  });

  it('an invalid Effect in JSON: one iam/invalid-effect error on the quoted value', async () => {
    const { document } = await open('policies/invalid-effect.json');
    const diagnostics = await waitForDiagnostics(document.uri, hasInvalidEffect, INVALID_EFFECT);
    const found = withCode(diagnostics, INVALID_EFFECT);
    assert.equal(found.length, 1, JSON.stringify(found));
    const [diagnostic] = found;
    const expected = rangeOf(document, '"Alow"');
    assert.ok(diagnostic!.range.isEqual(expected), `range ${show(diagnostic!.range)}, expected ${show(expected)}`);
    // Written out as well, so a fixture edit cannot move both sides of the comparison.
    assert.equal(show(diagnostic!.range), '5:16-5:22');
    assert.equal(diagnostic!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic!.source, SOURCE);
    const code = diagnostic!.code;
    assert.ok(typeof code === 'object' && code.target.toString().endsWith('docs/rules/iam/invalid-effect.md'), JSON.stringify(code));
  });

  it('an invalid Effect in YAML: the range is the plain scalar', async () => {
    const { document } = await open('policies/invalid-effect.yaml');
    const diagnostics = await waitForDiagnostics(document.uri, hasInvalidEffect, INVALID_EFFECT);
    const [diagnostic, ...others] = withCode(diagnostics, INVALID_EFFECT);
    assert.equal(others.length, 0);
    assert.equal(show(diagnostic!.range), show(rangeOf(document, 'Alow')));
    assert.equal(show(diagnostic!.range), '3:12-3:16');
  });

  it('editing the value to "Allow" clears the diagnostic', async () => {
    const editor = await open('policies/invalid-effect.json');
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, hasInvalidEffect, INVALID_EFFECT);
    const edited = await editor.edit((builder) => builder.replace(rangeOf(editor.document, 'Alow'), 'Allow'));
    assert.ok(edited);
    const after = await waitForDiagnostics(uri, (d) => !hasInvalidEffect(d), `no ${INVALID_EFFECT}`);
    assert.deepEqual(after.map(codeOf), []);
  });

  for (const file of ['unrelated/package.json', 'unrelated/deployment.yaml']) {
    it(`unrelated ${file.split('.').pop()!.toUpperCase()} gets no diagnostics (${file})`, async () => {
      const uri = workspaceUri(file);
      // The server publishes an empty list for a document it has looked at and skipped; that
      // publish is what this waits for, so the empty answer is the server's, not a race.
      const published = nextDiagnosticsChange(uri);
      const editor = await open(file);
      assert.equal(editor.document.languageId, file.endsWith('.json') ? 'json' : 'yaml');
      await published;
      assert.deepEqual(
        vscode.languages.getDiagnostics(uri).map((d) => `${d.source}:${String(codeOf(d))}`),
        [],
      );
    });
  }
});
