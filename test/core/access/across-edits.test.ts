/**
 * The access analysis kept across edits (access/workspace.ts): an edit that changes nothing
 * the analysis reads reuses it; an edit to a grant or to the methods computes what it must;
 * either way the findings are those of a fresh analysis of the new text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessFor } from '../../../server/src/core/access/workspace';
import { accessDecisionCounts, accessMatrix, type AccessOptions, type AccessRow, type WorkspaceDocument } from '../../../server/src/core/access/matrix';
import { parseDocument } from '../../../server/src/core/model/parse';
import { reparseDocument } from '../../../server/src/core/model/reparse';
import type { SourceDocument } from '../../../server/src/core/types';
import { analyzer } from '../../helpers';
import { fresh } from '../../../server/src/core/engine';
import { stagesBase } from '../../robustness/incremental-lib';

const URI = 'file:///w/template.yaml';

function template(): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod', '      Auth:', '        DefaultAuthorizer: AWS_IAM'];
  for (let f = 0; f < 3; f++) {
    lines.push(`  Fn${f}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      Description: function ${f}`, `      Handler: fn${f}.handler`, '      Events:', '        Get:', '          Type: Api', '          Properties:', '            RestApiId: !Ref Api', `            Path: /items${f}`, '            Method: get');
  }
  lines.push(...invokingRole('Caller', '!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*/GET/items0'));
  return `${lines.join('\n')}\n`;
}

const workspaceOf = (doc: SourceDocument) => ({ documents: [{ uri: URI, doc }], self: URI });
const summary = (doc: SourceDocument): string[] =>
  analyzer
    .analyze(doc, { workspace: workspaceOf(doc) })
    .filter((f) => f.ruleId.startsWith('apigw/'))
    .map((f) => `${f.ruleId} ${f.offset}+${f.length} ${f.path.join('/')}`);

test('an edit that changes nothing the access analysis reads keeps it; others recompute it; findings equal a fresh analysis', () => {
  const text = template();
  let doc = parseDocument(text, { format: 'yaml' });
  const first = accessFor(doc, workspaceOf(doc));
  assert.deepEqual(summary(doc), summary(parseDocument(text, { format: 'yaml' })));

  // A Description: the same analysis, not a new one.
  let next = text.replace('function 0', 'function zero');
  doc = reparseDocument(doc, next, { format: 'yaml' }).doc;
  assert.equal(accessFor(doc, workspaceOf(doc)).matrix, first.matrix);
  assert.deepEqual(summary(doc), summary(parseDocument(next, { format: 'yaml' })));

  // The grant names a path that does not exist: a new analysis, and the stale grant is reported.
  const before = next;
  next = before.replace('/*/GET/items0', '/*/GET/items9');
  doc = reparseDocument(doc, next, { format: 'yaml' }).doc;
  const regranted = accessFor(doc, workspaceOf(doc));
  assert.notEqual(regranted.matrix, first.matrix);
  const stale = summary(doc);
  assert.ok(stale.some((s) => s.startsWith('apigw/invoke-unmatched ')), stale.join('\n'));
  assert.deepEqual(stale, summary(parseDocument(next, { format: 'yaml' })));

  // The method appears: the same grant is no longer stale.
  const methodAdded = next.replace('Path: /items2', 'Path: /items9');
  doc = reparseDocument(doc, methodAdded, { format: 'yaml' }).doc;
  const fixed = summary(doc);
  assert.ok(!fixed.some((s) => s.startsWith('apigw/invoke-unmatched ')), fixed.join('\n'));
  assert.deepEqual(fixed, summary(parseDocument(methodAdded, { format: 'yaml' })));
});

