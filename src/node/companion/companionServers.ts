/**
 * The companion servers, required on first use from their own chunk (dist/companion.js, see
 * esbuild.options.mjs): they bring the MCP SDK's server side and ws, which activation must not load.
 */
export { startClaudeCompanion } from './claudeCompanion';
export { startGeminiCompanion } from './geminiCompanion';
