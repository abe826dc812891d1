/**
 * The `openai` SDK, required on first use. In the bundles it is its own chunk (dist/openai.js, see
 * esbuild.options.mjs), so activating the extension or starting the CLI does not compile it; a require
 * (not `import()`) keeps one copy of the SDK under tsx too, so `instanceof APIError` holds everywhere.
 */
export const openaiSdk = (): typeof import('openai') => require('openai');