test('an edit to a parameter that a grant resolves through reaches the access analysis', () => {
  // Separate uris per step, so nothing kept for the incremental chain serves the fresh parses.
  const text = template()
    .replace('Resources:', 'Parameters:\n  InvokeAction:\n    Type: String\n    Default: execute-api:Invoke\nResources:')
    .replace('Action: execute-api:Invoke', 'Action: !Ref InvokeAction');
  const unreachable = (doc: SourceDocument, uri: string): string[] =>
    analyzer
      .analyze(doc, { workspace: { documents: [{ uri, doc }], self: uri } })
      .filter((f) => f.ruleId === 'apigw/iam-method-unreachable')
      .map((f) => f.path.join('/'));
  let doc = parseDocument(text, { format: 'yaml' });
  const before = unreachable(doc, URI);
  assert.ok(!before.includes('Resources/Fn0/Properties/Events/Get'), before.join('\n'));
  const edited = text.replace('Default: execute-api:Invoke', 'Default: s3:GetObject');
  const result = reparseDocument(doc, edited, { format: 'yaml' });
  assert.equal(result.mode, 'splice');
  doc = result.doc;
  const after = unreachable(doc, URI);
  assert.ok(after.includes('Resources/Fn0/Properties/Events/Get'), 'the grant no longer allows execute-api:Invoke');
  assert.deepEqual(after, unreachable(parseDocument(edited, { format: 'yaml' }), 'file:///w/fresh.yaml'));
});

/** A template's opening with a `Verb` parameter (default GET) that grants resolve through. */
const WITH_VERB_PARAMETER = ['AWSTemplateFormatVersion: "2010-09-09"', 'Parameters:', '  Verb:', '    Type: String', '    Default: GET', 'Resources:'];

/** A role whose one inline policy allows execute-api:Invoke on `resource`, as YAML lines. */
function invokingRole(name: string, resource: string, description?: string): string[] {
  return [
    `  ${name}:`,
    '    Type: AWS::IAM::Role',
    '    Properties:',
    ...(description ? [`      Description: ${description}`] : []),
    '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
    '      Policies:',
    '        - PolicyName: invoke',
    '          PolicyDocument:',
    '            Statement:',
    '              - Effect: Allow',
    '                Action: execute-api:Invoke',
    `                Resource: ${resource}`,
  ];
}

/**
 * Decisions kept across matrices (access/matrix.ts): after each edit of a chain, the matrix of
 * the incrementally reparsed document equals the matrix of a fresh parse of the same text,
 * row for row. The chain touches one role's grant, adds a Deny and a Condition, edits the
 * API's resource policy, a Parameter the grants resolve through, a stage, and renames and
 * removes roles; unrelated edits in between let kept rows be reused.
 */
