/**
 * The server's own garbage collection while a large document is edited (lsp/memory.ts): it
 * collects only once the heap has grown by GROWTH over the last live size and by FLOOR_BYTES,
 * and the collector it exposes at run time really frees what is unreachable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getHeapStatistics } from 'node:v8';
import { createMemoryKeeper, FLOOR_BYTES, GROWTH } from '../../server/src/lsp/memory';

const MB = 1024 * 1024;

test('a collection is asked for only past both bounds, and the live size follows each one', () => {
  let heap = 400 * MB;
  const collections: number[] = [];
  const keeper = createMemoryKeeper(
    () => {
      collections.push(heap);
      heap = 410 * MB; // what is live after the collection
    },
    () => heap,
  );
  // 15% of 400 MB is 60 MB, over the 48 MB floor: 59 MB of growth is not enough.
  heap = 459 * MB;
  assert.equal(keeper.collectIfGrown(), false);
  heap = 461 * MB;
  assert.equal(keeper.collectIfGrown(), true);
  assert.deepEqual(collections, [461 * MB]);
  // The bound is now over the 410 MB left live.
  heap = 410 * MB + 410 * MB * GROWTH - MB;
  assert.equal(keeper.collectIfGrown(), false);
  heap = 410 * MB + 410 * MB * GROWTH + MB;
  assert.equal(keeper.collectIfGrown(), true);
  assert.equal(collections.length, 2);
});

test('collect() collects whatever the growth, and the bound follows what it left live', () => {
  let heap = 100 * MB;
  let collected = 0;
  const keeper = createMemoryKeeper(
    () => {
      collected++;
      heap = 300 * MB; // an index was built: most of it stays live
    },
    () => heap,
  );
  heap = 900 * MB;
  keeper.collect();
  assert.equal(collected, 1);
  // The bound is now the 48 MB floor (over 15% of 300 MB) above 300 MB: 340 MB is under it.
  heap = 340 * MB;
  assert.equal(keeper.collectIfGrown(), false);
  assert.equal(collected, 1);
});

test('a small heap never collects under the floor, and a heap that shrank lowers the bound', () => {
  let heap = 20 * MB;
  let collected = 0;
  const keeper = createMemoryKeeper(() => collected++, () => heap);
  heap = 20 * MB + FLOOR_BYTES - MB; // far over 15%, under the floor
  assert.equal(keeper.collectIfGrown(), false);
  heap = 10 * MB; // a large document closed
  assert.equal(keeper.collectIfGrown(), false);
  heap = 10 * MB + FLOOR_BYTES + MB;
  assert.equal(keeper.collectIfGrown(), true);
  assert.equal(collected, 1);
});

test('the collector exposed at run time frees unreachable data', () => {
  const keeper = createMemoryKeeper();
  // Garbage well over the floor: arrays of objects no one holds.
  let garbage: unknown[][] | undefined = Array.from({ length: 64 }, () => Array.from({ length: 40_000 }, (_, i) => ({ i, s: `x${i}` })));
  const before = getHeapStatistics().used_heap_size;
  assert.ok(garbage.length === 64);
  garbage = undefined;
  assert.equal(keeper.collectIfGrown(), true, 'the heap grew past the bound');
  const after = getHeapStatistics().used_heap_size;
  assert.ok(after < before - FLOOR_BYTES, `${Math.round(before / MB)} MB -> ${Math.round(after / MB)} MB`);
});
