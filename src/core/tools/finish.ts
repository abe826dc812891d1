/** finish: ends the task with a summary for the user. */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { defineTool, ok } from './tool';

export const finishSpec = {
  name: 'finish',
  description: 'Finish the task. Give the user a short summary: what changed (files), how it was checked, and anything left to do.',
  schema: lazySchema(() => z.strictObject({ summary: z.string().min(1) })),
};

export const finishTool = defineTool(finishSpec, async (args, ctx) => {
  ctx.state.finished = { summary: args.summary };
  return ok('Task finished.');
});
