/**
 * The API inventory of a document: every API and method it defines, from templates and
 * from standalone OpenAPI files. Definitions kept in other local files (SAM DefinitionUri,
 * BodyS3Location, AWS::Include) are read by the shell and passed in as parsed documents;
 * the ones not passed in are listed so the caller can fetch them and ask again.
 */
import type { SourceDocument } from '../types';
import { getProperty, type DocNode } from '../model/node';
import { computeReading, replayReading, templateReads } from '../template/reads';
import { templateModel, type TemplateModel } from '../template/model';
import { looksLikeHttpApi, openApiMethods } from './openapi';
import { templateInventory } from './template';
import { detached } from '../util/detach';
import type { ApiInfo, ApiInventory, ApiMethod, IncludeRef } from './types';
import { cell, isolated, weakTable } from '../engine';

export interface InventoryOptions {
  /** Parsed documents of included files, by the path the template names them with. */
  readonly includes?: ReadonlyMap<string, SourceDocument>;
  /** The name a standalone OpenAPI file's API goes by (the file name). */
  readonly fileName?: string;
}

const cache = weakTable<SourceDocument, ApiInventory>('apigw/inventory.cache');

export function apiInventory(doc: SourceDocument, options: InventoryOptions = {}): ApiInventory {
  // Its users declare the inventory itself (access/workspace.ts), not what it reads.
  return isolated(() => inventoryOf(doc, options));
}

function inventoryOf(doc: SourceDocument, options: InventoryOptions): ApiInventory {
  const cached = options.includes ? undefined : cache.get(doc);
  if (cached) {
    return cached;
  }
  // One template and no includes, the usual case: the template's kept inventory stands for
  // the document's, as the same object across versions (access/workspace.ts compares it).
  const only = doc.roots.length === 1 && (doc.kinds[0] === 'cfn' || doc.kinds[0] === 'sam') ? keptTemplateInventory(templateModel(doc.roots[0]!), 0) : undefined;
  if (only && only.includes.length === 0) {
    let whole = wholeInventories.get(only);
    if (!whole) {
      whole = { apis: only.apis, methods: only.methods, missingIncludes: [], includeRefs: [] };
      wholeInventories.set(only, whole);
    }
    if (!options.includes) {
      cache.set(doc, whole);
    }
    return whole;
  }
  const apis: ApiInfo[] = [];
  const methods: ApiMethod[] = [];
  const missing: string[] = [];
  const includeRefs: IncludeRef[] = [];
  doc.roots.forEach((root, index) => {
    const kind = doc.kinds[index];
    if (kind === 'cfn' || kind === 'sam') {
      const inventory = keptTemplateInventory(templateModel(root), index);
      apis.push(...inventory.apis);
      methods.push(...inventory.methods);
      for (const include of inventory.includes) {
        includeRefs.push({ file: include.file, root: include.root, path: include.path });
        const included = options.includes?.get(include.file);
        const definition = included?.roots[0];
        if (!included || !definition) {
          missing.push(include.file);
          continue;
        }
        for (const m of openApiMethods(definition, [], { api: include.api, root: 0, defaultAuthorization: include.defaultAuthorization })) {
          methods.push({ ...m, includedFrom: include.file });
        }
      }
    } else if (kind === 'openapi2' || kind === 'openapi3') {
      const api: ApiInfo = {
        id: options.fileName ?? 'openapi',
        kind: kind === 'openapi3' && looksLikeHttpApi(root) ? 'HTTP' : 'REST',
        stages: ['*'],
        root: index,
        path: [],
      };
      apis.push(api);
      methods.push(...openApiMethods(root, [], { api, root: index }));
    }
  });
  const inventory: ApiInventory = { apis, methods, missingIncludes: [...new Set(missing)], includeRefs };
  if (!options.includes) {
    cache.set(doc, inventory);
  }
  return inventory;
}

