/**
 * The parts of the MCP SDK Forge's client uses. The SDK (with ajv and its own zod) is about 250 KB of
 * bundle, and only a task with MCP servers needs it: the bundles require this file on first use
 * from its own chunk (dist/mcpSdk.js, see esbuild.options.mjs), never at activation.
 */
export { Client } from '@modelcontextprotocol/sdk/client/index.js';
export { getDefaultEnvironment, StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
export { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
