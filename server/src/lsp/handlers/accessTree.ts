/**
 * The "Gatewarden: Access" view's data: the access matrix (the rows `gatewarden access`
 * prints) as a tree, one level per request. By API: APIs → stages → methods → principals;
 * by principal: principals → methods. A level is computed when it is expanded, so the
 * top of the view (APIs, principals) does not ask the matrix for any decision; a method's
 * node asks only for that method's rows, and a principal's only for its own (the matrix
 * decides rows when they are read). A filter needs the rows it filters.
 */
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { ApiMethod } from '../../core/apigw/types';
import type { SourceDocument } from '../../core/types';
import type { AccessMatrix, AccessRow, PrincipalInfo, WorkspaceDocument } from '../../core/access/matrix';
import type { MethodInEnvironment } from '../../core/access/matrix';
import { principalLabel } from '../../core/access/explain';
import { samePath, type Path } from '../../core/model/node';
import { locate } from '../../core/services/analyze';
import type { AccessTreeNode, AccessTreeParams, FileLocation } from '../../../../shared/protocol';

export interface AccessTreeSource {
  readonly matrix: AccessMatrix;
  readonly documents: readonly WorkspaceDocument[];
  /** A uri as the user knows it: the path relative to its workspace folder. */
  readonly display: (uri: string) => string;
}

/** The keys of the view's nodes: JSON arrays, so the next request can find the node again. */
type ApiKey = ['api', string, string, string];
type StageKey = ['stage', string, string, string, string];
type PrincipalKey = ['principal', string, number, Path, string, string];

const DECISION_TEXT: Readonly<Record<AccessRow['decision'], string>> = { allow: 'allowed', conditional: 'conditional', deny: 'denied' };

export function accessTreeChildren(source: AccessTreeSource, params: AccessTreeParams): AccessTreeNode[] {
  const view = new View(source, params.filter);
  const parent = params.parent === undefined ? undefined : parseKey(params.parent);
  if (params.parent !== undefined && parent === undefined) {
    return [];
  }
  if (params.mode === 'methods') {
    switch (parent?.[0]) {
      case undefined:
        return view.apis();
      case 'api':
        return view.stages(parent as ApiKey);
      case 'stage':
        return view.methods(parent as StageKey);
      case 'method':
        return view.principalsOfMethod(parent as MethodKey);
      default:
        return [];
    }
  }
  switch (parent?.[0]) {
    case undefined:
      return view.principals();
    case 'principal':
      return view.methodsOfPrincipal(parent as PrincipalKey);
    default:
      return [];
  }
}

type MethodKey = ['method', string, number, Path, string, string];

