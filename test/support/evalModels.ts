/**
 * Scripted contestants for `forge eval` tests, served by the scripted model server and chosen by
 * the request's model name. Each works out which task it is on from the task text in the first
 * user message, so runs may interleave (--jobs) and nothing is tuned to a particular suite:
 *   reference  proposes the task's solution/ files (whole-file edits with propose_edits), then finish
 *   finish     only calls finish
 *   broken     like reference, except that on the tasks named in `brokenTasks` it writes a broken
 *              version of the first solution file
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EvalTask } from '../../src/core/eval/taskSpec';
import type { RecordedRequest, ScriptedResponse } from './modelServer/types';

const call = (name: string, args: Record<string, unknown>): ScriptedResponse => ({ toolCalls: [{ name, arguments: args }], usage: { prompt_tokens: 1000, completion_tokens: 100 } });

function filesBelow(dir: string, rel = ''): string[] {
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((d) => {
    const r = rel ? `${rel}/${d.name}` : d.name;
    return d.isDirectory() ? filesBelow(dir, r) : [r];
  }).sort();
}

/** One whole-file edit per file: the path on its own line, then a fence longer than any backtick run inside. */
export function wholeFileEdits(files: { path: string; text: string }[]): string {
  return files.map((f) => {
    const longest = Math.max(2, ...[...f.text.matchAll(/`+/g)].map((m) => m[0].length));
    const fence = '`'.repeat(longest + 1);
    return `${f.path}\n${fence}\n${f.text}${f.text.endsWith('\n') ? '' : '\n'}${fence}\n`;
  }).join('\n');
}

export function solutionEdit(task: EvalTask, broken = false): string {
  if (task.source.kind !== 'folder' || !task.source.solutionDir) throw new Error(`${task.id} has no solution/`);
  const dir = task.source.solutionDir;
  const files = filesBelow(dir).map((p) => ({ path: p, text: fs.readFileSync(path.join(dir, p), 'utf8') }));
  if (broken) files[0] = { path: files[0].path, text: `${files[0].text.split('\n').slice(0, 3).join('\n')}\n this is not code (((\n` };
  return wholeFileEdits(files);
}

function taskOf(req: RecordedRequest, tasks: readonly EvalTask[]): EvalTask | undefined {
  const first = (req.body?.messages as { role: string; content: string }[] | undefined)?.find((m) => m.role === 'user')?.content ?? '';
  return tasks.find((t) => first.includes(t.instruction.trim()));
}

export function evalContestants(tasks: readonly EvalTask[], brokenTasks: readonly string[] = []): (req: RecordedRequest) => ScriptedResponse {
  return (req) => {
    const model = String(req.body?.model ?? '');
    const task = taskOf(req, tasks);
    const proposed = (req.body?.messages as { role: string }[]).some((m) => m.role === 'tool');
    if (model === 'finish' || !task || proposed) return call('finish', { summary: task ? 'Done.' : 'I do not know this task.' });
    if (model === 'reference') return call('propose_edits', { edit: solutionEdit(task) });
    if (model === 'broken') return call('propose_edits', { edit: solutionEdit(task, brokenTasks.includes(task.id)) });
    return { text: `unknown scripted model ${model}` };
  };
}
