import { defineNamingResourceRule, type Report, type TemplateNames } from '../define';
import { getProperty, scalarText, type DocNode, type Path } from '../../model/node';
import { walkNodes } from '../../model/walk';
import { isPseudoParameter, templateModel } from '../../template/model';
import type { DocLike } from '../../policy/view';
import { getAttName } from '../../template/resolve';
import { closestMatch } from '../../util/similar';
import { replaceScalar } from '../../util/edits';

type Messages = 'ref' | 'getAtt' | 'sub' | 'condition';

export default defineNamingResourceRule<Messages>({
  id: 'cfn/unresolved-ref',
  appliesTo: ['cfn', 'sam'],
  defaultSeverity: 'error',
  messages: {
    ref: 'Ref "{{name}}" names no parameter, resource or pseudo parameter of this template.{{hint}}',
    getAtt: 'Fn::GetAtt names "{{name}}", which is not a resource of this template.{{hint}}',
    sub: 'Fn::Sub refers to ${{{name}}}, which is no parameter, resource, variable or pseudo parameter of this template.{{hint}} Write ${!{{name}}} for a literal.',
    condition: 'Condition "{{name}}" is not defined in the Conditions section.{{hint}}',
  },
  docs: { summary: 'Require every Ref, Fn::GetAtt, Fn::Sub variable and condition name to refer to something the template defines.' },
  fixable: true,
  // A resource's references are checked against the names the template defines (ctx.names).
  check(ctx) {
    checkSection(ctx.report, ctx.doc, ctx.names, ctx.resource.root, 'Resources', ctx.resource.node, ctx.resource.path);
  },
  checkRest(ctx) {
    ctx.doc.roots.forEach((root, rootIndex) => {
      const kind = ctx.doc.kinds[rootIndex];
      if (kind !== 'cfn' && kind !== 'sam') {
        return;
      }
      const model = templateModel(root);
      const names: TemplateNames = { parameters: model.parameters, resources: model.resources, conditions: model.conditions, implicit: model.implicit };
      for (const section of ['Outputs', 'Conditions', 'Globals']) {
        const node = getProperty(root, section);
        if (node) {
          checkSection(ctx.report, ctx.doc, names, rootIndex, section, node, [section]);
        }
      }
      // Resources that are not a mapping of resources have no entries to check one by one.
      const resources = getProperty(root, 'Resources');
      if (resources && resources.kind !== 'object') {
        checkSection(ctx.report, ctx.doc, names, rootIndex, 'Resources', resources, ['Resources']);
      }
    });
  },
});

/**
 * Checks the references under `node`, a section (`Outputs`) or one resource (at
 * `['Resources', id]`); `depth` counts from the section, so a resource's own `Condition` is
 * found at depth 1 either way.
 */
