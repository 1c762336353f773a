/**
 * What resolving a template's values reads of the template besides the values' own subtree
 * (template/resolve.ts): the definitions of the parameters and mappings they name. Memos of
 * resolved values, policy sites, rule reports and access decisions are kept against these,
 * so an edit to one parameter reaches only what names it.
 */
import { getProperty, scalarText, type DocNode } from '../model/node';
import type { TemplateModel, TemplateParameter } from './model';
import { walkNodes } from '../model/walk';
import { checkingReads, computeDeclared, read, replayDeclared, weakTable, type Read, type Source } from '../engine';

/**
 * The template's definitions as the engine sees them read (engine.ts `read`): a parameter's
 * node by name, a mapping's node by name. Resolution (template/resolve.ts) reads through
 * these, so that with `checkReads` on every memo's declared reads are checked against them.
 */
const PARAMETER: Source<TemplateModel> = { name: 'parameter', read: (model, name) => model.parameters.get(name)?.node };
const MAPPING: Source<TemplateModel> = { name: 'mapping', read: (model, name) => getProperty(model.mappings, name) };

/** The parameter `name` of `model`, read through the engine. */
export function readParameter(model: TemplateModel | undefined, name: string): TemplateParameter | undefined {
  if (!model) {
    return undefined;
  }
  // Recorded only while checking: resolution asks this of every Ref it meets.
  if (checkingReads()) {
    read(PARAMETER, model, name);
  }
  return model.parameters.get(name);
}

/** The mapping `name` of `model`, read through the engine. */
export function readMapping(model: TemplateModel | undefined, name: string): DocNode | undefined {
  return model ? (read(MAPPING, model, name) as DocNode | undefined) : undefined;
}

/** The separator `siteReads` (policy/values.ts) puts between two lists of reads. */
export const WRITTEN = '\u0000written';

/**
 * Runs the computation of memo `memo` over values of the template `modelOf` gives, kept
 * against `declared` (what `templateReads`, `valueInputs` or `siteReads` gave): with the
 * engine's `checkReads` on, each read it makes of that template must be declared (engine.ts
 * `computeDeclared`).
 */
export function computeReading<T>(memo: string, modelOf: () => TemplateModel | undefined, declared: readonly unknown[], compute: () => T): T {
  return computeDeclared(memo, () => declares(declared, modelOf()), compute);
}

/**
 * A memo kept against `declared` (reads of `model`) used instead of computed (engine.ts
 * `replayDeclared`). Asked on every hit: costs nothing unless checking.
 */
export function replayReading(model: TemplateModel | undefined, declared: readonly unknown[]): void {
  if (checkingReads()) {
    replayDeclared(() => declaredAsReads(declared, model));
  }
}

/** The `[name, definition]` pairs of `declared`: one list of `templateReads`, or several joined by WRITTEN. */
function* declaredPairs(declared: readonly unknown[]): Generator<readonly [unknown, unknown]> {
  for (let i = 0; i < declared.length; i += 2) {
    if (declared[i] === WRITTEN) {
      i--;
      continue;
    }
    yield [declared[i], declared[i + 1]];
  }
}

/**
 * Whether `declared` (what `templateReads` gave for `model`) holds a read the engine recorded:
 * the parameter with that node, the mapping with that node, or any mapping when the whole
 * Mappings section is declared. Reads in another template are that template's memos' to
 * judge, and the workspace's parts (access/workspace.ts) declare them for what is kept
 * across documents.
 */
function declares(declared: readonly unknown[], model: TemplateModel | undefined): (r: Read) => boolean {
  const pairs = new Map<unknown, unknown[]>();
  for (const [name, definition] of declaredPairs(declared)) {
    const values = pairs.get(name) ?? [];
    values.push(definition);
    pairs.set(name, values);
  }
  return (r) => {
    if (r.context !== model) {
      return true;
    }
    if (r.source === 'parameter') {
      return pairs.get(r.key)?.includes(r.value) === true;
    }
    return pairs.get(`map ${r.key}`)?.includes(r.value) === true || pairs.has('map ');
  };
}

