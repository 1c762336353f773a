// `npm run package`: the .vsix, <name>-<version>.vsix at the repository root. The npm package
// and the extension ship different files: package.json's `files` lists the CLI's (bin,
// dist/cli.js, the IAM tables, the rule pages) and .vscodeignore allow-lists the extension's.
// vsce refuses a manifest holding `files` beside a .vscodeignore, so the extension is staged
// in out/vsix (the manifest without `files`, .vscodeignore, and the top-level entries its
// allow-list names) and vsce packages that folder; .vscodeignore still decides what ships.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, 'out', 'vsix');
const run = (command, args, cwd) => {
  const result = spawnSync(command, args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) {
    process.exit(result.status ?? 1);
  }
};

// Type-check, lint and the production bundles, in the repository.
run('npm', ['run', 'vscode:prepublish'], root);

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const extension = { ...manifest };
delete extension.files;
delete extension.scripts;
rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
// No scripts: vscode:prepublish has run above, and nothing else may run in the stage.
writeFileSync(join(stage, 'package.json'), `${JSON.stringify(extension, null, 2)}\n`);
const allowList = readFileSync(join(root, '.vscodeignore'), 'utf8');
const entries = new Set(['.vscodeignore']);
for (const line of allowList.split('\n')) {
  const match = /^!\/?([^/*]+)/.exec(line.trim());
  if (match && match[1] !== 'package.json') {
    entries.add(match[1]);
  }
}
for (const entry of entries) {
  if (existsSync(join(root, entry))) {
    cpSync(join(root, entry), join(stage, entry), { recursive: true });
  }
}
const vsix = join(root, `${manifest.name}-${manifest.version}.vsix`);
run(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], stage);
