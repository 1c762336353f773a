/**
 * Entry point of `dist/server.js`. `createConnection` picks the transport from the command
 * line: `--stdio` for tests and other editors, node IPC when VS Code's client forks us.
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all));
