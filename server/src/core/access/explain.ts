/**
 * What the access matrix says, in words: hover tables for a policy, a statement or a role
 * (which methods it can invoke) and for a method (who can invoke it, and why), code lens
 * titles, and the step-by-step explanation behind one decision ("why do I get 403 here?").
 */
import { pathStartsWith, samePath, type Path } from '../model/node';
import type { ApiMethod } from '../apigw/types';
import type { AccessMatrix, AccessRow, Dependency, PrincipalInfo, Via } from './matrix';
import { conditionLabel } from '../template/conditions';

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
export function whoCanInvoke(matrix: AccessMatrix, ref: MethodRef): string {
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
      lines.push(`| ${principalLabel(r.principal)} | ${r.stage} | ${decisionText(r)} | ${r.via.map(viaLabel).join('<br>')} |`);
    }
  }
  const implicit = [...new Set(rows.filter((r) => r.implicit).map((r) => principalLabel(r.principal)))];
  if (implicit.length > 0) {
    lines.push('', `Not allowed (implicit deny): ${implicit.join(', ')}.`);
  }
  return lines.join('\n');
}

/** Markdown: the methods a principal, a policy or a statement can invoke. */
export function whatCanBeInvoked(title: string, rows: readonly AccessRow[], stale: readonly string[] = []): string {
  const lines = [`**${title}**`, ''];
  const granted = rows.filter((r) => r.decision !== 'deny');
  if (granted.length === 0) {
    lines.push('Can invoke no API Gateway method in the workspace.');
  } else {
    lines.push('| API | stage | method | path | decision | via |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of granted) {
      lines.push(`| ${r.method.api.id} | ${r.stage} | ${r.verbs.join(', ') || r.method.method} | \`${r.method.path}\` | ${decisionText(r)} | ${r.via.map(viaLabel).join('<br>')} |`);
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
  const ignored = ignoredStatements(rows);
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

export function principalLensTitle(rows: readonly AccessRow[]): string {
  const methods = new Set(rows.filter((r) => r.decision !== 'deny').map((r) => r.method));
  return `can invoke ${methods.size} method${methods.size === 1 ? '' : 's'}`;
}

/** The decision for one principal and method, step by step, in the order IAM evaluates. */
export function explainDecision(matrix: AccessMatrix, principal: PrincipalInfo, ref: MethodRef): string {
  const rows = (matrix.rowsByMethod.get(ref.method) ?? []).filter((r) => r.principal === principal);
  const lines = [`### ${principalLabel(principal)} → ${ref.method.method} ${ref.method.path} (${ref.method.api.id})`, ''];
  lines.push(`1. Authorization of the method: **${authLabel(ref.method)}**.${ref.method.authorization.type === 'AWS_IAM' ? ' The caller must sign with SigV4, and IAM decides.' : ' IAM policies are not consulted for this method.'}`);
  if (rows.length === 0) {
    lines.push('2. No statement in the workspace allows or denies this principal `execute-api:Invoke` on this method.', '', '**Decision: denied** (implicit deny: nothing allows it). This is the 403 you see.');
    return lines.join('\n');
  }
  for (const r of rows) {
    lines.push(`2. Stage **${r.stage}**:`);
    for (const v of r.via) {
      if (v.ignored) {
        lines.push(`   - ignored: ${v.effect || 'statement'} ${v.statement} of ${v.policyName} (${v.origin}): \`${v.ignored.reason}\`${IGNORED_WHY[v.ignored.reason] ?? ' (IAM rejects the policy)'}`);
        continue;
      }
      const conditions = v.conditions && v.conditions.length > 0 ? `, only if template Condition ${v.conditions.map(conditionLabel).join(' and ')}` : '';
      lines.push(`   - ${v.effect} by ${v.policy} policy ${v.origin}${v.sid ? ` (Sid ${v.sid})` : ''}${v.coverage === 'some' ? ', covering only part of the method' : ''}${v.condition === 'unknown' ? ', only if its conditions hold' : ''}${conditions}`);
    }
    if (r.dependsOn.length > 0) {
      lines.push(`   - depends on: ${r.dependsOn.map(dependencyText).join(', ')}`);
    }
    const why = r.decision !== 'deny' ? '' : r.implicit ? ' (implicit deny: nothing that applies allows it)' : ' (an explicit Deny always wins)';
    lines.push(`   - **Decision: ${DECISION_LABEL[r.decision]}**${why}`);
  }
  return lines.join('\n');
}

/** Why a statement that names the method decides nothing, by reason code. */
const IGNORED_WHY: Readonly<Record<string, string>> = {
  'account-delegation': ' (names the caller\'s own account, which leaves the decision to its identity policies)',
};

function ignoredStatements(rows: readonly AccessRow[]): string[] {
  const out = new Set<string>();
  for (const v of rows.flatMap((r) => r.via)) {
    if (v.ignored && v.ignored.reason !== 'account-delegation') {
      out.add(`statement ${v.statement} of ${v.policyName} (\`${v.ignored.reason}\`: IAM rejects the policy)`);
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

function viaLabel(v: Via): string {
  return `${v.effect} ${v.origin}${v.sid ? ` #${v.sid}` : ''}`;
}

export function principalLabel(p: PrincipalInfo): string {
  switch (p.kind) {
    case 'anyone':
      return 'anyone';
    case 'authorizer':
      return `callers admitted by ${p.id}`;
    case 'account':
      return `account ${p.id}`;
    case 'policy-file':
      return `whoever ${p.id} is attached to`;
    default:
      return `${p.kind} ${p.id}`;
  }
}

function authLabel(method: ApiMethod): string {
  return method.authorization.type + (method.authorization.authorizer ? ` (${method.authorization.authorizer})` : '');
}


