/**
 * The file host against the real objects a hostile repository can hold: links to devices,
 * FIFOs, folders, sockets, files over the cap, paths and links that leave the allowed
 * folder. Each read must come back at once with the typed problem, never block, never read
 * past the cap. And the folder walk: no linked folder entered, no special file taken.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { createCliBoundary, createRepositoryRoots, type ReadResult } from '../../server/src/host/host';
import { nodeHost } from '../../server/src/host/node';
import { walkFiles, walkFilesAsync } from '../../server/src/host/walk';

const CAP = 1000;

let top = '';
let ws = '';
let server: net.Server | undefined;

before(async () => {
  top = fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-host-'));
  ws = path.join(top, 'ws');
  fs.mkdirSync(path.join(ws, 'folder'), { recursive: true });
  fs.mkdirSync(path.join(top, 'outside'));
  fs.writeFileSync(path.join(top, 'outside', 'secret.yaml'), 'secret: 1\n');
  fs.writeFileSync(path.join(ws, 'plain.yaml'), '\uFEFFa: 1\n');
  fs.writeFileSync(path.join(ws, 'exact.yaml'), 'x'.repeat(CAP));
  fs.writeFileSync(path.join(ws, 'big.yaml'), 'x'.repeat(CAP + 1));
  fs.symlinkSync('/dev/zero', path.join(ws, 'zero.yaml'));
  fs.symlinkSync('plain.yaml', path.join(ws, 'inner-link.yaml'));
  fs.symlinkSync('../outside/secret.yaml', path.join(ws, 'outer-link.yaml'));
  fs.symlinkSync('nowhere.yaml', path.join(ws, 'dangling.yaml'));
  execFileSync('mkfifo', [path.join(ws, 'pipe.yaml')]);
  server = net.createServer();
  await new Promise<void>((resolve) => server!.listen(path.join(ws, 'socket.yaml'), resolve));
});

after(() => {
  server?.close();
  fs.rmSync(top, { recursive: true, force: true });
});

/** What a read gives, without the text (compared separately). */
function shape(read: ReadResult): Record<string, unknown> {
  return read.kind === 'ok' ? { kind: 'ok' } : { ...read };
}

describe('nodeHost.readFile', () => {
  const cases: { name: string; file: () => string; within?: () => string[]; expected: Record<string, unknown> }[] = [
    { name: 'a regular file', file: () => path.join(ws, 'plain.yaml'), expected: { kind: 'ok' } },
    { name: 'a file exactly at the cap', file: () => path.join(ws, 'exact.yaml'), expected: { kind: 'ok' } },
    { name: 'a file one byte over the cap', file: () => path.join(ws, 'big.yaml'), expected: { kind: 'too-large', size: CAP + 1, limit: CAP } },
    { name: 'a link to /dev/zero', file: () => path.join(ws, 'zero.yaml'), expected: { kind: 'not-a-file', type: 'device' } },
    { name: 'a link to /dev/zero, within the folder', file: () => path.join(ws, 'zero.yaml'), within: () => [ws], expected: { kind: 'outside-workspace' } },
    { name: '/dev/zero itself', file: () => '/dev/zero', expected: { kind: 'not-a-file', type: 'device' } },
    { name: 'a FIFO', file: () => path.join(ws, 'pipe.yaml'), within: () => [ws], expected: { kind: 'not-a-file', type: 'fifo' } },
    { name: 'a socket', file: () => path.join(ws, 'socket.yaml'), within: () => [ws], expected: { kind: 'not-a-file', type: 'socket' } },
    { name: 'a folder', file: () => path.join(ws, 'folder'), within: () => [ws], expected: { kind: 'not-a-file', type: 'directory' } },
    { name: 'a missing file', file: () => path.join(ws, 'missing.yaml'), within: () => [ws], expected: { kind: 'unreadable', code: 'ENOENT' } },
    { name: 'a dangling link', file: () => path.join(ws, 'dangling.yaml'), within: () => [ws], expected: { kind: 'unreadable', code: 'ENOENT' } },
    { name: 'a link inside the folder', file: () => path.join(ws, 'inner-link.yaml'), within: () => [ws], expected: { kind: 'ok' } },
    { name: 'a link out of the folder', file: () => path.join(ws, 'outer-link.yaml'), within: () => [ws], expected: { kind: 'outside-workspace' } },
    { name: 'a relative path out of the folder', file: () => path.join(ws, '..', 'outside', 'secret.yaml'), within: () => [ws], expected: { kind: 'outside-workspace' } },
    { name: 'an absolute path elsewhere', file: () => '/etc/hostname', within: () => [ws], expected: { kind: 'outside-workspace' } },
    { name: 'an absolute path that does not exist, elsewhere (not probed)', file: () => '/etc/no-such-file.yaml', within: () => [ws], expected: { kind: 'outside-workspace' } },
    { name: 'a file: URI', file: () => `file://${path.join(ws, 'plain.yaml')}`, within: () => [ws], expected: { kind: 'ok' } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const read = nodeHost.readFile(c.file(), { maxBytes: CAP, within: c.within?.() });
      assert.deepEqual(shape(read), c.expected);
    });
  }

  test('the text comes without its byte-order mark, with the resolved path', () => {
    const read = nodeHost.readFile(path.join(ws, 'inner-link.yaml'), { maxBytes: CAP });
    assert.deepEqual(read, { kind: 'ok', text: 'a: 1\n', realPath: fs.realpathSync(path.join(ws, 'plain.yaml')) });
  });
});

