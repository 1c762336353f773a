/**
 * The file host the language server reads through (server/src/host): the workspace index,
 * included API definitions and configuration files all go through it. A browser build of
 * the server would provide its own here.
 */
import type { FileHost } from '../host/host';
import { nodeHost } from '../host/node';

export const host: FileHost = nodeHost;
