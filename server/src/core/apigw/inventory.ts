/**
 * The API inventory of a document: every API and method it defines, from templates and
 * from standalone OpenAPI files. Definitions kept in other local files (SAM DefinitionUri,
 * BodyS3Location, AWS::Include) are read by the shell and passed in as parsed documents;
 * the ones not passed in are listed so the caller can fetch them and ask again.
 */
import type { SourceDocument } from '../types';
import { templateModel } from '../template/model';
import { looksLikeHttpApi, openApiMethods } from './openapi';
import { templateInventory } from './template';
import type { ApiInfo, ApiInventory, ApiMethod } from './types';

export interface InventoryOptions {
  /** Parsed documents of included files, by the path the template names them with. */
  readonly includes?: ReadonlyMap<string, SourceDocument>;
  /** The name a standalone OpenAPI file's API goes by (the file name). */
  readonly fileName?: string;
}

const cache = new WeakMap<SourceDocument, ApiInventory>();

export function apiInventory(doc: SourceDocument, options: InventoryOptions = {}): ApiInventory {
  const cached = options.includes ? undefined : cache.get(doc);
  if (cached) {
    return cached;
  }
  const apis: ApiInfo[] = [];
  const methods: ApiMethod[] = [];
  const missing: string[] = [];
  doc.roots.forEach((root, index) => {
    const kind = doc.kinds[index];
    if (kind === 'cfn' || kind === 'sam') {
      const inventory = templateInventory(templateModel(root), index);
      apis.push(...inventory.apis);
      methods.push(...inventory.methods);
      for (const include of inventory.includes) {
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
  const inventory: ApiInventory = { apis, methods, missingIncludes: [...new Set(missing)] };
  if (!options.includes) {
    cache.set(doc, inventory);
  }
  return inventory;
}
