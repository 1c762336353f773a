/**
 * What the access matrix says, in words: hover tables for a policy, a statement or a role
 * (which methods it can invoke) and for a method (who can invoke it, and why), code lens
 * titles, and the step-by-step explanation behind one decision ("why do I get 403 here?").
 */
import { getProperty, nodeAtPath, pathStartsWith, samePath, type Path } from '../model/node';
import type { ApiMethod } from '../apigw/types';
import { methodsCovered, type AccessMatrix, type AccessRow, type Dependency, type PrincipalInfo, type Via } from './matrix';
import { conditionLabel } from '../template/conditions';
import { stringValues } from '../policy/values';
import type { SourceDocument } from '../types';

/**
 * How answers name what the user wrote: files by their workspace-relative path, statements
 * with a link to their line. The shells know the workspace and the texts; the core does not.
 */
export interface Naming {
  /** A file as the user knows it: its path relative to the workspace (never a raw URI). */
  readonly file: (uri: string) => string;
  /** A link target for the node at `path` of document `uri` (a file URI with `#L<line>`), if one can be made. */
  readonly link?: (uri: string, root: number, path: Path) => string | undefined;
  /** The parsed document at `uri`, for reading the patterns a statement holds. */
  readonly document?: (uri: string) => SourceDocument | undefined;
}

/** Files by their last path segment, no links: for tests and shells that know no workspace. */
export const PLAIN_NAMING: Naming = { file: (uri) => uri.replace(/^.*[\\/]/, '') || uri };

export interface MethodRef {
  readonly uri: string;
  readonly method: ApiMethod;
}

/** Rows for the method declared at `path` of document `uri`. */
export function rowsForMethod(matrix: AccessMatrix, uri: string, root: number, path: Path): AccessRow[] {
  const ref = methodAt(matrix, uri, root, path);
  return ref ? (matrix.rowsByMethod.get(ref.method) ?? []).filter((r) => r.methodUri === uri) : [];
}

/** Rows granted or denied through statements under `path` (a statement, a policy, a role's policies). */
export function rowsVia(matrix: AccessMatrix, uri: string, root: number, path: Path): AccessRow[] {
  const through = (r: AccessRow): boolean => r.via.some((v) => v.uri === uri && v.root === root && pathStartsWith(v.path, path));
  // Identity statements speak only for the principals holding them: only their rows are decided.
  const holders = matrix.principals.filter((p) => p.identity.some(({ uri: u, site }) => u === uri && site.root === root && (pathStartsWith(site.path, path) || pathStartsWith(path, site.path))));
  if (holders.length > 0) {
    return holders.flatMap((p) => matrix.rowsOfPrincipal(p).filter(through));
  }
  return matrix.rows.filter(through);
}

/** Rows of a principal declared at `path` (a role or user resource, a policy file). */
export function rowsForPrincipal(matrix: AccessMatrix, uri: string, root: number, path: Path): AccessRow[] {
  return matrix.principals.filter((p) => p.uri === uri && p.root === root && samePath(p.path, path)).flatMap((p) => matrix.rowsOfPrincipal(p));
}

export function principalAt(matrix: AccessMatrix, uri: string, root: number, path: Path): PrincipalInfo | undefined {
  return matrix.principals.find((p) => p.uri === uri && p.root === root && p.path.length > 0 && samePath(p.path, path));
}

export function methodAt(matrix: AccessMatrix, uri: string, root: number, path: Path): MethodRef | undefined {
  return matrix.methods.find((m) => m.uri === uri && m.method.root === root && samePath(m.method.declaredAt, path));
}

const DECISION_LABEL: Readonly<Record<AccessRow['decision'], string>> = { allow: 'allowed', conditional: 'conditional', deny: 'denied' };

