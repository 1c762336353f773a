/**
 * Incremental answers equal fresh ones, through the LSP (issue 13): a short seeded run of
 * test/robustness/incremental-lib.ts (`npm run fuzz` runs a longer one), and each
 * difference it has found, as a named regression test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeFailure, JSON_POLICY, runDifferential, samBase, type ScriptedEdit } from './incremental-lib';

for (const seed of [1, 2, 3]) {
  test(`random edit sequences (seed ${seed}): one server's answers equal a fresh server's`, async () => {
    const result = await runDifferential({ seed, sequences: 6, maxEdits: 25 });
    assert.ok(result.edits > 0, 'the run made edits');
    assert.deepEqual(result.failures.map((f) => describeFailure(seed, f)), []);
  });
}

/** Regressions: each a sequence that once gave a different answer than a fresh server. */
/** Found by `npm run fuzz` (seed 11): a policy broken so that no statement is read any more. */
const BROKEN_POLICY =
  '{\n  "Version": "2012-10-17",\n  "Statement": [\n  "Statement": [\n    {\n      "Sid"}: "Read",\n      "Sid": "Read",\n      "Eect": "Allow",\n      "Action": !Sub [\n        "s3:GetObject]",\n        "s3:List*"\n        "s3:List*"\n      ],\n      "Resource": !If [\n        - !Ref Stage"\n        "[*"\n        "*"\n    },\n    {\n      "Efect": "Deny",\n      "NotAction": "iam:*",\n      "Condition": {\n        "StringEquals": {\n          "aws:PipalTag/team": "x"\n        }\n      }\n    }\n  ]\n}';

const REGRESSIONS: { name: string; text: string; languageId?: 'json' | 'yaml'; openVersion?: number; edits: ScriptedEdit[]; hovers?: number[] }[] = [
  {
    // A document end marker inside an entry: parsed alone the entry looked whole.
    name: 'a "..." line typed inside a resource',
    text: samBase(1),
    edits: [{ at: samBase(1).indexOf('      Runtime'), length: 0, insert: '...\n' }],
  },
  {
    // The parse cache was keyed by version: 5, then 3, then 5 again with another text gave
    // the first text's answers.
    name: 'a version number used again for a different text',
    text: samBase(1),
    openVersion: 5,
    edits: [
      { at: samBase(1).indexOf('Effect: Allow'), length: 'Effect: Allow'.length, insert: 'Effect: Alow', version: 3, rush: true },
      { at: samBase(1).indexOf('Effect: Allow'), length: 'Effect: Alow'.length, insert: 'Effect: Deny', version: 5 },
    ],
  },
  {
    // The hover on "iam:*" explained the action only where an earlier text had loaded the
    // IAM service's tables: the broken text's statement is not read, so it named none.
    name: 'a hover on an action in a policy too broken to read its statements',
    text: JSON_POLICY,
    languageId: 'json',
    edits: [{ at: 0, length: JSON_POLICY.length, insert: BROKEN_POLICY }],
    hovers: [BROKEN_POLICY.indexOf('iam:*')],
  },
];

for (const r of REGRESSIONS) {
  test(`regression: ${r.name}`, async () => {
    const result = await runDifferential({ seed: 0, sequences: 1, bases: [{ name: r.name, languageId: r.languageId ?? 'yaml', text: r.text }], script: r.edits, openVersion: r.openVersion, hovers: r.hovers });
    assert.equal(result.edits, r.edits.length);
    assert.deepEqual(result.failures.map((f) => describeFailure(0, f)), []);
  });
}