describe('walkFiles', () => {
  let root = '';
  before(() => {
    root = path.join(top, 'walk');
    fs.mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
    fs.writeFileSync(path.join(root, 'real.json'), '{}');
    fs.writeFileSync(path.join(root, 'a', 'b', 'deep.json'), '{}');
    fs.symlinkSync('real.json', path.join(root, 'inner.json'));
    fs.symlinkSync('../outside/secret.yaml', path.join(root, 'outer.yaml'));
    fs.symlinkSync('/dev/zero', path.join(root, 'zero.json'));
    execFileSync('mkfifo', [path.join(root, 'pipe.json')]);
    // A cycle, and a folder link that leaves the root.
    fs.symlinkSync('..', path.join(root, 'a', 'loop'));
    fs.symlinkSync('/etc', path.join(root, 'etc'));
    fs.symlinkSync('../outside', path.join(root, 'out'));
  });

  test('takes regular files and links to regular files inside; enters no linked folder; skips special files', () => {
    const found = walkFiles(nodeHost, root, { enter: () => true, accept: () => true }).map((f) => path.relative(root, f));
    assert.deepEqual(found, [path.join('a', 'b', 'deep.json'), 'inner.json', 'real.json']);
  });

  test('the async walk finds the same files, pausing once before each folder it lists', async () => {
    let pauses = 0;
    const found = await walkFilesAsync(nodeHost, root, { enter: () => true, accept: () => true }, async () => {
      pauses++;
    });
    assert.deepEqual(found, walkFiles(nodeHost, root, { enter: () => true, accept: () => true }));
    // The root, a and a/b: linked folders are not listed.
    assert.equal(pauses, 3);
  });

  test('a depth limit stops the walk', () => {
    const found = walkFiles(nodeHost, root, { enter: () => true, accept: () => true, maxDepth: 1 }).map((f) => path.relative(root, f));
    assert.deepEqual(found, ['inner.json', 'real.json']);
  });
});

describe('boundaries', () => {
  test('the repository root is the nearest folder above with a .git entry, file or folder', () => {
    const repo = path.join(top, 'repo');
    fs.mkdirSync(path.join(repo, 'sub', 'module', 'deep'), { recursive: true });
    fs.mkdirSync(path.join(repo, '.git'));
    fs.writeFileSync(path.join(repo, 'sub', 'module', '.git'), 'gitdir: ../../.git/modules/m\n');
    const roots = createRepositoryRoots(nodeHost);
    assert.equal(roots(path.join(repo, 'sub')), repo);
    assert.equal(roots(path.join(repo, 'sub', 'module', 'deep')), path.join(repo, 'sub', 'module'));
    assert.equal(roots(path.join(top, 'outside')), undefined);
  });

  test('without a repository, the current folder bounds what is in it, and a folder elsewhere bounds itself', () => {
    const boundary = createCliBoundary(nodeHost, ws);
    assert.equal(boundary(path.join(ws, 'folder')), ws);
    assert.equal(boundary(path.join(top, 'outside')), path.join(top, 'outside'));
  });
});

describe('the host is the only reader', () => {
  test('no module of server/src but the host, the bundled IAM data loader and the boot loader (its bundle and code cache) imports fs', () => {
    const src = path.resolve(__dirname, '../../../server/src');
    const offenders: string[] = [];
    const visit = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) {
          visit(full);
        } else if (e.name.endsWith('.ts') && /from ['"](node:)?fs(\/promises)?['"]|require\(['"](node:)?fs/.test(fs.readFileSync(full, 'utf8'))) {
          offenders.push(path.relative(src, full).split(path.sep).join('/'));
        }
      }
    };
    visit(src);
    assert.deepEqual(offenders.sort(), ['host/node.ts', 'lsp/boot.ts', 'node/iam-data.ts']);
  });
});
