import { defineRule } from '../define';
import { getProperty } from '../../model/node';
import type { StatementRef } from '../../policy/statements';
import { effectOf } from '../../policy/statement-parts';
import { stringValues } from '../../policy/values';
import { actionMatches } from '../../access/evaluate';
import { stagesCovered, type AccessMatrix } from '../../access/matrix';
import { isConcreteStage, isProduction, type AccessEnvironment } from '../../access/environments';

export default defineRule({
  id: 'apigw/environment-crossing',
  appliesTo: ['iam-policy', 'cfn', 'sam'],
  defaultSeverity: 'warning',
  // Reads the workspace's access analysis: other files decide its reports.
  crossFile: true,
  messages: {
    statement: 'This statement can invoke production ({{production}}) and non-production ({{nonProduction}}) stages. Dev, staging and prod callers are meant to stay separate: grant each environment in its own role or statement.',
    principal: '{{principal}} can invoke production ({{production}}) through this statement and non-production ({{nonProduction}}) through another. Dev, staging and prod callers are meant to stay separate, even with identical permissions: give each environment its own role.',
  },
  docs: { summary: 'Warn when a role or statement can invoke both production and non-production API stages or environments.' },
  check(ctx) {
    const statements = ctx.statements().filter((s) => s.site.policyType === 'identity' && effectOf(s) === 'Allow' && getProperty(s.node, 'Resource') !== undefined);
    if (statements.length === 0 || !statements.some((s) => actionMatches(s.node, 'execute-api:Invoke', { doc: ctx.doc }))) {
      return;
    }
    const access = ctx.access();
    const { matrix, self } = access;
    const production = matrix.productionStages;
    // What each statement reaches, per environment this document deploys to: a template
    // deployed to dev and to prod is two deployments, each of whose roles reaches its own.
    // It depends on the statement and the methods only, so it is kept across edits while
    // those are the same (and a run stopped part-way and run again goes on where it was).
    const sidesOf = (s: StatementRef, environment: AccessEnvironment | undefined): Sides => {
      ctx.checkpoint();
      return access.acrossEdits(ctx.doc, s, `environment-crossing\u0000${environment ? JSON.stringify(environment) : ''}`, () =>
        actionMatches(s.node, 'execute-api:Invoke', { doc: ctx.doc }) ? reach(matrix, ctx.doc, s, self, environment, production) : { production: new Set<string>(), other: new Set<string>() },
      );
    };
    // The statements of each policy, by the policy's place.
    const bySite = new Map<string, StatementRef[]>();
    const order = new Map(statements.map((s, i) => [s, i]));
    const siteKey = (root: number, path: readonly (string | number)[]): string => `${root}\u0000${path.join('\u0000')}`;
    for (const s of statements) {
      const key = siteKey(s.site.root, s.site.path);
      const list = bySite.get(key);
      if (list) {
        list.push(s);
      } else {
        bySite.set(key, [s]);
      }
    }
    const reported = new Set<string>();
    const report = (s: StatementRef, messageId: 'statement' | 'principal', sides: Sides, principal = ''): void => {
      const key = `${s.site.root}\u0000${s.path.join('\u0000')}`;
      if (reported.has(key)) {
        return;
      }
      reported.add(key);
      ctx.report({
        root: s.site.root,
        path: [...s.path, 'Resource'],
        target: 'key',
        messageId,
        data: { production: [...sides.production].sort().join(', '), nonProduction: [...sides.other].sort().join(', '), principal },
      });
    };
    for (const environment of matrix.environmentsOf(self)) {
      for (const s of statements) {
        const sides = sidesOf(s, environment);
        if (sides.production.size > 0 && sides.other.size > 0) {
          report(s, 'statement', sides);
        }
      }
    }
    // A role whose statements each keep to one side but together cross: reported on the
    // statements that reach production, naming both sides.
    for (const principal of matrix.principals) {
      if (principal.uri !== self) {
        continue;
      }
      const own = [...new Set(principal.identity.flatMap((i) => (i.uri === self ? (bySite.get(siteKey(i.site.root, i.site.path)) ?? []) : [])))];
      own.sort((a, b) => order.get(a)! - order.get(b)!);
      const all: Sides = { production: new Set(), other: new Set() };
      for (const s of own) {
        const sides = sidesOf(s, principal.environment);
        sides.production.forEach((x) => all.production.add(x));
        sides.other.forEach((x) => all.other.add(x));
      }
      if (all.production.size > 0 && all.other.size > 0) {
        for (const s of own.filter((x) => sidesOf(x, principal.environment).production.size > 0)) {
          report(s, 'principal', all, principal.environment ? `${principal.id} (${principal.environment.name})` : principal.id);
        }
      }
    }
  },
});

interface Sides {
  /** Stage labels reached, production and not (`prod`, `dev`, `v1 (staging)`). */
  readonly production: Set<string>;
  readonly other: Set<string>;
}

/**
 * The production and non-production stages a statement's Resource patterns reach, read in
 * one environment. A stage is production when its name or its environment's is one of the
 * production names; a stage that names none (`*`, `${Stage}`) counts only through its
 * environment's name, and not at all without one.
 */
function reach(matrix: AccessMatrix, doc: Parameters<typeof stringValues>[0], s: StatementRef, self: string, environment: AccessEnvironment | undefined, production: readonly string[]): Sides {
  const sides: Sides = { production: new Set(), other: new Set() };
  for (const value of stringValues(doc, getProperty(s.node, 'Resource'), [])) {
    for (const { ref, stage } of stagesCovered(matrix, value.text, self, environment)) {
      const env = ref.environment;
      const label = env && env.name !== stage ? `${stage} (${env.name})` : stage;
      if (isProduction(stage, production) || (env !== undefined && isProduction(env.name, production))) {
        sides.production.add(label);
      } else if (isConcreteStage(stage) || env !== undefined) {
        sides.other.add(label);
      }
    }
  }
  return sides;
}
