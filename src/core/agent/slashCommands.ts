/**
 * Slash commands at the start of a chat message: what each turns the message into. The mentions a
 * command implies (@selection for /edit, @problems for /fix) are added to the text, so they resolve
 * and show as chips like typed ones.
 */

export interface SlashCommand {
  name: string;
  /** What the list says it does. */
  detail: string;
  /** Whether something must follow the command. */
  needsText?: boolean;
}

export const SLASH_COMMANDS: SlashCommand[] = [
  { name: 'edit', detail: 'change the selected code as you say', needsText: true },
  { name: 'fix', detail: 'fix the Problems list (errors and warnings)' },
  { name: 'test', detail: 'write or repair tests for what you mention', needsText: true },
  { name: 'explain', detail: 'explain the mentioned code (no edits)', needsText: true },
  { name: 'plan', detail: 'make a plan first; no edits until you approve it', needsText: true },
  { name: 'compact', detail: "summarise this task's history now (pinned context stays verbatim)" },
  { name: 'new', detail: 'start a new task (with the rest of the message, if any)' },
];

export const PLAN_PREFIX =
  'Plan mode: first read what you need and present a plan (update_plan, then a short explanation). Do not call propose_edits ' +
  'and do not run commands that change files until the user replies approving the plan; then carry it out.';

export type SlashResult =
  | { kind: 'task'; text: string; readOnly?: boolean; newTask?: boolean }
  | { kind: 'new'; text: string }
  | { kind: 'compact' }
  | { kind: 'error'; message: string };

/** The message `text` after its slash command, or undefined when it starts with none. */
export function expandSlash(text: string): SlashResult | undefined {
  const m = /^\/([a-z]+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return undefined;
  const cmd = SLASH_COMMANDS.find((c) => c.name === m[1]);
  if (!cmd) return { kind: 'error', message: `/${m[1]} is not a command. Commands: ${SLASH_COMMANDS.map((c) => `/${c.name}`).join(', ')}.` };
  const rest = (m[2] ?? '').trim();
  if (cmd.needsText && !rest) return { kind: 'error', message: `/${cmd.name} needs text after it: /${cmd.name} <${cmd.name === 'edit' ? 'what to change' : 'what it is about'}>.` };
  switch (cmd.name) {
    case 'edit': return { kind: 'task', text: `Edit the selected code (@selection): ${rest}\nChange the selection (and elsewhere only if the instruction needs it), then propose the edit with propose_edits.` };
    case 'fix': return { kind: 'task', text: `Fix the errors and warnings of the Problems list (@problems).${rest ? ` ${rest}` : ''}` };
    case 'test': return { kind: 'task', text: `Write or repair tests for ${rest}. Follow the project's existing test style, run the tests if a test command is allowed, and propose the changes with propose_edits.` };
    case 'explain': return { kind: 'task', text: `Explain ${rest}. Answer in the chat; do not propose edits.`, readOnly: true };
    case 'plan': return { kind: 'task', text: `${PLAN_PREFIX}\n\n${rest}` };
    case 'compact': return { kind: 'compact' };
    default: return { kind: 'new', text: rest };
  }
}