test('kept access decisions equal a fresh matrix after every edit of a chain', () => {
  const lines = [
    ...WITH_VERB_PARAMETER,
    '  Api:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties:',
    '      Name: api',
    '      Policy:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: {AWS: "111122223333"}',
    '            Action: execute-api:Invoke',
    '            Resource: execute-api:/*/GET/*',
  ];
  for (let r = 0; r < 3; r++) {
    lines.push(`  Res${r}:`, '    Type: AWS::ApiGateway::Resource', '    Properties:', '      RestApiId: !Ref Api', '      ParentId: !GetAtt Api.RootResourceId', `      PathPart: items${r}`);
    for (const verb of ['GET', 'PUT']) {
      lines.push(`  M${r}${verb}:`, '    Type: AWS::ApiGateway::Method', '    Properties:', '      RestApiId: !Ref Api', `      ResourceId: !Ref Res${r}`, `      HttpMethod: ${verb}`, '      AuthorizationType: AWS_IAM');
    }
  }
  lines.push('  Stage:', '    Type: AWS::ApiGateway::Stage', '    Properties:', '      RestApiId: !Ref Api', '      StageName: prod');
  for (let c = 0; c < 4; c++) {
    lines.push(...invokingRole(`Caller${c}`, `!Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/\${Verb}/items${c % 3}`, `caller ${c}`));
  }
  let text = `${lines.join('\n')}\n`;
  const grant = (c: number): string => `\${Verb}/items${c % 3}`;
  const steps: [string, (t: string) => string][] = [
    ['unrelated description', (t) => t.replace('caller 1', 'caller one')],
    ["one role's grant", (t) => t.replace(`${grant(1)}`, '*/items2')],
    ['unrelated description again', (t) => t.replace('caller 2', 'caller two')],
    ['a Deny in a role', (t) => t.replace(`Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/${grant(2)}`, `Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/${grant(2)}\n              - Effect: Deny\n                Action: execute-api:Invoke\n                Resource: '*'`)],
    ['a Condition on a grant', (t) => t.replace(`\${Api}/*/${grant(0)}\n`, `\${Api}/*/${grant(0)}\n                Condition: {Bool: {aws:SecureTransport: true}}\n`)],
    ['the resource policy', (t) => t.replace('Resource: execute-api:/*/GET/*', 'Resource: execute-api:/*/PUT/*')],
    ['the Parameter grants resolve through', (t) => t.replace('Default: GET', 'Default: PUT')],
    ['a stage name', (t) => t.replace('StageName: prod', 'StageName: beta')],
    // A principal that leaves and comes back with the same statements must be decided again.
    ['a role made not a role', (t) => t.replace('  Caller1:\n    Type: AWS::IAM::Role', '  Caller1:\n    Type: AWS::IAM::Rolx')],
    ['and a role again', (t) => t.replace('  Caller1:\n    Type: AWS::IAM::Rolx', '  Caller1:\n    Type: AWS::IAM::Role')],
    ['a role made a user', (t) => t.replace('  Caller2:\n    Type: AWS::IAM::Role', '  Caller2:\n    Type: AWS::IAM::User')],
    ['and a role again', (t) => t.replace('  Caller2:\n    Type: AWS::IAM::User', '  Caller2:\n    Type: AWS::IAM::Role')],
    ['a role renamed', (t) => t.replace('  Caller3:', '  Renamed3:')],
    ['a role removed', (t) => t.replace(/ {2}Caller0:[\s\S]*?(?= {2}Caller1:)/, '')],
    ['a method verb', (t) => t.replace('M0PUT:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref Res0\n      HttpMethod: PUT', 'M0PUT:\n    Type: AWS::ApiGateway::Method\n    Properties:\n      RestApiId: !Ref Api\n      ResourceId: !Ref Res0\n      HttpMethod: POST')],
    ['unrelated description at the end', (t) => t.replace('caller one', 'caller 1')],
  ];
  // The chain first, every matrix of it in turn (a fresh matrix in between would stand in
  // for the chain's principals and hide what the chain keeps), then a fresh matrix per step.
  let doc = parseDocument(text, { format: 'yaml' });
  const texts = [text];
  const chain = [rowsOf(doc, URI)];
  let splices = 0;
  const counts = accessDecisionCounts();
  for (const [what, edit] of steps) {
    const next = edit(text);
    assert.notEqual(next, text, `${what}: the edit applies`);
    text = next;
    const result = reparseDocument(doc, text, { format: 'yaml' });
    splices += result.mode === 'splice' ? 1 : 0;
    doc = result.doc;
    texts.push(text);
    chain.push(rowsOf(doc, URI));
  }
  const reused = accessDecisionCounts().reused - counts.reused;
  assert.ok(splices >= steps.length - 3, `most steps reparse incrementally (${splices} of ${steps.length})`);
  assert.ok(reused > 0, 'the chain reuses kept decisions');
  texts.forEach((t, i) => assert.deepEqual(chain[i], rowsOf(parseDocument(t, { format: 'yaml' }), 'file:///w/fresh.yaml'), i === 0 ? 'the start' : steps[i - 1]![0]));

  // The same chain read as the editor reads it: most matrices only in part (one principal's
  // rows for a lens, one method's for a hover), so kept decisions come from matrices that
  // decided some rows and not others; every read equals a fresh matrix's, and so does a
  // whole read every third step.
  const PARTIAL = 'file:///w/partial.yaml';
  let partial = parseDocument(texts[0]!, { format: 'yaml' });
  texts.forEach((t, i) => {
    if (i > 0) {
      partial = reparseDocument(partial, t, { format: 'yaml' }).doc;
    }
    const what = i === 0 ? 'the start' : steps[i - 1]![0];
    const kept = accessMatrix([{ uri: PARTIAL, doc: partial }]);
    const fresh = accessMatrix([{ uri: 'file:///w/fresh.yaml', doc: parseDocument(t, { format: 'yaml' }) }]);
    if (i % 3 === 2) {
      assert.deepEqual(kept.rows.map((r) => rowText(r, PARTIAL)).sort(), fresh.rows.map((r) => rowText(r, 'file:///w/fresh.yaml')).sort(), what);
      return;
    }
    const principal = kept.principals[i % kept.principals.length]!;
    const twin = fresh.principals.find((p) => p.id === principal.id && p.kind === principal.kind)!;
    assert.deepEqual(kept.rowsOfPrincipal(principal).map((r) => rowText(r, PARTIAL)), fresh.rowsOfPrincipal(twin).map((r) => rowText(r, 'file:///w/fresh.yaml')), `${what}: ${principal.id}'s rows`);
    const method = kept.methods[(i * 5) % kept.methods.length]!.method;
    const same = fresh.methods.find((m) => m.method.method === method.method && m.method.path === method.path)!.method;
    assert.deepEqual((kept.rowsByMethod.get(method) ?? []).map((r) => rowText(r, PARTIAL)), (fresh.rowsByMethod.get(same) ?? []).map((r) => rowText(r, 'file:///w/fresh.yaml')), `${what}: ${method.method} ${method.path}`);
  });
});

