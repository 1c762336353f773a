/**
 * Requests through the editor's own commands, as a user's editor makes them: hovers, code
 * actions and applying a quick fix, and code lenses once the server offers them.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { closeAll, EXTENSION_ID, hasInvalidEffect, INVALID_EFFECT, open, rangeOf, show, skipWithNote, waitForDiagnostics, WAIT_MS, withCode, workspaceUri } from './helpers';

function markdownOf(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

/** Opens a document, waits for its invalid-effect diagnostic and returns the quick fixes for it. */
async function quickFixes(file: string): Promise<{ editor: vscode.TextEditor; diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
  const editor = await open(file);
  const [diagnostic] = withCode(await waitForDiagnostics(editor.document.uri, hasInvalidEffect, INVALID_EFFECT), INVALID_EFFECT);
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
    'vscode.executeCodeActionProvider',
    editor.document.uri,
    diagnostic!.range,
    vscode.CodeActionKind.QuickFix.value,
  );
  // The command returns every provider's actions, without their `diagnostics`: Gatewarden's
  // are the quick fixes that edit this document.
  const uri = editor.document.uri.toString();
  const ours = actions.filter((a) => a.kind?.value === vscode.CodeActionKind.QuickFix.value && a.edit?.entries().some(([u]) => u.toString() === uri));
  return { editor, diagnostic: diagnostic!, actions: ours };
}

describe('hovers', () => {
  afterEach(closeAll);

  it('explain the Effect key in JSON, over the quoted key', async () => {
    const { document } = await open('policies/invalid-effect.json');
    const key = rangeOf(document, '"Effect"');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, key.start.translate(0, 3));
    const ours = hovers.filter((h) => markdownOf(h).includes('**Effect**'));
    assert.equal(ours.length, 1, `hovers: ${JSON.stringify(hovers.map(markdownOf))}`);
    assert.match(markdownOf(ours[0]!), /\(IAM policy element\)/);
    assert.equal(show(ours[0]!.range), show(key));
  });

  it('explain the Effect key in YAML, over the plain key', async () => {
    const { document } = await open('policies/invalid-effect.yaml');
    const key = rangeOf(document, 'Effect');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, key.start.translate(0, 1));
    const ours = hovers.filter((h) => markdownOf(h).includes('**Effect**'));
    assert.equal(ours.length, 1, `hovers: ${JSON.stringify(hovers.map(markdownOf))}`);
    assert.equal(show(ours[0]!.range), show(key));
  });
});

describe('quick fixes', () => {
  afterEach(closeAll);

  it('offer "Allow" (preferred) and "Deny" for an invalid Effect', async () => {
    const { editor, diagnostic, actions } = await quickFixes('policies/invalid-effect.json');
    const uri = editor.document.uri;
    const edits = actions.map((a) => ({ preferred: a.isPreferred === true, newText: a.edit?.get(uri).map((e) => e.newText) }));
    assert.deepEqual(edits, [
      { preferred: true, newText: ['"Allow"'] },
      { preferred: false, newText: ['"Deny"'] },
    ]);
    for (const action of actions) {
      assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
      assert.ok(action.edit?.get(uri).every((e) => e.range.isEqual(diagnostic.range)), 'each fix replaces exactly the diagnostic range');
    }
  });

  it('applying the preferred fix in JSON writes "Allow", keeps the quotes, and clears the diagnostic', async () => {
    const { editor, actions } = await quickFixes('policies/invalid-effect.json');
    const before = editor.document.getText();
    const preferred = actions.find((a) => a.isPreferred === true);
    assert.ok(preferred?.edit, 'expected a preferred quick fix with an edit');
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.equal(editor.document.getText(), before.replace('"Effect": "Alow"', '"Effect": "Allow"'));
    await waitForDiagnostics(editor.document.uri, (d) => !hasInvalidEffect(d), `no ${INVALID_EFFECT} after the fix`);
  });

  it('applying the preferred fix in YAML writes a plain scalar', async () => {
    const { editor, actions } = await quickFixes('policies/invalid-effect.yaml');
    const before = editor.document.getText();
    const preferred = actions.find((a) => a.isPreferred === true);
    assert.ok(preferred?.edit, 'expected a preferred quick fix with an edit');
    assert.ok(await vscode.workspace.applyEdit(preferred.edit));
    assert.equal(editor.document.getText(), before.replace('Effect: Alow', 'Effect: Allow'));
    await waitForDiagnostics(editor.document.uri, (d) => !hasInvalidEffect(d), `no ${INVALID_EFFECT} after the fix`);
  });
});

/**
 * The capabilities the shipped server announces, asked of it directly over stdio: the
 * client registers a code lens provider only when the server announces one, and nothing in
 * the vscode API tells whose providers exist.
 */
