/** update_plan: replace the task's todo list (the user sees it as a checklist). */
import { z } from 'zod';
import { lazySchema } from '../lazySchema';
import { formatPlan } from '../agent/plan';
import { defineTool, fail, ok } from './tool';

export const updatePlanSpec = {
  name: 'update_plan',
  description: 'Set the plan for the task: the full list of steps with their status. Call it at the start and whenever a step starts or is done. At most one step is in_progress.',
  schema: lazySchema(() => z.strictObject({
    steps: z.array(z.strictObject({ step: z.string().min(1), status: z.enum(['pending', 'in_progress', 'done']) })).min(1).max(50),
  })),
};

export const updatePlanTool = defineTool(updatePlanSpec, async (args, ctx) => {
  const active = args.steps.filter((s) => s.status === 'in_progress').length;
  if (active > 1) return fail(`${active} steps are in_progress; mark at most one.`);
  ctx.state.plan = args.steps.map((s) => ({ step: s.step, status: s.status }));
  ctx.notify({ type: 'planUpdated', plan: ctx.state.plan });
  return ok(`Plan updated:\n${formatPlan(ctx.state.plan)}`);
});