/** One row as text, without object identity, with the document's uri written as URI. */
function rowText(r: AccessRow, uri: string): string {
  return JSON.stringify([r.principal.id, r.principal.kind, r.methodUri, r.method.path, r.method.method, r.stage, r.decision, r.verbs, r.via, r.conditionKeys]).split(uri).join('URI');
}

/**
 * A matrix decides rows when they are read: its rows of one method and of one principal are
 * exactly the rows `rows` lists for them, in the same order, read before or after `rows`.
 */
test('a matrix read in part equals the same matrix read whole', () => {
  const lines = ['Resources:', '  Api:', '    Type: AWS::ApiGateway::RestApi', '    Properties:', '      Name: api', '      Policy:', '        Statement:', '          - Effect: Allow', '            Principal: {AWS: "111122223333"}', '            Action: execute-api:Invoke', '            Resource: execute-api:/*/GET/*'];
  for (let r = 0; r < 3; r++) {
    lines.push(`  Res${r}:`, '    Type: AWS::ApiGateway::Resource', '    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items' + r + '}');
    lines.push(`  M${r}:`, '    Type: AWS::ApiGateway::Method', `    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Res${r}, HttpMethod: ${r === 2 ? 'ANY' : 'GET'}, AuthorizationType: ${r === 1 ? 'NONE' : 'AWS_IAM'}}`);
  }
  for (let c = 0; c < 3; c++) {
    lines.push(...invokingRole(`Caller${c}`, c === 2 ? "'*'" : `!Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*/GET/items${c}`, `caller ${c}`));
  }
  const text = `${lines.join('\n')}\n`;
  for (const whole of [false, true]) {
    const matrix = accessMatrix([{ uri: URI, doc: parseDocument(text, { format: 'yaml' }) }], { account: '111122223333' });
    const all = whole ? matrix.rows : undefined;
    // `some` decides rows one at a time until one passes: read first, it must still say what the rows say.
    const tests: ((r: AccessRow) => boolean)[] = [(r) => r.decision === 'allow' && r.principal.id === 'Caller0', (r) => r.decision !== 'deny', (r) => r.implicit === true, (r) => r.principal.kind === 'account', () => false];
    const asked = matrix.methods.map((m) => tests.map((t) => matrix.rowsByMethod.some(m.method, t)));
    const parts = { byMethod: matrix.methods.map((m) => matrix.rowsByMethod.get(m.method) ?? []), byPrincipal: matrix.principals.map((p) => matrix.rowsOfPrincipal(p)) };
    const rows = all ?? matrix.rows;
    assert.ok(rows.some((r) => r.implicit) && rows.some((r) => r.decision === 'allow'), 'the template has granted and implicitly denied rows');
    matrix.methods.forEach((m, i) => assert.deepEqual(parts.byMethod[i], rows.filter((r) => r.method === m.method), `${m.method.path}, read ${whole ? 'after' : 'before'} rows`));
    matrix.principals.forEach((p, i) => assert.deepEqual(parts.byPrincipal[i], rows.filter((r) => r.principal === p), `${p.id}, read ${whole ? 'after' : 'before'} rows`));
    matrix.methods.forEach((m, i) =>
      assert.deepEqual(
        asked[i],
        tests.map((t) => rows.some((r) => r.method === m.method && t(r))),
        `some() on ${m.method.path}, read ${whole ? 'after' : 'before'} rows`,
      ),
    );
    assert.ok(asked.some((a) => a[0]) && asked.some((a) => !a[0]), 'Caller0 is allowed some methods and not others');
  }
});