/**
 * A template's inventory reads the API resources, the `Events` of SAM functions and state
 * machines, Globals, Parameters and Mappings, and nothing else. Those nodes, listed in
 * order, decide it; an incremental reparse keeps every node an edit did not touch, so the
 * inventory of the last few template versions is reused when the list holds the same
 * nodes (an edit to a function's code settings or to a role leaves it as it was).
 */
const API_TYPES = ['AWS::ApiGateway::', 'AWS::ApiGatewayV2::', 'AWS::Serverless::Api', 'AWS::Serverless::HttpApi', 'AWS::Serverless::WebSocketApi'];
const EVENT_TYPES = new Set(['AWS::Serverless::Function', 'AWS::Serverless::StateMachine']);
const wholeInventories = weakTable<ReturnType<typeof templateInventory>, ApiInventory>('apigw/inventory.wholeInventories');
/**
 * The inventories of the last few template versions, for the next version of each (an edit
 * elsewhere keeps its API nodes). The nodes read are held weakly: a node holds its whole tree
 * (through `parent`) and every memo keyed by the tree's nodes, so holding them strongly kept
 * eight old parses of a template alive. A node that is gone matches no node of a new parse.
 */
const recentInventories = cell('apigw/inventory.recent', () => [] as { readonly inputs: readonly unknown[]; readonly inventory: ReturnType<typeof templateInventory> }[]);
const RECENT_INVENTORIES = 8;
/** Per template model (one per parsed root): its inventory, asked again for every matrix of a workspace. */
const modelInventories = weakTable<TemplateModel, Map<number, ReturnType<typeof templateInventory>>>('apigw/inventory.byModel');

function keptTemplateInventory(model: TemplateModel, root: number): ReturnType<typeof templateInventory> {
  let byRoot = modelInventories.get(model);
  if (!byRoot) {
    byRoot = new Map();
    modelInventories.set(model, byRoot);
  }
  const known = byRoot.get(root);
  if (known) {
    return known;
  }
  const inventory = recentTemplateInventory(model, root);
  byRoot.set(root, inventory);
  return inventory;
}

function recentTemplateInventory(model: TemplateModel, root: number): ReturnType<typeof templateInventory> {
  // Each node read, with what its values read of Parameters and Mappings (template/reads.ts).
  const globalReads = model.globals ? templateReads(model, model.globals) : [];
  const inputs: unknown[] = [root, model.isSam, model.globals, ...globalReads];
  // The same reads, alone: what the inventory's computation may read (engine.ts checks it).
  const declared: unknown[] = [...globalReads];
  const read = (node: DocNode | undefined): void => {
    inputs.push(node);
    if (node) {
      const reads = templateReads(model, node);
      inputs.push(reads.length, ...reads);
      declared.push(...reads);
    }
  };
  for (const r of model.resources.values()) {
    if (EVENT_TYPES.has(r.type)) {
      inputs.push(r.logicalId, r.type);
      read(getProperty(r.properties, 'Events'));
    } else if (API_TYPES.some((t) => r.type.startsWith(t))) {
      inputs.push(r.logicalId);
      read(r.node);
    }
  }
  const recent = recentInventories.get();
  // A node that is gone reads as undefined, which must not match an input that is undefined.
  const sameInput = (kept: unknown, now: unknown): boolean => (kept instanceof WeakRef ? typeof now === 'object' && kept.deref() === now : kept === now);
  const same = recent.find((e) => e.inputs.length === inputs.length && e.inputs.every((v, i) => sameInput(v, inputs[i])));
  if (same) {
    replayReading(model, declared);
    return same.inventory;
  }
  // A copy: the names and paths read from the text are slices of it, and an inventory outlives
  // its parse (here, in the matrices' kept rows), which would hold every old text whole.
  const inventory = computeReading('apigw/inventory.recentInventories', () => model, declared, () => detached(templateInventory(model, root)));
  recent.unshift({ inputs: inputs.map((v) => (typeof v === 'object' && v !== null ? new WeakRef(v) : v)), inventory });
  recent.length = Math.min(recent.length, RECENT_INVENTORIES);
  return inventory;
}
