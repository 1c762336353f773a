/**
 * The boot loader (server/src/lsp/boot.ts) starts the server bundle through V8's code cache:
 * the first start writes the cache, the next uses it, and whatever is found at the cache's
 * place that cannot be trusted (a damaged file, garbage, a link, a link to /dev/zero, a FIFO,
 * a folder, a directory others may write) is not used, and the server starts and answers all
 * the same. The log line "Code cache: STATE." says what happened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, startClient } from './client';
import { INVALID_EFFECT, hasCode, jsonPolicy } from './fixtures';

/** Starts a server with `dir` as its cache, checks it answers, and returns the cache state it logged. */
async function start(dir: string, env: Record<string, string> = {}): Promise<string | undefined> {
  const client = await startClient({ env: { GATEWARDEN_CODE_CACHE_DIR: dir, ...env } });
  try {
    const uri = fileUri('cached.json');
    await client.open(uri, 'json', jsonPolicy('Alow'));
    await client.waitForDiagnostics(uri, (p) => p.version === 1 && hasCode(p, INVALID_EFFECT));
    const started = Date.now();
    while (!client.logs.some((l) => l.message.startsWith('Code cache: ')) && Date.now() - started < 5000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return /^Code cache: (\w+)\./.exec(client.logs.find((l) => l.message.startsWith('Code cache: '))?.message ?? '')?.[1];
  } finally {
    await client.dispose();
  }
}

const cacheFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.bin'));

test('the first start writes the code cache and the next one uses it', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'gw-cache-')), 'cache');
  try {
    // Another build's cache is removed when this build's is written.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const other = `server-${'0'.repeat(32)}.bin`;
    writeFileSync(join(dir, other), 'another build');
    assert.equal(await start(dir), 'absent');
    assert.equal(cacheFiles(dir).length, 1);
    assert.ok(!cacheFiles(dir).includes(other));
    assert.equal(await start(dir), 'used');
    assert.equal(await start(dir, { GATEWARDEN_CODE_CACHE: 'off' }), 'off');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('what cannot be trusted at the cache\'s place is not used, and the server starts all the same', async () => {
  const root = mkdtempSync(join(tmpdir(), 'gw-cache-'));
  const dir = join(root, 'cache');
  try {
    assert.equal(await start(dir), 'absent');
    const [name] = cacheFiles(dir);
    assert.ok(name);
    const path = join(dir, name);

    // A damaged body (V8 would abort the process reading it): its digest does not match, so it
    // is not used, and the cache is written again.
    const good = readFileSync(path);
    const damaged = Buffer.from(good);
    for (let i = 4096; i < 4112; i++) {
      damaged[i] = damaged[i]! ^ 0xff;
    }
    writeFileSync(path, damaged);
    assert.equal(await start(dir), 'absent');
    assert.equal(await start(dir), 'used');

    // Garbage with a matching digest: V8 rejects it (its header), and it is written again.
    const garbage = Buffer.alloc(4096, 7);
    writeFileSync(path, Buffer.concat([createHash('sha256').update(garbage).digest(), garbage]));
    assert.equal(await start(dir), 'rejected');
    assert.equal(await start(dir), 'used');

    // A link at the cache's name, to a file another start wrote: not followed.
    const elsewhere = join(root, 'elsewhere.bin');
    execFileSync('cp', [path, elsewhere]);
    rmSync(path);
    symlinkSync(elsewhere, path);
    assert.equal(await start(dir), 'absent');

    // A FIFO at the cache's name: neither read nor waited on.
    rmSync(path, { force: true });
    execFileSync('mkfifo', [path]);
    assert.equal(await start(dir), 'absent');

    // A link to /dev/zero, and a folder, at the cache's name: neither is read.
    rmSync(path, { force: true });
    symlinkSync('/dev/zero', path);
    assert.equal(await start(dir), 'absent');
    rmSync(path, { force: true });
    mkdirSync(path);
    assert.equal(await start(dir), 'absent');

    // A directory others may write to: not used at all.
    const open = join(root, 'open');
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    assert.equal(await start(open), 'unavailable');
    assert.deepEqual(cacheFiles(open), []);

    // A file where the directory should be: no cache, no failure.
    const blocked = join(root, 'blocked');
    writeFileSync(blocked, 'not a directory');
    assert.equal(await start(blocked), 'unavailable');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
