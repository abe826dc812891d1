/** ask_user: a question for the user when the task cannot go on without their decision. */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { defineTool, ok } from './tool';

export const askUserSpec = {
  name: 'ask_user',
  description: 'Ask the user a question when you cannot decide yourself (unclear requirements, a risky choice). Keep it short; offer choices when there are few.',
  schema: lazySchema(() => z.strictObject({ question: z.string().min(1), choices: z.array(z.string().min(1)).max(6).optional() })),
};

export const askUserTool = defineTool(askUserSpec, async (args, ctx) => {
  if (!ctx.askUser) return ok('No user is available to answer (headless run). Decide yourself, state the assumption in your final summary, and go on.');
  const answer = await ctx.askUser.ask(args.question, { choices: args.choices, signal: ctx.signal });
  if (answer === null || answer.trim() === '') return ok('The user gave no answer. Choose the safest reasonable option and say so in your final summary.');
  return ok(`The user answered: ${answer}`);
});
