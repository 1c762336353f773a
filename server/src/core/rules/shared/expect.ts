/**
 * The access assertion rules (`access/expect-*`) share one shape: read the workspace's
 * assertions checked over its whole matrix (`ctx.expectations()`), keep the violations of
 * their kind placed in this document, and report each on the granting statement (or on the
 * method without authorization). A violation that holds only through `conditional`
 * decisions is reported under the `conditional` message at warning level.
 */
import { defineRule, type DocumentRule } from '../define';
import { assertionText, type AssertionKind } from '../../access/expect';
import type { DocumentKind } from '../../types';

export type ExpectMessage = 'statement' | 'method' | 'conditional';

/** Every document kind that can hold a granting statement or a method. */
const KINDS: readonly DocumentKind[] = ['iam-policy', 'cfn', 'sam', 'openapi2', 'openapi3'];

/**
 * `method` is for rules whose assertion a method without authorization can break (anyone
 * calling it counts as a principal); `separate` compares IAM principals only, so it has none.
 */
export function expectRule<M extends ExpectMessage>(kind: AssertionKind, id: string, summary: string, messages: Readonly<Record<M, string>>): DocumentRule<M> {
  const hasMethod = Object.prototype.hasOwnProperty.call(messages, 'method');
  return defineRule<M>({
    id,
    appliesTo: KINDS,
    defaultSeverity: 'error',
    // The assertions are checked over the workspace's matrix: other files decide the reports.
    crossFile: true,
    messages,
    docs: { summary },
    check(ctx) {
      const { violations, self } = ctx.expectations();
      for (const v of violations) {
        if (v.assertion.kind !== kind || v.uri !== self) {
          continue;
        }
        ctx.report({
          root: v.root,
          path: v.path,
          target: v.at === 'method' ? 'key' : 'value',
          messageId: (!v.definite ? 'conditional' : v.at === 'method' && hasMethod ? 'method' : 'statement') as M,
          ...(v.definite ? {} : { severity: 'warning' as const }),
          data: {
            assertion: assertionText(v.assertion),
            item: v.assertion.index + 1,
            principals: v.principals.join(', '),
            methods: v.methods.join(', '),
            ...(v.stages ? { stages: v.stages.join(', ') } : {}),
            ...(v.from ? { from: v.from.join(', ') } : {}),
          },
        });
      }
    },
  });
}
