/**
 * `e` in the console review: the hunk goes into $VISUAL / $EDITOR (vi when neither is set) as git's
 * `add -p` writes it, and what the user saves comes back as the hunk's new lines. The old side
 * (' ' and '-' lines) must stay as it was; '+' lines may be changed or deleted, '-' lines may be
 * turned into ' ' to keep them. Lines starting with '#' are dropped.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Hunk } from '../../core/edits/changeSet/changeSet';
import { diffLines } from '../../core/edits/changeSet/lineDiff';

const GUIDE = [
  '# ---',
  "# To remove '-' lines, make them ' ' lines (context).",
  "# To remove '+' lines, delete them.",
  '# Lines starting with # will be removed.',
  '# If the patch applies cleanly, the edited hunk will immediately be marked for applying.',
  '# Delete every line to cancel the edit.',
];

export function hunkEditText(h: Hunk): string {
  const body = diffLines(h.oldLines, h.newLines).map((o) => `${o.op}${o.text}`);
  return ['# Manual hunk edit mode -- see bottom for a quick guide.', `@@ -${h.baseStart + 1},${h.oldLines.length} +${h.baseStart + 1},${h.newLines.length} @@`, ...body, ...GUIDE].join('\n') + '\n';
}

export type EditedHunk = { ok: true; newLines: string[] } | { ok: false; cancelled: boolean; error: string };

/** The user's saved text back to new lines, checked against the hunk's old side. */
export function parseEditedHunk(h: Hunk, text: string): EditedHunk {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const oldSide: string[] = [];
  const newSide: string[] = [];
  let any = false;
  for (const [i, l] of lines.entries()) {
    if (l.startsWith('#') || l.startsWith('@@')) continue;
    any = true;
    const op = l === '' ? ' ' : l[0];
    const rest = l.slice(1);
    if (op === ' ') oldSide.push(rest), newSide.push(rest);
    else if (op === '-') oldSide.push(rest);
    else if (op === '+') newSide.push(rest);
    else return { ok: false, cancelled: false, error: `line ${i + 1} starts with "${op}"; every line must start with ' ', '-' or '+'.` };
  }
  if (!any) return { ok: false, cancelled: true, error: 'The edit was cancelled (no lines left).' };
  if (oldSide.length !== h.oldLines.length || oldSide.some((l, i) => l !== h.oldLines[i])) {
    return { ok: false, cancelled: false, error: "The edited hunk does not apply: its ' ' and '-' lines must stay as the file has them (change or delete '+' lines; turn '-' into ' ' to keep a line)." };
  }
  return { ok: true, newLines: newSide };
}

/** The editor command as git picks it from the environment (GIT_EDITOR is git's own and not read). */
export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env.VISUAL || env.EDITOR || 'vi';
}

/**
 * Opens the hunk in the editor and waits for it to exit (the terminal is the editor's meanwhile).
 * Returns the saved text, or an error sentence when the editor could not run or failed.
 */
export function editInEditor(h: Hunk, env: NodeJS.ProcessEnv = process.env): { text: string } | { error: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-hunk-'));
  const file = path.join(dir, 'addp-hunk-edit.diff');
  try {
    fs.writeFileSync(file, hunkEditText(h));
    const editor = editorCommand(env);
    const r = spawnSync('sh', ['-c', `${editor} "$@"`, editor, file], { stdio: 'inherit', env });
    if (r.error) return { error: `The editor "${editor}" could not start: ${r.error.message}` };
    if (r.status !== 0) return { error: `The editor "${editor}" exited with code ${r.status}; the hunk was not changed.` };
    return { text: fs.readFileSync(file, 'utf8') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
