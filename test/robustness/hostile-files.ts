/**
 * A hostile workspace built from real objects, shared by the CLI and LSP tests of
 * hostile-files.test.ts: templates whose included API definitions are a link to /dev/zero,
 * a FIFO, a folder, a file over the size cap, a file outside the repository, an absolute
 * path elsewhere; and folders whose configuration file is each of those.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/core/index';

export const UNREADABLE_INCLUDE = 'apigw/unreadable-include';

/** A template whose only API takes its definition from `location`, and the text that names it. */
export interface TemplateCase {
  readonly name: string;
  readonly file: string;
  readonly text: string;
  /** The 0-based line of the value naming the file: where the one diagnostic must be. */
  readonly line: number;
}

export interface HostileTree {
  readonly top: string;
  /** The repository (it holds `.git`): templates and definitions. */
  readonly ws: string;
  readonly templates: readonly TemplateCase[];
  /** Folders (each a repository) whose `.gatewarden.yaml` is hostile, by case name. */
  readonly configs: readonly { readonly name: string; readonly dir: string }[];
  /** The folder holding every configuration case (the LSP test's workspace). */
  readonly configRoot: string;
  readonly cleanup: () => void;
}

const samTemplate = (location: string): string =>
  ['Transform: AWS::Serverless-2016-10-31', 'Resources:', '  PetsApi:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod', `      DefinitionUri: ${location}`, ''].join('\n');

const includeTemplate = (location: string): string =>
  [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Resources:',
    '  PetsApi:',
    '    Type: AWS::ApiGateway::RestApi',
    '    Properties:',
    '      Name: pets',
    '      Body:',
    '        Fn::Transform:',
    '          Name: AWS::Include',
    '          Parameters:',
    `            Location: ${location}`,
    '',
  ].join('\n');

const bodyS3Template = (location: string): string =>
  ["AWSTemplateFormatVersion: '2010-09-09'", 'Resources:', '  PetsApi:', '    Type: AWS::ApiGateway::RestApi', '    Properties:', '      Name: pets', `      BodyS3Location: ${location}`, ''].join('\n');

export const openApi = (route: string): string =>
  ['openapi: 3.0.1', 'info: {title: pets, version: "1"}', 'paths:', `  ${route}:`, '    get:', '      x-amazon-apigateway-integration: {type: mock}', ''].join('\n');

export const POLICY = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Alow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] }, null, 2);

/** One byte over the default cap: never read, whatever reads it. */
export const OVER_CAP = 'x'.repeat(DEFAULT_MAX_FILE_SIZE + 1);

export function makeHostileTree(): HostileTree {
  const top = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'gatewarden-hostile-')));
  const ws = path.join(top, 'ws');
  const outside = path.join(top, 'outside');
  fs.mkdirSync(path.join(ws, '.git'), { recursive: true });
  fs.mkdirSync(path.join(ws, 'apidir'));
  fs.mkdirSync(outside);
  // Above the repository: a configuration that would silence the rule if the lookup went past the root.
  fs.writeFileSync(path.join(top, '.gatewarden.yaml'), `rules:\n  ${UNREADABLE_INCLUDE}: off\n  iam/invalid-effect: off\n`);
  fs.writeFileSync(path.join(outside, 'api.yaml'), openApi('/secret-path'));
  fs.writeFileSync(path.join(outside, 'config.yaml'), 'rules: {}\n');
  fs.writeFileSync(path.join(ws, 'api.yaml'), openApi('/pets'));
  fs.writeFileSync(path.join(ws, 'big-api.yaml'), OVER_CAP);
  fs.symlinkSync('/dev/zero', path.join(ws, 'api-zero.yaml'));
  execFileSync('mkfifo', [path.join(ws, 'api-fifo.yaml')]);
  fs.writeFileSync(path.join(ws, 'policy.json'), POLICY);

  const cases: [string, string][] = [
    ['dev-zero', samTemplate('/dev/zero')],
    ['link-to-dev-zero', samTemplate('./api-zero.yaml')],
    ['fifo', samTemplate('./api-fifo.yaml')],
    ['folder', samTemplate('./apidir')],
    ['over-cap', samTemplate('./big-api.yaml')],
    ['outside', samTemplate('../outside/api.yaml')],
    ['etc-hostname', samTemplate('/etc/hostname')],
    ['include-dev-zero', includeTemplate('/dev/zero')],
    ['body-s3-fifo', bodyS3Template('./api-fifo.yaml')],
  ];
  const templates = cases.map(([name, text]): TemplateCase => {
    const file = path.join(ws, `${name}.template.yaml`);
    fs.writeFileSync(file, text);
    const lines = text.split('\n');
    return { name, file, text, line: lines.findIndex((l) => /DefinitionUri|Location:/.test(l)) };
  });
  fs.writeFileSync(path.join(ws, 'good.template.yaml'), samTemplate('./api.yaml'));

  const configRoot = path.join(top, 'configs');
  const configs: [string, (file: string) => void][] = [
    ['link-to-dev-zero', (file) => fs.symlinkSync('/dev/zero', file)],
    ['fifo', (file) => execFileSync('mkfifo', [file])],
    ['folder', (file) => fs.mkdirSync(file)],
    ['over-cap', (file) => fs.writeFileSync(file, `# ${OVER_CAP}\n`)],
    ['link-outside', (file) => fs.symlinkSync(path.join(outside, 'config.yaml'), file)],
  ];
  const configDirs = configs.map(([name, make]) => {
    const dir = path.join(configRoot, name);
    fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'policy.json'), POLICY);
    make(path.join(dir, '.gatewarden.yaml'));
    return { name, dir };
  });
  return { top, ws, templates, configs: configDirs, configRoot, cleanup: () => fs.rmSync(top, { recursive: true, force: true }) };
}