/** Markdown: who can invoke a method, with the statements that decide it. */
export function whoCanInvoke(matrix: AccessMatrix, ref: MethodRef, naming: Naming = PLAIN_NAMING): string {
  const { method } = ref;
  const rows = matrix.rowsByMethod.get(method) ?? [];
  const lines = [`**${method.method} ${method.path}** on API \`${method.api.id}\` (${method.api.kind}), authorization **${authLabel(method)}**`, ''];
  if (method.authorization.type === 'NONE') {
    lines.push('Anyone on the internet can call this method: it has no authorization.', '');
  }
  if (rows.length === 0) {
    lines.push('No principal in the workspace can invoke it: nothing grants `execute-api:Invoke` on it.');
    return lines.join('\n');
  }
  // Implicit denies are many (every principal reaching the API, for each method it is not
  // granted) and say one thing each: they are listed by name after the table.
  const decided = rows.filter((r) => !r.implicit);
  if (decided.length > 0) {
    lines.push('| principal | stage | decision | via |', '| --- | --- | --- | --- |');
    for (const r of decided) {
      lines.push(`| ${cell(principalLabel(r.principal, naming))} | ${r.stage} | ${decisionText(r)} | ${r.via.map((v) => viaLabel(v, naming)).join('<br>')} |`);
    }
  }
  const implicit = [...new Set(rows.filter((r) => r.implicit).map((r) => principalLabel(r.principal, naming)))];
  if (implicit.length > 0) {
    lines.push('', `Not allowed (implicit deny): ${implicit.join('; ')}.`);
  }
  return lines.join('\n');
}

