/**
 * Documents shared by the LSP tests, written out in full so expected ranges can be
 * computed from the exact text the server sees.
 */
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';

export const INVALID_EFFECT = 'iam/invalid-effect';

/** An identity policy whose only problem is `"Effect": "<effect>"`, as 2-space JSON. */
export function jsonPolicy(effect: string): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/*' }] }, null, 2);
}

/** The same policy as block YAML with a plain Effect scalar. */
export function yamlPolicy(effect: string): string {
  return ['Version: "2012-10-17"', 'Statement:', `  - Effect: ${effect}`, '    Action: s3:GetObject', '    Resource: "arn:aws:s3:::bucket/*"', ''].join('\n');
}

export const PACKAGE_JSON = JSON.stringify(
  { name: 'demo', version: '1.0.0', scripts: { test: 'node --test' }, dependencies: { yaml: '2.9.1' } },
  null,
  2,
);

export const DOCKER_COMPOSE = [
  'version: "3.8"',
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    ports:',
  '      - "8080:80"',
  '    deploy:',
  '      resources:',
  '        limits:',
  '          cpus: "0.5"',
  '',
].join('\n');

/** JSON that stops in the middle of a statement: a policy, but not valid JSON. */
export const BROKEN_JSON_POLICY = '{"Version": "2012-10-17", "Statement": [ {"Effect": "Allow" ';

export function withCode(params: PublishDiagnosticsParams, code: string): Diagnostic[] {
  return params.diagnostics.filter((d) => d.code === code);
}

export function hasCode(params: PublishDiagnosticsParams, code: string): boolean {
  return withCode(params, code).length > 0;
}
