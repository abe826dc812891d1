/** The task's plan: a todo list the model keeps with update_plan and the user watches. */
export type PlanStatus = 'pending' | 'in_progress' | 'done';

export interface PlanItem {
  step: string;
  status: PlanStatus;
}

const MARK: Record<PlanStatus, string> = { pending: '[ ]', in_progress: '[~]', done: '[x]' };

export function formatPlan(plan: PlanItem[]): string {
  return plan.length ? plan.map((p) => `${MARK[p.status]} ${p.step}`).join('\n') : '(no plan yet)';
}
