/**
 * zod, full and mini, as one lazy chunk (dist/zodChunk.js; esbuild.options.mjs): the extension's
 * bundle gets stand-ins for `zod` and `zod/mini` that require this file on first use, so V8 does not
 * compile zod when Forge activates (schemas are built on first use anyway: src/core/lazySchema.ts).
 */
export { z } from 'zod';
export * as mini from 'zod/mini';
