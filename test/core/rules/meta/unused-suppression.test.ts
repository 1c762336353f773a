import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findings, ruleTester } from '../../../helpers';

/*
 * meta/unused-suppression is raised by the suppression pass, after every other rule. The
 * valid cases are suppressions that hide a finding (or cannot be judged); the invalid
 * ones are suppressions that hide nothing, name no rule, or name a rule that does not exist.
 */

const RULE = 'meta/unused-suppression';

/** A YAML policy with a misspelt Effect on line 3; `before` and `after` wrap that line. */
const yamlPolicy = (before: string, after = '', effect = 'Alow'): string =>
  `Version: "2012-10-17"\nStatement:\n${before}  - Effect: ${effect}${after}\n    Action: s3:GetObject\n    Resource: "*"\n`;

/** A template whose ManagedPolicy resource has the given Metadata.gatewarden.ignore. */
const template = (ignore: unknown, effect = 'Alow'): unknown => ({
  AWSTemplateFormatVersion: '2010-09-09',
  Resources: {
    Policy: {
      Type: 'AWS::IAM::ManagedPolicy',
      Metadata: { gatewarden: { ignore } },
      Properties: { PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: effect, Action: 's3:GetObject', Resource: '*' }] } },
    },
  },
});

const IGNORE_PATH = ['Resources', 'Policy', 'Metadata', 'gatewarden', 'ignore'];

ruleTester(RULE, {
  valid: [
    { name: 'comment on the line before hides the finding', code: yamlPolicy('  # gatewarden-ignore iam/invalid-effect\n'), format: 'yaml' },
    { name: 'comment at the end of the line', code: yamlPolicy('', '  # gatewarden-ignore iam/invalid-effect'), format: 'yaml' },
    {
      name: 'stacked comments and a blank line before the target',
      code: yamlPolicy('  # gatewarden-ignore iam/invalid-effect -- legacy policy\n  # a note\n\n'),
      format: 'yaml',
    },
    { name: 'Metadata list', code: template(['iam/invalid-effect']) },
    { name: 'Metadata single string', code: template('iam/invalid-effect') },
    {
      name: 'a suppressed rule that is off cannot be judged',
      code: yamlPolicy('  # gatewarden-ignore iam/invalid-effect\n', '', 'Allow'),
      format: 'yaml',
      settings: { rules: { 'iam/invalid-effect': 'off' } },
    },
    {
      name: 'the rule itself off',
      code: yamlPolicy('  # gatewarden-ignore iam/invalid-effect\n', '', 'Allow'),
      format: 'yaml',
      settings: { rules: { [RULE]: 'off' } },
    },
    { name: 'a # inside a quoted string is no comment', code: yamlPolicy('  - Sid: "x # gatewarden-ignore iam/nothing"\n    Effect: Allow\n    Action: s3:GetObject\n    Resource: "*"\n', '', 'Allow'), format: 'yaml' },
    { name: 'a YAML file we do not analyse', code: 'name: app # gatewarden-ignore iam/invalid-effect\n', format: 'yaml' },
    { name: 'gatewarden-ignore-something is another word', code: yamlPolicy('  # gatewarden-ignored iam/invalid-effect\n', '', 'Allow'), format: 'yaml' },
  ],
  invalid: [
    {
      name: 'comment that hides nothing',
      code: yamlPolicy('  # gatewarden-ignore iam/invalid-effect\n', '', 'Allow'),
      format: 'yaml',
      expected: [{ messageId: 'unused', path: [], data: { rule: 'iam/invalid-effect' }, severity: 'info' }],
    },
    {
      name: 'one of two ids hides nothing',
      code: yamlPolicy('', ' # gatewarden-ignore iam/invalid-effect, iam/duplicate-sid'),
      format: 'yaml',
      expected: [{ messageId: 'unused', path: [], data: { rule: 'iam/duplicate-sid' } }],
    },
    {
      name: 'comment aimed at the wrong line',
      code: yamlPolicy('', '', 'Alow').replace('    Action:', '    # gatewarden-ignore iam/invalid-effect\n    Action:'),
      format: 'yaml',
      expected: [{ messageId: 'unused', path: [], data: { rule: 'iam/invalid-effect' } }],
    },
    {
      name: 'unknown rule id',
      code: yamlPolicy('  # gatewarden-ignore nothing/at-all\n', '', 'Allow'),
      format: 'yaml',
      expected: [{ messageId: 'unknownRule', path: [], data: { rule: 'nothing/at-all' } }],
    },
    {
      name: 'misspelt rule id',
      code: yamlPolicy('  # gatewarden-ignore iam/invalid-efect\n'),
      format: 'yaml',
      expected: [{ messageId: 'misspeltRule', path: [], data: { rule: 'iam/invalid-efect', suggestion: 'iam/invalid-effect' } }],
    },
    {
      name: 'no rule named',
      code: yamlPolicy('  # gatewarden-ignore\n', '', 'Allow'),
      format: 'yaml',
      expected: [{ messageId: 'noRule', path: [] }],
    },
    { name: 'Metadata entry that hides nothing', code: template(['iam/invalid-effect'], 'Allow'), expected: [{ messageId: 'unused', path: [...IGNORE_PATH, 0] }] },
    { name: 'Metadata string that hides nothing', code: template('iam/duplicate-sid'), expected: [{ messageId: 'unused', path: IGNORE_PATH }] },
    {
      name: 'Metadata naming an unknown rule',
      code: template(['iam/invalid-effect', 'iam/no-such-rule-at-all']),
      expected: [{ messageId: 'unknownRule', path: [...IGNORE_PATH, 1], data: { rule: 'iam/no-such-rule-at-all' } }],
    },
    {
      name: 'configured severity',
      code: template(['iam/duplicate-sid'], 'Allow'),
      settings: { rules: { [RULE]: 'warning' } },
      expected: [{ messageId: 'unused', path: [...IGNORE_PATH, 0], severity: 'warning' }],
    },
    {
      name: 'second document of a stream',
      code: `${yamlPolicy('', '', 'Allow')}---\n${yamlPolicy('  # gatewarden-ignore iam/invalid-effect\n', '', 'Allow')}`,
      format: 'yaml',
      expected: [{ messageId: 'unused', path: [], root: 1 }],
    },
  ],
});

test(`${RULE}: the suppressed finding is gone, the others stay`, () => {
  const text = yamlPolicy('  # gatewarden-ignore iam/invalid-effect\n').replace('Resource: "*"', 'Resource: "*"\n    Condtion: {}');
  assert.deepEqual(
    findings(text, 'yaml').map((f) => f.ruleId),
    ['iam/unknown-element'],
  );
});

test(`${RULE}: the finding of an unused comment underlines the rule id`, () => {
  const text = yamlPolicy('  # gatewarden-ignore iam/duplicate-sid\n', '', 'Allow');
  const [f] = findings(text, 'yaml', RULE);
  assert.equal(text.slice(f!.offset, f!.offset + f!.length), 'iam/duplicate-sid');
});

test(`${RULE}: Metadata hides findings inside its own resource only`, () => {
  const doc = template(['iam/invalid-effect']) as { Resources: Record<string, unknown> };
  const withOther = { ...doc, Resources: { ...doc.Resources, Other: { ...(doc.Resources['Policy'] as object), Metadata: {} } } };
  const got = findings(JSON.stringify(withOther, null, 2), 'json').map((f) => `${f.ruleId} ${f.path.slice(0, 2).join('.')}`);
  assert.deepEqual(got, ['iam/invalid-effect Resources.Other']);
});
