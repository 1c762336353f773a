/**
 * The compile-time half of the rule scope contract (rules/define.ts): each `@ts-expect-error`
 * below is a rule written against the wrong scope, which must not compile. If the contract
 * were loosened, the directive would be unused and the type check (`npm run check-types`,
 * part of `npm test`) would fail. This file declares rules but registers none; the runtime
 * half is test/core/rules/policy-scope.test.ts.
 */
import { defineNamingResourceRule, definePolicyRule, defineResourceRule, defineRule } from '../../../server/src/core/rules/define';

const meta = { appliesTo: ['cfn'] as const, defaultSeverity: 'warning' as const, messages: { x: 'x' }, docs: { summary: 'x' } };

export const readsTheTemplate = definePolicyRule({
  ...meta,
  id: 'test/reads-the-template',
  check(ctx) {
    // @ts-expect-error A policy-scoped rule cannot reach the document's roots (the template's Description, other resources).
    ctx.report({ root: 0, path: [String(ctx.doc.roots.length)], messageId: 'x' });
  },
});

export const readsTheAccessMatrix = definePolicyRule({
  ...meta,
  id: 'test/reads-the-access-matrix',
  check(ctx) {
    // @ts-expect-error A policy-scoped rule has no access analysis.
    ctx.access();
  },
});

export const listsResources = definePolicyRule({
  ...meta,
  id: 'test/lists-resources',
  check(ctx) {
    // @ts-expect-error A policy-scoped rule has no other resources.
    ctx.resources();
  },
});

// @ts-expect-error `scope: 'policy'` is declared with definePolicyRule, whose context is typed for it.
export const wrongDeclaration = defineRule({ ...meta, id: 'test/wrong-declaration', scope: 'policy', check: () => undefined });

/** The right way: what a policy rule may read. */
export const allowed = definePolicyRule({
  ...meta,
  id: 'test/allowed',
  check(ctx) {
    for (const statement of ctx.statements()) {
      ctx.report({ root: ctx.site.root, path: statement.path, messageId: 'x', data: { format: ctx.doc.format, kind: ctx.doc.kind, inputs: ctx.inputs } });
    }
  },
});

export const resourceReadsTheTemplate = defineResourceRule({
  ...meta,
  id: 'test/resource-reads-the-template',
  check(ctx) {
    // @ts-expect-error A resource-scoped rule cannot reach the document's roots (the Description, the Outputs).
    ctx.report({ root: 0, path: [String(ctx.doc.roots.length)], messageId: 'x' });
  },
});

export const resourceListsResources = defineResourceRule({
  ...meta,
  id: 'test/resource-lists-resources',
  check(ctx) {
    // @ts-expect-error A resource-scoped rule sees its own resource, no other.
    ctx.resources();
  },
});

export const resourceReadsTheAccessMatrix = defineResourceRule({
  ...meta,
  id: 'test/resource-reads-the-access-matrix',
  check(ctx) {
    // @ts-expect-error A resource-scoped rule has no access analysis.
    ctx.access();
  },
});

export const resourceListsPolicies = defineResourceRule({
  ...meta,
  id: 'test/resource-lists-policies',
  check(ctx) {
    // @ts-expect-error A resource-scoped rule has no policies of the document.
    ctx.policies();
  },
});

export const resourceReadsUndeclaredNames = defineResourceRule({
  ...meta,
  id: 'test/resource-reads-undeclared-names',
  check(ctx) {
    // @ts-expect-error The template's names are there only for a rule declared to read them (defineNamingResourceRule).
    ctx.report({ root: ctx.resource.root, path: ctx.resource.path, messageId: 'x', data: { n: String(ctx.names.parameters.has('A')) } });
  },
});

// @ts-expect-error `scope: 'resource'` is declared with defineResourceRule, whose context is typed for it.
export const wrongResourceDeclaration = defineRule({ ...meta, id: 'test/wrong-resource-declaration', scope: 'resource', check: () => undefined });

/** The right way: what a resource rule may read, with the names it declared. */
export const resourceAllowed = defineNamingResourceRule({
  ...meta,
  id: 'test/resource-allowed',
  check(ctx) {
    ctx.report({ root: ctx.resource.root, path: ctx.resource.path, messageId: 'x', data: { format: ctx.doc.format, kind: ctx.doc.kind, named: String(ctx.names.resources.has(ctx.resource.logicalId)) } });
  },
  checkRest(ctx) {
    ctx.report({ root: 0, path: [], messageId: 'x', data: { roots: ctx.doc.roots.length } });
  },
});
