/**
 * What the client shows, as plain functions of the server's answers (no `vscode` import, so
 * the unit tests run them): the status item's text, the access view's icons, rule ids.
 */
import type { AccessTreeNode, DocumentStatus, IndexState } from '../../shared/protocol';

const KIND_LABELS: Readonly<Record<string, string>> = {
  'iam-policy': 'IAM policy',
  cfn: 'CloudFormation',
  sam: 'SAM',
  openapi2: 'OpenAPI 2',
  openapi3: 'OpenAPI 3',
  config: 'Gatewarden configuration',
};

/** The item's text and detail for a document's status (pure, so it is tested without VS Code). */
export function statusText(status: DocumentStatus): { text: string; detail: string; busy: boolean; warning: boolean } {
  const kinds = status.kinds.map((k) => KIND_LABELS[k] ?? k);
  const text = status.analysed ? `Gatewarden: ${kinds.join(', ')}` : 'Gatewarden: not analysed';
  const parts = [status.analysed ? '' : (status.reason ?? '')];
  parts.push(iamDataText(status.iamData));
  parts.push(indexText(status.index));
  const { iamData } = status;
  const warning = iamData.source === 'none' || iamData.stale || iamData.problem !== undefined;
  return { text, detail: parts.filter(Boolean).join(' · '), busy: status.index.state === 'indexing', warning };
}

/** The IAM data in use: its date, whether it is custom, stale or missing, and a problem with the custom folder. */
export function iamDataText(info: DocumentStatus['iamData']): string {
  if (info.source === 'none') {
    return 'IAM reference data missing';
  }
  const date = info.date ? `IAM data of ${info.date}` : `IAM data ${info.version}`;
  const notes = [info.source === 'custom' ? 'custom' : '', info.stale ? `${info.ageDays ?? 'over 60'} days old` : '', info.problem ? `custom data not used: ${info.problem}` : ''].filter(Boolean);
  return notes.length > 0 ? `${date} (${notes.join('; ')})` : date;
}

export function indexText(index: IndexState): string {
  switch (index.state) {
    case 'off':
      return 'workspace index off';
    case 'indexing':
      return index.total > 0 ? `indexing ${index.done}/${index.total} files` : 'indexing the workspace';
    default:
      return `${index.files} files indexed`;
  }
}

/** The icon of each node: decisions in the chart colours themes define, the rest by kind. */
export function iconOf(node: Pick<AccessTreeNode, 'kind' | 'decision' | 'implicit'>): { id: string; color?: string } {
  switch (node.decision) {
    case 'allow':
      return { id: 'pass-filled', color: 'charts.green' };
    case 'conditional':
      return { id: 'question', color: 'charts.yellow' };
    case 'deny':
      return { id: node.implicit ? 'circle-slash' : 'error', color: 'charts.red' };
    default:
      break;
  }
  switch (node.kind) {
    case 'api':
      return { id: 'cloud' };
    case 'stage':
      return { id: 'layers' };
    case 'method':
      return { id: 'symbol-method' };
    case 'principal':
      return { id: 'person' };
    default:
      return { id: 'circle-outline' };
  }
}

/** A rule id is `area/kebab-name`; nothing else names a page (no `..`, no absolute path). */
export function isRuleId(value: unknown): value is string {
  return typeof value === 'string' && /^[a-z]+\/[a-z0-9-]+$/.test(value);
}