/** The reads `declared` stands for, for a memo used instead of computed (engine.ts `replayDeclared`). */
function declaredAsReads(declared: readonly unknown[], model: TemplateModel | undefined): Read[] {
  const out: Read[] = [];
  for (const [key, value] of declaredPairs(declared)) {
    if (typeof key === 'string' && key.startsWith('map ')) {
      // The whole section (`map `) stands for any mapping: it is kept as a read of its own.
      out.push({ source: key === 'map ' ? 'mappings' : 'mapping', context: model, key: key.slice(4), value });
    } else {
      out.push({ source: 'parameter', context: model, key: String(key), value });
    }
  }
  return out;
}

/**
 * The definitions in `model` that resolving the values under `node` may read: for each name
 * the subtree's intrinsics mention (`Ref`, `${Name}` in `Fn::Sub`), the parameter's node (or
 * undefined, so that a parameter added under that name later is seen); for each mapping
 * `Fn::FindInMap` names, the mapping's node; the whole Mappings section where the mapping's
 * name is not written out. `Fn::GetAtt` and pseudo parameters read nothing of the template.
 */
export function templateReads(model: TemplateModel, node: DocNode): unknown[] {
  const reads: unknown[] = [];
  const seen = new Set<string>();
  // A parameter's Default may itself name others (CloudFormation refuses it, our resolution
  // follows it): what it names is read too.
  const pending: DocNode[] = [node];
  while (pending.length > 0) {
    const { parameters, mappings } = namesRead(pending.pop()!);
    for (const name of parameters) {
      if (seen.has(name)) {
        continue;
      }
      seen.add(name);
      const definition = model.parameters.get(name)?.node;
      reads.push(name, definition);
      if (definition) {
        pending.push(definition);
      }
    }
    for (const name of mappings) {
      if (!seen.has(`map ${name}`)) {
        seen.add(`map ${name}`);
        reads.push(`map ${name}`, name === '' ? model.mappings : getProperty(model.mappings, name));
      }
    }
  }
  return reads;
}

interface NamesRead {
  readonly parameters: readonly string[];
  /** Mapping names; '' for a mapping named by an expression. */
  readonly mappings: readonly string[];
}

/** Kept per node: a subtree an incremental reparse keeps names what it named. */
const namesMemo = weakTable<DocNode, NamesRead>('template/reads.namesMemo');

function namesRead(node: DocNode): NamesRead {
  const hit = namesMemo.get(node);
  if (hit) {
    return hit;
  }
  const parameters = new Set<string>();
  const mappings = new Set<string>();
  walkNodes(node, [], (n) => {
    if (n.kind !== 'intrinsic') {
      return;
    }
    const arg = n.arg;
    const ref = n.fn === 'Ref' ? scalarText(arg) : undefined;
    if (ref !== undefined) {
      // As resolution reads it: a number or boolean names the parameter written so.
      parameters.add(ref);
    } else if (n.fn === 'Fn::Sub') {
      const template = arg.kind === 'array' ? arg.items[0] : arg;
      if (template?.kind === 'string') {
        // As resolveSub reads them: every `${…}` but a `${!literal}`, `${}` included.
        for (const m of String(template.value).matchAll(/\$\{([^}]*)\}/g)) {
          const name = m[1]!.trim();
          if (!name.startsWith('!')) {
            parameters.add(name);
          }
        }
      }
    } else if (n.fn === 'Fn::FindInMap') {
      const name = arg.kind === 'array' ? arg.items[0] : undefined;
      mappings.add(name?.kind === 'string' ? String(name.value) : '');
    }
  });
  const found: NamesRead = { parameters: [...parameters].sort(), mappings: [...mappings].sort() };
  namesMemo.set(node, found);
  return found;
}

export function sameReads(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
