/**
 * Classifies a document root by content. File names are only a hint the caller may use
 * to pick JSON or YAML; what a document *is* comes from its keys.
 */
import type { DocumentKind } from '../types';
import { getProperty, scalarText, type DocNode } from './node';
import { closestMatch } from '../util/similar';

const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';
const POLICY_KEYS = new Set(['Version', 'Id', 'Statement']);
const POLICY_VERSIONS = new Set(['2012-10-17', '2008-10-17']);

export function detectKind(root: DocNode | undefined): DocumentKind {
  if (!root || root.kind !== 'object') {
    return 'unknown';
  }
  const swagger = scalarText(getProperty(root, 'swagger'));
  if (swagger !== undefined && swagger.startsWith('2')) {
    return 'openapi2';
  }
  const openapi = scalarText(getProperty(root, 'openapi'));
  if (openapi !== undefined && openapi.startsWith('3')) {
    return 'openapi3';
  }
  const resources = getProperty(root, 'Resources');
  const isTemplate = getProperty(root, 'AWSTemplateFormatVersion') !== undefined || hasTypedResource(resources);
  if (isTemplate) {
    return isSam(root, resources) ? 'sam' : 'cfn';
  }
  if (isPolicy(root)) {
    return 'iam-policy';
  }
  return 'unknown';
}

function hasTypedResource(resources: DocNode | undefined): boolean {
  if (!resources || resources.kind !== 'object') {
    return false;
  }
  return resources.properties.some((p) => {
    const type = scalarText(getProperty(p.value, 'Type'));
    return type !== undefined && type.includes('::');
  });
}

function isSam(root: DocNode, resources: DocNode | undefined): boolean {
  const transform = getProperty(root, 'Transform');
  if (transform) {
    const names = transform.kind === 'array' ? transform.items.map(scalarText) : [scalarText(transform)];
    if (names.includes(SAM_TRANSFORM)) {
      return true;
    }
  }
  if (resources && resources.kind === 'object') {
    return resources.properties.some((p) => (scalarText(getProperty(p.value, 'Type')) ?? '').startsWith('AWS::Serverless::'));
  }
  return false;
}

/**
 * A policy has a Statement, or is at least trying to be one: a policy Version and only
 * policy keys or misspellings of them (so that a lone `{"Version": "2012-10-17"}` is told
 * it lacks a Statement, and `{"Version": "2012-10-17", "Statment": […]}` that it is misspelt).
 * Near misses need three letters, as iam/unknown-element's suggestions do.
 */
function isPolicy(root: DocNode): boolean {
  if (root.kind !== 'object') {
    return false;
  }
  if (getProperty(root, 'Statement') !== undefined) {
    return true;
  }
  const version = scalarText(getProperty(root, 'Version'));
  return (
    version !== undefined &&
    POLICY_VERSIONS.has(version) &&
    root.properties.every((p) => POLICY_KEYS.has(p.key) || (p.key.length >= 3 && closestMatch(p.key, POLICY_KEYS) !== undefined))
  );
}

/**
 * Cheap test on raw text: can this document be anything we analyse? Unrelated JSON and
 * YAML (package.json, tsconfig, docker-compose) stop here without being parsed.
 */
export function mightBeRelevant(text: string): boolean {
  return /Statement|AWSTemplateFormatVersion|Resources|swagger|openapi|"Version"|Version\s*:/.test(text);
}
