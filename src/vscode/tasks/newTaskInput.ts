/**
 * The input of "Forge: New Task in Worktree": the task's text, and (the gear button, "Options...")
 * its worktree options for this task: base ref, sparse paths, untracked files to copy, setup
 * command, and whether its work is reviewed into the working tree or kept as a commit. Defaults
 * come from the forge.worktrees.* settings. In the options list Enter edits the highlighted
 * option; "Start Task" (which may run the setup command) is never the highlighted one.
 */
import * as vscode from 'vscode';
import { parsePathList, pathProblem, type WorktreeTaskOptions } from '../../core/tasks/worktreeTaskOptions';
import { git } from '../../node/worktrees/git';

export interface NewTaskInput {
  text: string;
  options: WorktreeTaskOptions;
}

type OptionKey = 'base' | 'sparse' | 'copy' | 'setup' | 'result';
type Choice = OptionKey | 'start' | 'back';

/** Asks for the task (and, if the engineer opens them, its options); undefined when cancelled. */
export async function askNewTask(repo: string, defaults: WorktreeTaskOptions): Promise<NewTaskInput | undefined> {
  let text = '';
  let o = defaults;
  for (;;) {
    const r = await taskBox(text, o);
    if (!r) return undefined;
    text = r.text;
    if (r.kind === 'start') return { text, options: o };
    const next = await editOptions(repo, o, text.trim().length > 0);
    o = next.options;
    if (next.start) return { text, options: o };
  }
}

/** One line on what the task's worktree will be: "from HEAD, the whole tree, reviewed into your files". */
export function optionsSummary(o: WorktreeTaskOptions): string {
  const parts = [
    vscode.l10n.t('from {0}', o.base || 'HEAD'),
    o.sparse.length ? vscode.l10n.t('only {0}', o.sparse.join(', ')) : vscode.l10n.t('the whole tree'),
    ...(o.copy.length ? [vscode.l10n.t('copying {0}', o.copy.join(', '))] : []),
    ...(o.setup ? [vscode.l10n.t('running {0} first', o.setup)] : []),
    o.result === 'commit' ? vscode.l10n.t('its work kept as a commit on its branch') : vscode.l10n.t('its work reviewed into your files'),
  ];
  return parts.join(', ');
}

const OPTIONS_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('settings-gear'), tooltip: vscode.l10n.t('Options...') };

function taskBox(value: string, o: WorktreeTaskOptions): Promise<{ kind: 'start' | 'options'; text: string } | undefined> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    let settled = false;
    const settle = (r: { kind: 'start' | 'options'; text: string } | undefined) => {
      if (settled) return;
      settled = true;
      resolve(r);
      box.hide();
    };
    box.title = vscode.l10n.t('Forge: New Task in Worktree');
    box.prompt = vscode.l10n.t('What should the agent do? It works in its own git worktree ({0}). Options: the gear button.', optionsSummary(o));
    box.value = value;
    box.ignoreFocusOut = true;
    box.buttons = [OPTIONS_BUTTON];
    box.onDidTriggerButton(() => settle({ kind: 'options', text: box.value }));
    box.onDidChangeValue(() => (box.validationMessage = undefined));
    box.onDidAccept(() => {
      if (!box.value.trim()) box.validationMessage = vscode.l10n.t('Say what the agent should do.');
      else settle({ kind: 'start', text: box.value });
    });
    box.onDidHide(() => {
      settle(undefined);
      box.dispose();
    });
    box.show();
  });
}

async function editOptions(repo: string, start: WorktreeTaskOptions, hasText: boolean): Promise<{ options: WorktreeTaskOptions; start: boolean }> {
  let o = { ...start };
  let active: OptionKey = 'base';
  for (;;) {
    const choice = await pickOption(o, active, hasText);
    if (choice === undefined || choice === 'back') return { options: o, start: false };
    if (choice === 'start') return { options: o, start: true };
    active = choice;
    o = await editOption(repo, o, choice);
  }
}

interface OptionItem extends vscode.QuickPickItem {
  key: Choice;
}