function checkSection(report: (report: Report<Messages>) => void, doc: DocLike, model: TemplateNames, rootIndex: number, section: string, node: DocNode, path: Path): void {
  const names = [...model.parameters.keys(), ...model.resources.keys()];
  const base = path.length - 1;
  walkNodes(node, path, (n, at) => {
    // A resource's or an output's `Condition`, and the long form `{"Condition": name}`
    // inside Fn::And, Fn::Or and Fn::Not, which the parser leaves an ordinary object.
    if (n.kind === 'object' && (((section === 'Resources' || section === 'Outputs') && base + at.depth === 1) || isConditionFunctionOperand(n))) {
      const condition = getProperty(n, 'Condition');
      const name = scalarText(condition);
      if (condition && name !== undefined && !model.conditions.has(name)) {
        const hint = closestMatch(name, model.conditions.keys());
        report({ root: rootIndex, path: [...at.path(), 'Condition'], messageId: 'condition', data: { name, hint: hintText(hint) }, fix: hint ? () => [{ title: `Change to "${hint}"`, edits: [replaceScalar(doc, condition, hint)], isPreferred: true }] : undefined });
      }
    }
    if (n.kind !== 'intrinsic') {
      return;
    }
    const argPath = (): Path => [...at.path(), n.fn];
    if (n.fn === 'Ref' && n.arg.kind === 'string') {
      const name = n.arg.value as string;
      if (!defined(model, name)) {
        const hint = closestMatch(name, names);
        const arg = n.arg;
        report({ root: rootIndex, path: argPath(), messageId: 'ref', data: { name, hint: hintText(hint) }, fix: hint ? () => [{ title: `Change to "${hint}"`, edits: [replaceScalar(doc, arg, hint)], isPreferred: true }] : undefined });
      }
    } else if (n.fn === 'Fn::GetAtt') {
      const full = getAttName(n.arg);
      const resource = full?.split('.')[0];
      if (full && resource && !model.resources.has(resource) && !model.implicit.has(resource) && !model.implicit.has(full)) {
        report({ root: rootIndex, path: argPath(), messageId: 'getAtt', data: { name: resource, hint: hintText(closestMatch(resource, model.resources.keys())) } });
      }
    } else if (n.fn === 'Fn::Sub') {
      checkSub(n, model, (name) => report({ root: rootIndex, path: argPath(), messageId: 'sub', data: { name, hint: hintText(closestMatch(name, names)) } }));
    } else if (n.fn === 'Fn::If' && n.arg.kind === 'array') {
      const name = scalarText(n.arg.items[0]);
      if (name !== undefined && !model.conditions.has(name)) {
        report({ root: rootIndex, path: [...argPath(), 0], messageId: 'condition', data: { name, hint: hintText(closestMatch(name, model.conditions.keys())) } });
      }
    } else if (n.fn === 'Condition' && n.arg.kind === 'string') {
      const name = n.arg.value as string;
      if (!model.conditions.has(name)) {
        report({ root: rootIndex, path: argPath(), messageId: 'condition', data: { name, hint: hintText(closestMatch(name, model.conditions.keys())) } });
      }
    }
  });
}

function defined(model: TemplateNames, name: string): boolean {
  return isPseudoParameter(name) || model.parameters.has(name) || model.resources.has(name) || model.implicit.has(name);
}

const CONDITION_FUNCTIONS = new Set(['Fn::And', 'Fn::Or', 'Fn::Not']);

function isConditionFunctionOperand(node: DocNode & { kind: 'object' }): boolean {
  const fn = node.parent?.kind === 'array' ? node.parent.parent : undefined;
  return node.properties.length === 1 && node.properties[0]!.key === 'Condition' && fn?.kind === 'intrinsic' && CONDITION_FUNCTIONS.has(fn.fn);
}

function hintText(hint: string | undefined): string {
  return hint ? ` Did you mean "${hint}"?` : '';
}

/** Reports each `${Name}` of a Sub template that nothing defines. */
function checkSub(node: DocNode & { kind: 'intrinsic' }, model: TemplateNames, report: (name: string) => void): void {
  const arg = node.arg;
  const template = arg.kind === 'array' ? arg.items[0] : arg;
  const vars = arg.kind === 'array' ? arg.items[1] : undefined;
  if (template?.kind !== 'string') {
    return;
  }
  const pattern = /\$\{([^}]*)\}/g;
  for (let m = pattern.exec(template.value as string); m; m = pattern.exec(template.value as string)) {
    const name = m[1]!.trim();
    if (name.startsWith('!') || getProperty(vars, name) !== undefined) {
      continue;
    }
    // `${aws:username}` and other names with a colon are IAM policy variables, left as they are.
    if (name.includes(':') && !isPseudoParameter(name)) {
      continue;
    }
    const head = name.split('.')[0]!;
    if (name.includes('.') ? !model.resources.has(head) && !model.implicit.has(head) && !model.implicit.has(name) : !defined(model, name)) {
      report(head);
    }
  }
}
