/**
 * Where the Gatewarden package lives on disk, found from this file's own location. The
 * same code runs bundled (dist/cli.js) and compiled for tests (out/server/src/cli/*.js),
 * so instead of a fixed `..` the folders above are searched for our package.json.
 */
import * as path from 'node:path';
import { host } from './host';

const PACKAGE_NAME = 'gatewarden';

interface PackageInfo {
  readonly root: string;
  readonly version: string;
}

/** The package root and version, or `undefined` when no package.json of ours is above `start`. */
export function packageInfo(start: string = __dirname): PackageInfo | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const found = readPackage(dir);
    if (found || path.dirname(dir) === dir) {
      return found;
    }
  }
}

function readPackage(dir: string): PackageInfo | undefined {
  // Our own manifest is small; a bigger or odd file here is not it.
  const read = host.readFile(path.join(dir, 'package.json'), { maxBytes: 1024 * 1024 });
  if (read.kind !== 'ok') {
    return undefined;
  }
  try {
    const manifest = JSON.parse(read.text) as { name?: unknown; version?: unknown };
    if (manifest.name === PACKAGE_NAME && typeof manifest.version === 'string') {
      return { root: dir, version: manifest.version };
    }
  } catch {
    // No readable package.json here; keep looking higher up.
  }
  return undefined;
}
