/**
 * The client's restart policy after crashes: restarts up to the limit within the window,
 * then stops; tells the user once a session; a manual restart opens a new window.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRestartPolicy, MAX_RESTARTS, RESTART_WINDOW_MS } from '../../client/src/restart';

describe('client restart policy', () => {
  test('restarts five times within three minutes, then stops; only the first crash notifies', () => {
    let clock = 0;
    const policy = createRestartPolicy(MAX_RESTARTS, RESTART_WINDOW_MS, () => clock);
    const decisions = [];
    for (let i = 0; i < MAX_RESTARTS + 1; i++) {
      clock += 1000;
      decisions.push(policy.crashed());
    }
    assert.deepEqual(
      decisions.map((d) => [d.restart, d.crashes, d.notify]),
      [
        [true, 1, true],
        [true, 2, false],
        [true, 3, false],
        [true, 4, false],
        [true, 5, false],
        [false, 6, false],
      ],
    );
  });

  test('crashes older than the window no longer count against the limit', () => {
    let clock = 0;
    const policy = createRestartPolicy(2, 10_000, () => clock);
    assert.equal(policy.crashed().restart, true);
    clock = 5_000;
    assert.equal(policy.crashed().restart, true);
    clock = 12_000; // the first crash is out of the window: two in it, still allowed
    const third = policy.crashed();
    assert.deepEqual([third.restart, third.crashes, third.notify], [true, 3, false]);
    clock = 13_000; // three within 10 s: stop
    assert.equal(policy.crashed().restart, false);
  });

  test('a manual restart gives the server a fresh window, without a second notification', () => {
    let clock = 0;
    const policy = createRestartPolicy(1, 60_000, () => clock);
    assert.equal(policy.crashed().notify, true);
    clock = 1;
    assert.equal(policy.crashed().restart, false);
    policy.reset();
    clock = 2;
    const after = policy.crashed();
    assert.deepEqual([after.restart, after.crashes, after.notify], [true, 3, false]);
  });
});