function pickOption(o: WorktreeTaskOptions, active: OptionKey, hasText: boolean): Promise<Choice | undefined> {
  const none = vscode.l10n.t('none');
  const items: OptionItem[] = [
    { key: 'base', label: `$(git-branch) ${vscode.l10n.t('Base ref')}`, description: o.base || 'HEAD', detail: vscode.l10n.t('The branch, tag or commit the task starts from') },
    { key: 'sparse', label: `$(list-tree) ${vscode.l10n.t('Sparse paths')}`, description: o.sparse.length ? o.sparse.join(', ') : vscode.l10n.t('the whole tree'), detail: vscode.l10n.t('Check out only these folders (faster on large repositories)') },
    { key: 'copy', label: `$(files) ${vscode.l10n.t('Untracked files to copy')}`, description: o.copy.length ? o.copy.join(', ') : none, detail: vscode.l10n.t('Such as .env: copied only when you list them, never part of the change set') },
    { key: 'setup', label: `$(terminal) ${vscode.l10n.t('Setup command')}`, description: o.setup || none, detail: vscode.l10n.t('Runs sandboxed in the new worktree before the task starts (e.g. npm ci)') },
    { key: 'result', label: `$(git-commit) ${vscode.l10n.t('When the task finishes')}`, description: o.result === 'commit' ? vscode.l10n.t('keep its work as a commit on its branch') : vscode.l10n.t('review it into your working tree') },
    { key: 'back', label: '', kind: vscode.QuickPickItemKind.Separator },
    ...(hasText ? [{ key: 'start' as const, label: `$(play) ${vscode.l10n.t('Start Task')}`, description: optionsSummary(o) }] : []),
    { key: 'back', label: `$(arrow-left) ${vscode.l10n.t('Back to the Task')}` },
  ];
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<OptionItem>();
    let settled = false;
    const settle = (c: Choice | undefined) => {
      if (settled) return;
      settled = true;
      resolve(c);
      pick.hide();
    };
    pick.title = vscode.l10n.t('Forge: New Task in Worktree: Options');
    pick.placeholder = vscode.l10n.t('Enter changes the highlighted option; Start Task starts the task');
    pick.items = items;
    pick.activeItems = items.filter((i) => i.key === active);
    pick.buttons = [vscode.QuickInputButtons.Back];
    pick.ignoreFocusOut = true;
    pick.onDidTriggerButton(() => settle('back'));
    pick.onDidAccept(() => settle(pick.selectedItems[0]?.key ?? pick.activeItems[0]?.key));
    pick.onDidHide(() => {
      settle(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

async function editOption(repo: string, o: WorktreeTaskOptions, key: OptionKey): Promise<WorktreeTaskOptions> {
  const title = vscode.l10n.t('Forge: New Task in Worktree: Options');
  switch (key) {
    case 'base': {
      const v = await vscode.window.showInputBox({
        title, prompt: vscode.l10n.t('The branch, tag or commit the task starts from (empty: HEAD)'), value: o.base, ignoreFocusOut: true,
        validateInput: async (x) => (x.trim() && !(await isCommit(repo, x.trim())) ? vscode.l10n.t('"{0}" is not a commit, branch or tag in {1}.', x.trim(), repo) : undefined),
      });
      return v === undefined ? o : { ...o, base: v.trim() };
    }
    case 'sparse': {
      const v = await vscode.window.showInputBox({
        title, prompt: vscode.l10n.t('Folders (or patterns) to check out, relative to the repository, separated by commas; empty: the whole tree'), value: o.sparse.join(', '), placeHolder: 'src, docs', ignoreFocusOut: true,
        validateInput: (x) => sparseProblem(repo, o.base, parsePathList(x)),
      });
      return v === undefined ? o : { ...o, sparse: parsePathList(v) };
    }
    case 'copy': {
      const copy = await pickUntracked(repo, o.copy);
      return copy === undefined ? o : { ...o, copy };
    }
    case 'setup': {
      const v = await vscode.window.showInputBox({
        title, prompt: vscode.l10n.t('A command run in the new worktree before the task starts, through the command sandbox (empty: none). Nothing runs until the task starts.'), value: o.setup, placeHolder: 'npm ci', ignoreFocusOut: true,
      });
      return v === undefined ? o : { ...o, setup: v.trim() };
    }
    case 'result': {
      const review = { label: vscode.l10n.t('Review into my working tree'), detail: vscode.l10n.t('Its change set opens in the review panel; what you accept is written to your files'), result: 'review' as const };
      const commit = { label: vscode.l10n.t('Keep as a commit on its branch'), detail: vscode.l10n.t('Your files stay as they are; the work is one commit on forge/<task-id>'), result: 'commit' as const };
      const picked = await vscode.window.showQuickPick(o.result === 'commit' ? [commit, review] : [review, commit], { title, placeHolder: vscode.l10n.t('When the task finishes'), ignoreFocusOut: true });
      return picked ? { ...o, result: picked.result } : o;
    }
  }
}

async function isCommit(repo: string, ref: string): Promise<boolean> {
  return git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).then(() => true, () => false);
}

async function sparseProblem(repo: string, base: string, paths: string[]): Promise<string | undefined> {
  for (const p of paths) {
    const why = pathProblem(p);
    if (why) return why;
    if (/[*?[\]!]/.test(p)) continue;
    const ok = await git(repo, ['cat-file', '-e', `${base || 'HEAD'}:${p}`]).then(() => true, () => false);
    if (!ok) return vscode.l10n.t('{0} is not in {1}.', p, base || 'HEAD');
  }
  return undefined;
}

/** The untracked files (and wholly untracked folders) of the repository, ignored ones included, to tick the ones to copy. */
async function pickUntracked(repo: string, current: string[]): Promise<string[] | undefined> {
  const raw = await git(repo, ['ls-files', '-z', '--others', '--directory', '--no-empty-directory']).catch(() => '');
  const found = raw.split('\0').filter(Boolean).map((p) => p.replace(/\/$/, ''));
  found.sort((a, b) => a.split('/').length - b.split('/').length || a.localeCompare(b));
  const all = [...new Set([...current, ...found.slice(0, 300)])];
  const items = all.map((p) => ({ label: p, picked: current.includes(p) }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Forge: this repository has no untracked files to copy.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Forge: New Task in Worktree: Options'), placeHolder: vscode.l10n.t('Untracked files to copy into the task\'s worktree (only those you tick)'), canPickMany: true, ignoreFocusOut: true,
  });
  return picked?.map((i) => i.label);
}
