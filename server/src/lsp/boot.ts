/**
 * Entry point of `dist/server.js`: starts the language server bundle (`dist/server-main.js`,
 * built from main.ts) through V8's code cache, so that a start after the first does not
 * compile the bundle again (about 60 ms of a 230 ms cold start on a small policy, on the
 * machine of `npm run bench`).
 *
 * The cache is one file per bundle content (named by its SHA-256, since V8 itself checks only
 * the source's length), the SHA-256 of the cached data then the data: release builds of V8 do
 * not check the data's checksum, and a damaged body aborts the process while it is read, so a
 * file whose digest does not match is not handed to V8. It lives in a directory of the user's
 * own: `GATEWARDEN_CODE_CACHE_DIR` (the
 * extension passes its global storage), else `$XDG_CACHE_HOME/gatewarden` or
 * `~/.cache/gatewarden`. The directory is created private (0700) and used only while it is a
 * real directory owned by this user, and a cache file only while it is a regular file owned by
 * this user of at most MAX_CACHE_BYTES: V8 runs what the file holds. A cache V8 rejects, or
 * none, is written afresh once the server has started and analysed (WRITE_AFTER_MS), or at
 * exit if sooner, to a temporary name, flushed, then renamed, so two servers never read half
 * a file; the caches of other builds in the directory are then removed, and temporary files
 * a killed writer left behind. Any failure to read or
 * write it only loses the cache; `GATEWARDEN_CODE_CACHE=off` turns it off. What happened is
 * left in `globalThis.gatewardenCodeCache` for server.ts to log.
 *
 * It reads only the bundle beside it and its own cache, never a workspace path, so it does
 * not go through the file host (server/src/host), like the bundled IAM data loader.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeSync, constants } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { Script } from 'node:vm';

const MAX_CACHE_BYTES = 64 * 1024 * 1024;
const WRITE_AFTER_MS = 3000;
const DIGEST_BYTES = 32;
/** A temporary file older than this is a writer's that was killed. */
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

/** What became of the cache in this start. */
type CacheState = 'used' | 'rejected' | 'absent' | 'off' | 'unavailable';

// V8 rejects a cache made under other flags, and the memory keeper (memory.ts) turns on
// --expose-gc once the server runs: turned on here first, the flags are the same when the
// cache is read as when it is written.
setFlagsFromString('--expose-gc');

const main = join(__dirname, 'server-main.js');
const source = readFileSync(main, 'utf8');
const directory = cacheDirectory();
const file = directory ? join(directory, `server-${createHash('sha256').update(source).digest('hex').slice(0, 32)}.bin`) : undefined;
const cachedData = file ? readCache(file) : undefined;
const script = new Script(Module.wrap(source), { filename: main, cachedData });
const state: CacheState = !file ? (process.env.GATEWARDEN_CODE_CACHE === 'off' ? 'off' : 'unavailable') : !cachedData ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
(globalThis as { gatewardenCodeCache?: CacheState }).gatewardenCodeCache = state;
if (file && state !== 'used') {
  // After the start and the first analysis, so the cache holds the functions they compiled,
  // or at exit if that comes first.
  let written = false;
  const write = (): void => {
    if (!written) {
      written = true;
      writeCache(file, script);
    }
  };
  setTimeout(write, WRITE_AFTER_MS).unref();
  process.once('exit', write);
}
const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
const bundle = { exports: {} };
run.call(bundle.exports, bundle.exports, createRequire(main), bundle, main, dirname(main));

/** The cache directory, made private if missing; undefined when it cannot be trusted or made. */
function cacheDirectory(): string | undefined {
  if (process.env.GATEWARDEN_CODE_CACHE === 'off') {
    return undefined;
  }
  const xdg = process.env.XDG_CACHE_HOME;
  const dir = process.env.GATEWARDEN_CODE_CACHE_DIR || (xdg ? join(xdg, 'gatewarden') : join(homedir(), '.cache', 'gatewarden'));
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    // Not writable by others (Windows reports no such modes; its profile directories are the user's).
    return stat.isDirectory() && ownedByUs(stat.uid) && (process.platform === 'win32' || (stat.mode & 0o022) === 0) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/** The cached data in a cache file: a regular file (not a link), ours, not too large, whose digest matches; else undefined. */
function readCache(path: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    // Where O_NOFOLLOW is not (Windows), a link is refused by looking first.
    if (lstatSync(path).isSymbolicLink()) {
      return undefined;
    }
    // O_NOFOLLOW: a link at the cache's name is not followed; O_NONBLOCK: a FIFO does not hang the open.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (!stat.isFile() || !ownedByUs(stat.uid) || stat.size <= DIGEST_BYTES || stat.size > MAX_CACHE_BYTES) {
      return undefined;
    }
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < bytes.length) {
      const n = readSync(fd, bytes, read, bytes.length - read, read);
      if (n === 0) {
        return undefined;
      }
      read += n;
    }
    const data = bytes.subarray(DIGEST_BYTES);
    return digest(data).equals(bytes.subarray(0, DIGEST_BYTES)) ? data : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) {
      closeSync(fd);
    }
  }
}

function writeCache(path: string, compiled: Script): void {
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    const data = compiled.createCachedData();
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeSync(fd, Buffer.concat([digest(data), data]));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    // The caches of other builds go (one file per build would pile up with every update), and
    // what a writer killed halfway left.
    const dir = dirname(path);
    for (const name of readdirSync(dir)) {
      const other = join(dir, name);
      if ((/^server-[0-9a-f]{32}\.bin$/.test(name) && other !== path) || (/^server-[0-9a-f]{32}\.bin\.\d+\.tmp$/.test(name) && Date.now() - lstatSync(other).mtimeMs > STALE_TEMPORARY_MS)) {
        unlinkSync(other);
      }
    }
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // Nothing was written.
    }
  }
}

function digest(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

function ownedByUs(uid: number): boolean {
  return typeof process.getuid !== 'function' || uid === process.getuid();
}