async function serverCapabilities(): Promise<Record<string, unknown>> {
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const child = spawn(process.execPath, [join(extension.extensionPath, 'dist', 'server.js'), '--stdio'], {
    // In Electron's extension host, execPath is Electron: this makes it a plain Node.
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.listen();
  try {
    const result = await Promise.race([
      connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
        workspaceFolders: null,
      }),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the server did not answer initialize')), WAIT_MS)),
    ]);
    return result.capabilities;
  } finally {
    connection.dispose();
    child.kill();
  }
}

describe('code lenses', () => {
  afterEach(closeAll);

  it('label methods and roles of a SAM template with who can invoke what', async function () {
    const capabilities = await serverCapabilities();
    if (!capabilities.codeLensProvider) {
      skipWithNote(
        this,
        'the server announces no codeLensProvider yet (code lenses come with issue 5); this check runs by itself once it does',
      );
    }
    const { document } = await open('templates/api.yaml');
    // No event tells that lenses are ready (the server may index the workspace first), so ask
    // until there are some, within the deadline.
    const deadline = Date.now() + WAIT_MS;
    let lenses: vscode.CodeLens[] = [];
    while (lenses.length === 0 && Date.now() < deadline) {
      lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
      if (lenses.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    const titles = lenses.map((l) => l.command?.title ?? '');
    assert.ok(titles.length > 0, 'expected code lenses on templates/api.yaml');
    assert.ok(titles.every((t) => t.length > 0), `every lens resolves to a titled command: ${JSON.stringify(titles)}`);
    assert.ok(titles.some((t) => /invocable by \d+|can invoke \d+/i.test(t)), `titles: ${JSON.stringify(titles)}`);
  });
});

/**
 * Issue 16's template: an API with GET and POST /orders and a role granting every verb on it.
 * It is written by the test and deleted after it, not committed: HEAD has no such file, so
 * against HEAD the role gained both methods, and .gatewarden.yaml's assertion (AuditReader
 * may never POST /orders) is broken on its statement. Written at run time so that the other
 * tests' workspace (which lists every API a wildcard reaches) stays as it is.
 */
const AUDIT_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  OrdersApi:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: orders }
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties: { RestApiId: !Ref OrdersApi, ParentId: !GetAtt OrdersApi.RootResourceId, PathPart: orders }
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref OrdersApi, ResourceId: !Ref Orders, HttpMethod: GET, AuthorizationType: AWS_IAM }
  PostOrders:
    Type: AWS::ApiGateway::Method
    Properties: { RestApiId: !Ref OrdersApi, ResourceId: !Ref Orders, HttpMethod: POST, AuthorizationType: AWS_IAM }
  AuditReader:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read-orders
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: execute-api:Invoke
                Resource: !Sub arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${OrdersApi}/*/*/orders
`;

describe('access assertions and "since HEAD" (issue 16)', () => {
  const uri = workspaceUri('templates/audit.yaml');
  afterEach(async () => {
    await closeAll();
    await vscode.workspace.fs.delete(uri);
  });

  it('a new role granting every verb breaks the deny assertion on its statement, and the lenses count what it gained since HEAD', async () => {
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(AUDIT_TEMPLATE));
    const { document } = await vscode.window.showTextDocument(uri);
    const diagnostics = await waitForDiagnostics(document.uri, (d) => withCode(d, 'access/expect-deny').length > 0, 'access/expect-deny on the granting statement');
    const [broken, ...others] = withCode(diagnostics, 'access/expect-deny');
    assert.equal(others.length, 0);
    assert.equal(broken!.severity, vscode.DiagnosticSeverity.Error);
    // On the statement: it starts at its Effect key, on the line of the list item.
    assert.equal(broken!.range.start.line, rangeOf(document, '- Effect: Allow\n                Action: execute-api:Invoke').start.line);
    const deadline = Date.now() + WAIT_MS;
    let titles: string[] = [];
    while (!titles.some((t) => t.startsWith('since HEAD: +2 methods')) && Date.now() < deadline) {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri, 100);
      titles = lenses.map((l) => l.command?.title ?? '');
      if (!titles.some((t) => t.startsWith('since HEAD: +2 methods'))) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
    assert.ok(titles.includes('since HEAD: +2 methods, -0'), `the role gained GET and POST; titles: ${JSON.stringify(titles)}`);
    // Each new method gained AuditReader, orders/orders.yaml's AdminRole and orders-api/template.yaml's
    // OperatorRole (the example copied into the workspace), whose Resource "*" reaches every API.
    assert.equal(titles.filter((t) => t === 'since HEAD: +3 principals, -0').length, 2, `titles: ${JSON.stringify(titles)}`);
  });
});
