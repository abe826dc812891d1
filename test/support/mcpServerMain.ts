/**
 * The test MCP server over stdio, as a child process: `node --import tsx test/support/mcpServerMain.ts` (pass tsx as a file URL when the cwd is elsewhere).
 * Each write_note text is appended as a line to the file named by MCP_NOTES_FILE (when set).
 * MCP_PAGE_SIZE pages tools/list.
 */
import * as fs from 'node:fs';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createTestMcpServer } from './mcpServer';

const notesFile = process.env.MCP_NOTES_FILE;
const server = createTestMcpServer({
  pageSize: process.env.MCP_PAGE_SIZE ? Number(process.env.MCP_PAGE_SIZE) : undefined,
  onNote: (text) => notesFile && fs.appendFileSync(notesFile, `${text}\n`),
});
void server.connect(new StdioServerTransport());
// Like most servers: end when the client closes stdin.
process.stdin.on('end', () => process.exit(0));