/** A matrix's rows as text, without object identity, with the document's uri written as URI. */
function rowsOf(doc: SourceDocument, uri: string, others: WorkspaceDocument[] = [], options: AccessOptions = {}): string[] {
  return accessMatrix([{ uri, doc }, ...others], options)
    .rows.map((r) =>
      JSON.stringify([r.principal.id, r.principal.kind, r.methodUri, r.method.path, r.method.method, r.stage, r.decision, r.verbs, r.via, r.conditionKeys]).split(uri).join('URI'),
    )
    .sort();
}

test('kept access decisions: a policy resource changing type changes the origin its rows cite', () => {
  const text = [
    'Resources:',
    '  Api:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties: {Name: api}',
    '  M:',
    '    Type: AWS::ApiGateway::Method',
    '    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}',
    '  Caller:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]}',
    '  Grant:',
    '    Type: AWS::IAM::Policy',
    '    Properties:',
    '      PolicyName: g',
    '      Roles: [!Ref Caller]',
    '      PolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Action: execute-api:Invoke',
    '            Resource: !Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/*',
    '',
  ].join('\n');
  let doc = parseDocument(text, { format: 'yaml' });
  const before = rowsOf(doc, URI);
  assert.equal(before.length, 1);
  const edited = text.replace('Type: AWS::IAM::Policy', 'Type: AWS::IAM::ManagedPolicy');
  const result = reparseDocument(doc, edited, { format: 'yaml' });
  assert.equal(result.mode, 'splice');
  doc = result.doc;
  const after = rowsOf(doc, URI);
  assert.deepEqual(after, rowsOf(parseDocument(edited, { format: 'yaml' }), 'file:///w/fresh.yaml'));
  assert.ok(after[0]!.includes('AWS::IAM::ManagedPolicy Grant'), after[0]);
});

test('kept access decisions: a document that leaves the workspace and comes back brings its rows back', () => {
  const api = parseDocument(
    ['Resources:', '  Api:', '    Type: AWS::ApiGateway::RestApi', '    Properties: {Name: api}', '  M:', '    Type: AWS::ApiGateway::Method', '    Properties: {RestApiId: !Ref Api, ResourceId: !GetAtt Api.RootResourceId, HttpMethod: GET, AuthorizationType: AWS_IAM}', ''].join('\n'),
    { format: 'yaml' },
  );
  const role = parseDocument(['AWSTemplateFormatVersion: "2010-09-09"', 'Resources:', ...invokingRole('Caller', 'arn:aws:execute-api:*:*:a1b2c3d4e5/*'), ''].join('\n'), { format: 'yaml' });
  const apis = { a1b2c3d4e5: { uri: URI, logicalId: 'Api' } };
  const withRole = rowsOf(api, URI, [{ uri: 'file:///w/role.yaml', doc: role }], { apis });
  assert.equal(withRole.length, 1);
  assert.deepEqual(rowsOf(api, URI, [], { apis }), []);
  assert.deepEqual(rowsOf(api, URI, [{ uri: 'file:///w/role.yaml', doc: role }], { apis }), withRole);
});