/** Markdown: the methods a principal, a policy or a statement can invoke. */
export function whatCanBeInvoked(title: string, rows: readonly AccessRow[], stale: readonly string[] = [], naming: Naming = PLAIN_NAMING): string {
  const lines = [`**${title}**`, ''];
  const granted = rows.filter((r) => r.decision !== 'deny');
  if (granted.length === 0) {
    lines.push('Can invoke no API Gateway method in the workspace.');
  } else {
    lines.push('| API | stage | method | path | decision | via |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of granted) {
      lines.push(`| ${r.method.api.id} | ${r.stage} | ${r.verbs.join(', ') || r.method.method} | \`${r.method.path}\` | ${decisionText(r)} | ${r.via.map((v) => viaLabel(v, naming)).join('<br>')} |`);
    }
  }
  const denied = rows.filter((r) => r.decision === 'deny' && !r.implicit);
  if (denied.length > 0) {
    lines.push('', `Explicitly denied: ${denied.map((r) => `${r.method.method} ${r.method.path} (${r.stage})`).join(', ')}.`);
  }
  const implicit = rows.filter((r) => r.implicit);
  if (implicit.length > 0) {
    lines.push('', `Not allowed (implicit deny): ${implicit.map((r) => `${r.method.method} ${r.method.path} (${r.stage})`).join(', ')}.`);
  }
  const ignored = ignoredStatements(rows, naming);
  if (ignored.length > 0) {
    lines.push('', `Ignored: ${ignored.join(', ')}.`);
  }
  if (stale.length > 0) {
    lines.push('', `Names methods that do not exist: ${stale.map((s) => `\`${s}\``).join(', ')}.`);
  }
  return lines.join('\n');
}

/** Code lens titles. */
export function methodLensTitle(matrix: AccessMatrix, ref: MethodRef): string {
  if (ref.method.authorization.type === 'NONE') {
    return 'invocable by anyone (no authorization)';
  }
  const principals = new Set((matrix.rowsByMethod.get(ref.method) ?? []).filter((r) => r.decision !== 'deny').map((r) => r.principal.id));
  return `invocable by ${principals.size} principal${principals.size === 1 ? '' : 's'}`;
}

/** Above a principal: how many methods it can invoke; a SAM function's generated role says it is one. */
export function principalLensTitle(rows: readonly AccessRow[], principal?: PrincipalInfo): string {
  const methods = new Set(rows.filter((r) => r.decision !== 'deny').map((r) => r.method));
  const count = `can invoke ${methods.size} method${methods.size === 1 ? '' : 's'}`;
  return principal?.kind === 'function-role' ? `function role (implicit): ${count}` : count;
}

/** What decided one principal's call of one method on one stage, in a form tests can read. */
export interface DecidingStatement {
  readonly effect: string;
  readonly side: Via['policy'];
  readonly policyName: string;
  /** `Sid X`, else `statement N` (1-based, as a reader counts). */
  readonly statement: string;
  /** The Resource (or NotResource) pattern that matched the method, as written (placeholders resolved). */
  readonly pattern?: string;
  readonly via: Via;
}

/**
 * The decision for one principal and method, step by step, in the order IAM evaluates: per
 * stage, the statements that decided it (policy, statement, the pattern that matched the
 * method), for a Deny as for an Allow, then the next step to change it.
 */
export function explainDecision(matrix: AccessMatrix, principal: PrincipalInfo, ref: MethodRef, naming: Naming = PLAIN_NAMING): string {
  const rows = (matrix.rowsByMethod.get(ref.method) ?? []).filter((r) => r.principal === principal);
  const target = `${ref.method.method} ${ref.method.path}`;
  const lines = [`### ${principalLabel(principal, naming)} → ${target} (API ${ref.method.api.id}, ${naming.file(ref.uri)})`, ''];
  const iam = ref.method.authorization.type === 'AWS_IAM';
  lines.push(`1. Authorization of the method: **${authLabel(ref.method)}**.${iam ? ' The caller must sign with SigV4, and IAM decides.' : ' IAM policies are not consulted for this method.'}`);
  if (rows.length === 0) {
    lines.push(
      '2. No statement in the workspace allows or denies this principal `execute-api:Invoke` on this method.',
      '',
      iam ? `**Decision: denied** (implicit deny: nothing allows it). This is the 403 you see.` : `**Decision:** ${ref.method.authorization.type === 'NONE' ? 'anyone may call it' : 'the authorizer decides'}; IAM policies do not apply.`,
      '',
      `**Next step:** ${iam ? `to allow it, add a statement allowing \`execute-api:Invoke\` on \`${requestArnPattern(ref)}\` to one of this principal's policies.` : 'to have IAM decide, set the method\'s authorization to `AWS_IAM`.'}`,
    );
    return lines.join('\n');
  }
  for (const r of rows) {
    const deciding = decidingStatements(matrix, r, ref, naming);
    lines.push(`2. Stage **${r.stage}**:`);
    for (const v of r.via) {
      if (v.ignored) {
        lines.push(`   - ignored: ${v.effect || 'statement'} ${statementName(v)} of policy ${policyLabel(v, naming)} (${v.origin}): \`${v.ignored.reason}\`${IGNORED_WHY[v.ignored.reason] ?? ' (IAM rejects the policy)'}`);
      }
    }
    const decisive = deciding.filter((d) => (r.decision === 'deny' ? d.effect === 'Deny' : d.effect === 'Allow'));
    for (const d of decisive.length > 0 ? decisive : deciding) {
      lines.push(`   - ${sentence(d, r, ref, naming)}`);
    }
    if (r.dependsOn.length > 0) {
      lines.push(`   - depends on: ${r.dependsOn.map(dependencyText).join(', ')}`);
    }
    const why = r.decision !== 'deny' ? '' : r.implicit ? ' (implicit deny: nothing that applies allows it)' : ' (an explicit Deny always wins)';
    lines.push(`   - **Decision: ${DECISION_LABEL[r.decision]}**${why}`);
    lines.push(`   - **Next step:** ${nextStep(r, decisive, ref)}`);
  }
  return lines.join('\n');
}

/** The statements behind a row, each with the pattern of it that matched the method. */
export function decidingStatements(matrix: AccessMatrix, row: AccessRow, ref: MethodRef, naming: Naming = PLAIN_NAMING): DecidingStatement[] {
  return row.via
    .filter((v) => !v.ignored)
    .map((v) => ({ effect: v.effect, side: v.policy, policyName: policyLabel(v, naming), statement: statementName(v), pattern: matchingPattern(matrix, v, ref, row.principal, naming), via: v }));
}