function parseKey(key: string): unknown[] | undefined {
  try {
    const value: unknown = JSON.parse(key);
    return Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

const envName = (m: { readonly environment?: { readonly name: string } }): string => m.environment?.name ?? '';

class View {
  private readonly texts = new Map<string, TextDocument | undefined>();
  private readonly docs: ReadonlyMap<string, WorkspaceDocument>;
  private readonly filter: string | undefined;

  constructor(
    private readonly source: AccessTreeSource,
    filter: string | undefined,
  ) {
    this.docs = new Map(source.documents.map((d) => [d.uri, d]));
    const trimmed = filter?.trim().toLowerCase();
    this.filter = trimmed ? trimmed : undefined;
  }

  private get matrix(): AccessMatrix {
    return this.source.matrix;
  }

  apis(): AccessTreeNode[] {
    const seen = new Map<string, AccessTreeNode>();
    for (const m of this.matrix.methods) {
      const key: ApiKey = ['api', m.uri, m.method.api.id, envName(m)];
      const id = JSON.stringify(key);
      if (seen.has(id) || !this.methodShown(m)) {
        continue;
      }
      const env = envName(m);
      seen.set(id, {
        key: id,
        kind: 'api',
        label: m.method.api.id,
        description: [m.method.api.kind, env, this.source.display(m.uri)].filter(Boolean).join(' · '),
        tooltip: `API \`${m.method.api.id}\` (${m.method.api.kind}${m.method.api.implicit ? ', created by SAM' : ''}) in ${this.source.display(m.uri)}${env ? `, environment ${env}` : ''}`,
        hasChildren: true,
        location: this.location(m.uri, m.method.api.root, m.method.api.path),
      });
    }
    return [...seen.values()];
  }

  stages([, uri, api, env]: ApiKey): AccessTreeNode[] {
    const methods = this.methodsOf(uri, api, env);
    const stages = [...new Set(methods.flatMap((m) => stagesOf(m)))];
    return stages
      .filter((stage) => methods.some((m) => this.methodShown(m, stage)))
      .map((stage) => ({
        key: JSON.stringify(['stage', uri, api, env, stage] satisfies StageKey),
        kind: 'stage',
        label: stage,
        description: `${methods.filter((m) => stagesOf(m).includes(stage)).length} methods`,
        hasChildren: true,
      }));
  }

  methods([, uri, api, env, stage]: StageKey): AccessTreeNode[] {
    return this.methodsOf(uri, api, env)
      .filter((m) => stagesOf(m).includes(stage) && this.methodShown(m, stage))
      .map((m) => {
        const rows = this.rowsOf(m, stage);
        const counts = (['allow', 'conditional', 'deny'] as const).map((d) => [d, rows.filter((r) => r.decision === d).length] as const).filter(([, n]) => n > 0);
        const auth = m.method.authorization.type;
        return {
          key: JSON.stringify(['method', m.uri, m.method.root, m.method.declaredAt, envName(m), stage] satisfies MethodKey),
          kind: 'method',
          label: `${m.method.method} ${m.method.path}`,
          description: [auth === 'AWS_IAM' ? '' : auth, counts.map(([d, n]) => `${n} ${d}`).join(', ')].filter(Boolean).join(' · '),
          tooltip: `**${m.method.method} ${m.method.path}** on \`${m.method.api.id}\`, stage ${stage}; authorization ${auth}`,
          hasChildren: rows.length > 0,
          location: this.methodLocation(m.uri, m.method),
        };
      });
  }

  principalsOfMethod([, uri, root, path, env, stage]: MethodKey): AccessTreeNode[] {
    const m = this.matrix.methods.find((x) => x.uri === uri && x.method.root === root && samePath(x.method.declaredAt, path) && envName(x) === env);
    if (!m) {
      return [];
    }
    return this.rowsOf(m, stage)
      .filter((r) => this.rowShown(r))
      .map((r) => this.rowNode(r, principalLabel(r.principal), this.source.display(r.principal.uri), this.principalLocation(r.principal)));
  }

  principals(): AccessTreeNode[] {
    return this.matrix.principals
      .filter((p) => !this.filter || this.rowsOfPrincipal(p).some((r) => this.rowShown(r)))
      .map((p) => ({
        key: JSON.stringify(principalKey(p)),
        kind: 'principal' as const,
        label: principalLabel(p),
        // No count here: it would decide every principal's rows before any is expanded.
        description: [p.environment?.name, this.source.display(p.uri)].filter(Boolean).join(' · '),
        hasChildren: true,
        location: this.principalLocation(p),
      }));
  }

  methodsOfPrincipal([, uri, root, path, id, env]: PrincipalKey): AccessTreeNode[] {
    const p = this.matrix.principals.find((x) => x.uri === uri && x.root === root && samePath(x.path, path) && x.id === id && (x.environment?.name ?? '') === env);
    if (!p) {
      return [];
    }
    return this.rowsOfPrincipal(p)
      .filter((r) => this.rowShown(r))
      .map((r) => this.rowNode(r, `${r.method.method} ${r.method.path}`, `${r.method.api.id} · ${r.stage}`, this.methodLocation(r.methodUri, r.method)));
  }

  /** A row: its decision, what it depends on, and the statements behind it (a click goes to the first). */
  private rowNode(r: AccessRow, label: string, where: string, fallback: FileLocation | undefined): AccessTreeNode {
    const decision = r.implicit ? 'denied (implicit: nothing allows it)' : DECISION_TEXT[r.decision];
    const depends = r.dependsOn.map((d) => ('name' in d && d.name ? d.name : d.kind));
    const via = r.via.map((v) => `- ${v.effect} · ${v.policyName}, statement ${v.statement} (${this.source.display(v.uri)})${v.ignored ? ` · ignored: ${v.ignored.reason}` : ''}`);
    return {
      key: JSON.stringify(['row', principalKey(r.principal), r.methodUri, r.method.root, r.method.declaredAt, r.environment ?? '', r.stage]),
      kind: 'row',
      label,
      description: [decision, depends.length > 0 ? `depends on ${depends.join(', ')}` : '', where].filter(Boolean).join(' · '),
      tooltip: [`**${principalLabel(r.principal)}** → **${r.method.method} ${r.method.path}** (${r.method.api.id}, ${r.stage}): ${decision}`, '', ...via].join('\n'),
      decision: r.decision,
      implicit: r.implicit,
      hasChildren: false,
      location: r.via.length > 0 ? this.location(r.via[0]!.uri, r.via[0]!.root, r.via[0]!.path, 'value') : fallback,
    };
  }

  private methodsOf(uri: string, api: string, env: string): MethodInEnvironment[] {
    return this.matrix.methods.filter((m) => m.uri === uri && m.method.api.id === api && envName(m) === env);
  }

  private rowsOf(m: MethodInEnvironment, stage: string): readonly AccessRow[] {
    return (this.matrix.rowsByMethod.get(m.method) ?? []).filter((r) => r.stage === stage && (r.environment ?? '') === envName(m));
  }

  private rowsOfPrincipal(p: PrincipalInfo): readonly AccessRow[] {
    return this.matrix.rowsOfPrincipal(p);
  }

  /** Without a filter every method shows; with one, those with a row that matches (or whose own name does). */
  private methodShown(m: MethodInEnvironment, stage?: string): boolean {
    if (!this.filter) {
      return true;
    }
    if (this.matches(`${m.method.api.id} ${m.method.method} ${m.method.path}`)) {
      return true;
    }
    return stagesOf(m)
      .filter((s) => stage === undefined || s === stage)
      .some((s) => this.rowsOf(m, s).some((r) => this.rowShown(r)));
  }

  private rowShown(r: AccessRow): boolean {
    if (!this.filter) {
      return true;
    }
    const decision = r.implicit ? 'deny implicit' : r.decision;
    return this.matches(`${principalLabel(r.principal)} ${r.principal.id} ${r.method.api.id} ${r.stage} ${r.method.method} ${r.method.path} ${decision}`);
  }

  private matches(text: string): boolean {
    return this.filter !== undefined && text.toLowerCase().includes(this.filter);
  }

  private principalLocation(p: PrincipalInfo): FileLocation | undefined {
    return p.path.length > 0 ? this.location(p.uri, p.root, p.path) : undefined;
  }

  /** A method's declaration: in its template, or in the definition file the template includes. */
  private methodLocation(uri: string, method: ApiMethod): FileLocation | undefined {
    if (method.includedFrom === undefined) {
      return this.location(uri, method.root, method.declaredAt);
    }
    const included = this.docs.get(uri)?.includes?.get(method.includedFrom);
    let target: string;
    try {
      target = uri.startsWith('file:') ? pathToFileURL(path.resolve(path.dirname(fileURLToPath(uri)), method.includedFrom)).toString() : uri;
    } catch {
      return undefined;
    }
    return included ? this.location(target, method.root, method.declaredAt, 'key', included) : undefined;
  }

  /** Where a path of a workspace document starts (its key, or its value for statements). */
  private location(uri: string, root: number, path: Path, target: 'key' | 'value' = 'key', given?: SourceDocument): FileLocation | undefined {
    const doc = given ?? this.docs.get(uri)?.doc;
    if (!doc) {
      return undefined;
    }
    let text = this.texts.get(uri);
    if (!text) {
      text = TextDocument.create(uri, 'plaintext', 0, doc.text);
      this.texts.set(uri, text);
    }
    const { offset } = locate(doc, root, path, target);
    const { line, character } = text.positionAt(offset);
    return { uri, line, character };
  }
}

function stagesOf(m: MethodInEnvironment): readonly string[] {
  return m.environment && m.environment.stages.length > 0 ? m.environment.stages : m.method.api.stages.length > 0 ? m.method.api.stages : ['*'];
}

function principalKey(p: PrincipalInfo): PrincipalKey {
  return ['principal', p.uri, p.root, p.path, p.id, p.environment?.name ?? ''];
}