test("kept access decisions follow an edit to another document's Parameters that its grants resolve through", () => {
  // The API is in one template; the role granting on it (by literal API id, tied to the
  // template API through the `apis` option) in another, whose Parameter the grant reads.
  const apiText = [
    'AWSTemplateFormatVersion: "2010-09-09"',
    'Resources:',
    '  Api:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties: {Name: api}',
    '  Res:',
    '    Type: AWS::ApiGateway::Resource',
    '    Properties: {RestApiId: !Ref Api, ParentId: !GetAtt Api.RootResourceId, PathPart: items}',
    ...['GET', 'PUT'].flatMap((verb) => [`  M${verb}:`, '    Type: AWS::ApiGateway::Method', `    Properties: {RestApiId: !Ref Api, ResourceId: !Ref Res, HttpMethod: ${verb}, AuthorizationType: AWS_IAM}`]),
    '',
  ].join('\n');
  let roleText = [
    ...WITH_VERB_PARAMETER,
    ...invokingRole('Caller', '!Sub arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:a1b2c3d4e5/*/${Verb}/items'),
    '',
  ].join('\n');
  const apis = { a1b2c3d4e5: { uri: 'file:///w/api.yaml', logicalId: 'Api' } };
  const api = parseDocument(apiText, { format: 'yaml' });
  const rowsOf = (role: SourceDocument): string[] =>
    accessMatrix(
      [
        { uri: 'file:///w/api.yaml', doc: api },
        { uri: 'file:///w/role.yaml', doc: role },
      ],
      { apis },
    )
      .rows.filter((r) => r.principal.id === 'Caller')
      .map((r) => `${r.method.method} ${r.implicit ? 'implicit ' : ''}${r.decision}`)
      .sort();
  let role = parseDocument(roleText, { format: 'yaml' });
  // The role reaches the API, so the verb it is not granted is an implicit deny.
  assert.deepEqual(rowsOf(role), ['GET allow', 'PUT implicit deny']);
  roleText = roleText.replace('Default: GET', 'Default: PUT');
  const result = reparseDocument(role, roleText, { format: 'yaml' });
  assert.equal(result.mode, 'splice');
  role = result.doc;
  assert.deepEqual(rowsOf(role), ['GET implicit deny', 'PUT allow']);
  assert.deepEqual(rowsOf(role), rowsOf(parseDocument(roleText, { format: 'yaml' })));
});

test('per-statement results kept across edits (stale grants, environment crossing) equal a fresh analysis, runs stopped part-way included', () => {
  // Two APIs (prod, dev); roles Both (one statement over both), Split (one statement each), DevOnly.
  const base = stagesBase();
  const steps: ((t: string) => string)[] = [
    (t) => t.replace('Handler: index.handler', 'Handler: index.main'),
    (t) => t.replace('${DevApi}/dev/GET/items"\n  Split', '${DevApi}/dev/GET/cats"\n  Split'),
    (t) => t.replace('StageName: dev', 'StageName: prod2'),
    (t) => t.replace('StageName: prod2', 'StageName: dev'),
    (t) => t.replace('${DevApi}/dev/GET/cats"', '${DevApi}/dev/GET/items"'),
    (t) => t.replace('Handler: index.main', 'Handler: index.handler'),
  ];
  const crossFile = (d: SourceDocument, shouldStop?: () => boolean): string[] =>
    analyzer.analyze(d, { part: 'cross-file', workspace: workspaceOf(d), shouldStop }).map((f) => `${f.ruleId} ${f.messageId} ${f.offset}+${f.length} ${f.path.join('/')} ${JSON.stringify(f.data)}`);
  let text = base;
  let doc = parseDocument(text, { format: 'yaml' });
  const first = crossFile(doc);
  assert.ok(first.some((f) => f.startsWith('apigw/environment-crossing ')), first.join('\n'));
  steps.forEach((step, i) => {
    const next = step(text);
    assert.notEqual(next, text, `step ${i} edits`);
    doc = reparseDocument(doc, next, { format: 'yaml' }).doc;
    text = next;
    if (i % 2 === 1) {
      // A keystroke's analysis stopped part-way (the editor's next keystroke came): the next
      // version starts from what it had asked for.
      let calls = 0;
      assert.throws(() => crossFile(doc, () => ++calls > 2), (e: Error) => e.name === 'AnalysisInterrupted');
      return;
    }
    assert.deepEqual(crossFile(doc), fresh(() => crossFile(parseDocument(text, { format: 'yaml' }))), `step ${i}`);
  });
  assert.deepEqual(crossFile(doc), first);
});