/** "Denied by statement 2 of policy write-orders: `.../*\/GET/orders/*` matches GET /orders/{id}". */
function sentence(d: DecidingStatement, r: AccessRow, ref: MethodRef, naming: Naming): string {
  const v = d.via;
  const verb = d.effect === 'Deny' ? 'Denied' : 'Allowed';
  const where = linked(`${d.statement} of policy ${d.policyName}`, v, naming);
  const side = v.policy === 'resource' ? " (the API's resource policy)" : v.policy === 'authorization' ? ' (the method\'s authorization)' : '';
  const pattern = d.pattern ? `: \`${shortPattern(d.pattern)}\` matches ${ref.method.method} ${ref.method.path}` : '';
  const partial = v.coverage === 'some' ? ', covering only part of the method' : '';
  const condition = v.condition === 'unknown' ? ', only if its conditions hold' : '';
  const conditions = v.conditions && v.conditions.length > 0 ? `, only if template Condition ${v.conditions.map(conditionLabel).join(' and ')}` : '';
  return `${verb} by ${where}${side}${pattern}${partial}${condition}${conditions}${r.decision === 'deny' && d.effect === 'Allow' ? ' (overruled)' : ''}`;
}

function nextStep(r: AccessRow, decisive: readonly DecidingStatement[], ref: MethodRef): string {
  const target = `${ref.method.method} ${ref.method.path}`;
  if (r.decision === 'deny' && !r.implicit) {
    const d = decisive[0];
    return `an explicit Deny wins over every Allow: to allow this call, change ${d ? `${d.statement} of policy ${d.policyName}` : 'the denying statement'} so that its Resource${d?.pattern ? ` (\`${shortPattern(d.pattern)}\`)` : ''} no longer matches ${target}, or give it a Condition that leaves this caller out.`;
  }
  if (r.decision === 'deny') {
    if (r.missingHalf === 'resource') {
      return `the caller is in another account, so the API's resource policy must allow it too: add a statement allowing this principal \`execute-api:Invoke\` on \`${requestArnPattern(ref)}\` there.`;
    }
    return `to allow it, add a statement allowing \`execute-api:Invoke\` on \`${requestArnPattern(ref)}\` to one of this principal's policies (or fix the ignored statement above).`;
  }
  if (r.decision === 'conditional') {
    return `the answer depends on ${r.dependsOn.map(dependencyText).join(', ') || 'the request'}; make it unconditional by removing that dependency, or leave it if that is intended.`;
  }
  const d = decisive[0];
  return `to take this access away, narrow ${d ? `${d.statement} of policy ${d.policyName}` : 'the allowing statement'}${d?.pattern ? ` (\`${shortPattern(d.pattern)}\`)` : ''}: the quick fixes on that Resource narrow it to chosen methods.`;
}

/** The pattern of a statement's Resource that covers the method, if the statement's document is at hand. */
function matchingPattern(matrix: AccessMatrix, v: Via, ref: MethodRef, principal: PrincipalInfo, naming: Naming): string | undefined {
  // The shell's documents, else the principal's own (its identity statements' documents).
  const doc = naming.document?.(v.uri) ?? principal.identity.find((i) => i.uri === v.uri)?.doc;
  const root = doc?.roots[v.root];
  const statement = root ? nodeAtPath(root, v.path) : undefined;
  if (!doc || !statement) {
    return undefined;
  }
  const element = getProperty(statement, 'Resource') ?? getProperty(statement, 'NotResource');
  const only = (m: { method: ApiMethod }): boolean => m.method === ref.method;
  const owner = matrix.methods.find(only);
  for (const value of stringValues(doc, element, [])) {
    const pattern = value.text;
    if (getProperty(statement, 'NotResource') !== undefined || pattern === '*') {
      return pattern;
    }
    if (methodsCovered(matrix, pattern, v.uri, pattern.startsWith('execute-api:/') ? owner : undefined, only).length > 0) {
      return pattern;
    }
  }
  return undefined;
}

/** `arn:aws:execute-api:…:${Api}/*\/GET/orders/*` → `.../*\/GET/orders/*`: the part after the API id. */
function shortPattern(pattern: string): string {
  const m = /^arn:(?:\$\{[^}]*\}|[^:])*:execute-api:(?:\$\{[^}]*\}|[^:])*:(?:\$\{[^}]*\}|[^:])*:(?:\$\{[^}]*\}|[^/])*\/(.*)$/.exec(pattern);
  return m ? `.../${m[1]}` : pattern;
}

