/**
 * The file host the command line reads through (server/src/host), and the bounds it reads
 * within. Every CLI module that touches the disk takes them from here.
 */
import * as path from 'node:path';
import { DEFAULT_MAX_FILE_SIZE } from '../core/index';
import { createConfigResolver, type ConfigResolver } from '../config/load';
import { createCliBoundary, type FileHost } from '../host/host';
import { nodeHost } from '../host/node';

export const host: FileHost = nodeHost;

export { DEFAULT_MAX_FILE_SIZE };

/**
 * The folder that bounds reads for files in a folder: the repository root above it, else
 * `cwd` when the folder is in it, else the folder itself (server/src/host/host.ts).
 */
export function cliBoundary(cwd: string, fileHost: FileHost = host): (folder: string) => string {
  return createCliBoundary(fileHost, path.resolve(cwd));
}

/** The configuration resolver of a run: lookups stop at the boundary, files capped like documents. */
export function cliConfigResolver(cwd: string, maxBytes?: number, fileHost: FileHost = host): ConfigResolver {
  return createConfigResolver({ host: fileHost, boundary: cliBoundary(cwd, fileHost), maxBytes });
}