/** A pattern covering every request of the method, for "add a statement allowing …". */
function requestArnPattern(ref: MethodRef): string {
  const m = ref.method;
  const verb = m.method === 'ANY' || m.method === 'ROUTE' ? '*' : m.method;
  const path = m.path === '$default' ? '*' : m.path.replace(/^\//, '').replace(/\{[^}]*\}/g, '*');
  const tail = m.api.kind === 'WEBSOCKET' ? `*/${m.path}` : `*/${verb}/${path}`;
  return `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${m.api.id}}/${tail}`;
}

function statementName(v: Via): string {
  const index = Number(v.statement);
  return v.sid ? `statement ${v.sid}` : Number.isInteger(index) ? `statement ${index + 1}` : `statement ${v.statement}`;
}

/** The policy's name; a standalone file's is its workspace-relative path. */
function policyLabel(v: Via, naming: Naming): string {
  return v.policyName === v.uri || v.origin === 'file' ? naming.file(v.uri) : v.policyName;
}

function linked(text: string, v: Via, naming: Naming): string {
  const target = naming.link?.(v.uri, v.root, v.path);
  return target ? `[${text}](${target})` : text;
}

/** Why a statement that names the method decides nothing, by reason code. */
const IGNORED_WHY: Readonly<Record<string, string>> = {
  'account-delegation': ' (names the caller\'s own account, which leaves the decision to its identity policies)',
};

function ignoredStatements(rows: readonly AccessRow[], naming: Naming): string[] {
  const out = new Set<string>();
  for (const v of rows.flatMap((r) => r.via)) {
    if (v.ignored && v.ignored.reason !== 'account-delegation') {
      out.add(`${linked(statementName(v), v, naming)} of policy ${policyLabel(v, naming)} (\`${v.ignored.reason}\`: IAM rejects the policy)`);
    }
  }
  return [...out];
}

export function dependencyText(d: Dependency): string {
  switch (d.kind) {
    case 'condition-key':
      return `\`${d.name}\``;
    case 'template-condition':
      return `template Condition \`${d.name}\``;
    case 'parameter':
      return `parameter \`${d.name}\``;
    case 'authorizer':
      return `the authorizer ${d.name}`;
    case 'request-path':
      return 'the request path';
    case 'request-method':
      return 'the request method';
    case 'caller-account':
      return "the caller's account's identity policies";
  }
}

function decisionText(r: AccessRow): string {
  if (r.implicit) {
    return 'denied (implicit)';
  }
  const conditions = r.dependsOn.length > 0 ? ` (if ${r.dependsOn.map(dependencyText).join(', ')})` : '';
  const partial = r.via.some((v) => v.coverage === 'some') && r.decision !== 'deny' ? ' (part of it)' : '';
  return `${DECISION_LABEL[r.decision]}${partial}${conditions}`;
}

/** `Allow: statement Invoke of policy invoke-reports`, the statement linked to its line. */
export function viaLabel(v: Via, naming: Naming = PLAIN_NAMING): string {
  const side = v.policy === 'resource' ? ' (resource policy)' : '';
  return `${v.effect}: ${linked(statementName(v), v, naming)} of policy ${cell(policyLabel(v, naming))}${side}`;
}

export function principalLabel(p: PrincipalInfo, naming: Naming = PLAIN_NAMING): string {
  switch (p.kind) {
    case 'anyone':
      return 'anyone';
    case 'authorizer':
      return `callers admitted by ${p.id}`;
    case 'account':
      return `account ${p.id}`;
    case 'policy-file':
      // A standalone policy is a managed policy nothing in the workspace attaches.
      return `policy file ${naming.file(p.uri)}, attached to no known principal`;
    case 'function-role':
      return `function role ${p.id} (implicit)`;
    default:
      return `${p.kind} ${p.id}`;
  }
}

/** Text safe inside a markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function authLabel(method: ApiMethod): string {
  return method.authorization.type + (method.authorization.authorizer ? ` (${method.authorization.authorizer})` : '');
}


