/**
 * The command sandbox in VS Code: forge.sandbox.* read from user and machine settings only (a
 * workspace's value is ignored and logged, so a repository cannot widen the sandbox), the
 * ShellSandbox for the current workspace folders, and a status bar item that says whether
 * commands run sandboxed (a warning when they do not). The bubblewrap trial behind that status runs in a
 * child process after activation (not spawnSync during it): the status bar item appears when it answers,
 * and ready() lets the first command wait for it.
 */
import * as vscode from 'vscode';
import { parseSandboxSettings, type RawSandboxSettings, type SandboxSettings } from '../../core/settings/sandboxSettings';
import { prepareSandboxPlan } from '../../node/sandbox/sandboxPlan';
import { ShellSandbox } from '../../node/sandbox/shellSandbox';

const KEYS: (keyof RawSandboxSettings)[] = ['mode', 'network', 'writablePaths', 'hiddenPaths', 'allowUnsandboxedCommands', 'allowOutside'];

export function readSandboxSettings(log?: vscode.LogOutputChannel): SandboxSettings {
  const c = vscode.workspace.getConfiguration('forge.sandbox');
  const raw: RawSandboxSettings = {};
  for (const k of KEYS) {
    const i = c.inspect(k);
    if (i && (i.workspaceValue !== undefined || i.workspaceFolderValue !== undefined)) log?.warn(`Settings: forge.sandbox.${k} in workspace settings is ignored; the sandbox is set in user settings only.`);
    raw[k] = i?.globalValue ?? i?.defaultValue;
  }
  const { settings, problems } = parseSandboxSettings(raw);
  for (const p of problems) log?.warn(`Settings: ${p.message}`);
  return settings;
}

/**
 * Saves an "Always" answer to a command that asked to leave the sandbox: the rule is added to the
 * user setting forge.sandbox.allowOutside (where the user sees it and can remove it). Never to
 * workspace settings, which the sandbox ignores anyway.
 */
export async function saveOutsideRule(rule: string): Promise<void> {
  const c = vscode.workspace.getConfiguration('forge.sandbox');
  const rules = c.inspect<string[]>('allowOutside')?.globalValue ?? [];
  if (!rules.includes(rule)) await c.update('allowOutside', [...rules, rule], vscode.ConfigurationTarget.Global);
}

/** The local workspace folders (every one is writable in the sandbox). */
function localFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** The sandbox for the current settings and folders, rebuilt when either changes. */
export class CommandSandbox implements vscode.Disposable {
  private current: ShellSandbox | undefined;
  private readonly item = vscode.window.createStatusBarItem('forge.sandbox', vscode.StatusBarAlignment.Right, 99);
  private readonly subscriptions: vscode.Disposable[];
  private preparing: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly log?: vscode.LogOutputChannel) {
    this.item.name = vscode.l10n.t('Forge Sandbox');
    this.item.command = { title: vscode.l10n.t('Sandbox settings'), command: 'workbench.action.openSettings', arguments: ['forge.sandbox'] };
    this.subscriptions = [
      vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('forge.sandbox') && this.reset()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reset()),
      this.item,
    ];
    this.update();
  }

  /** Resolves once the sandbox for the current settings is known without blocking (the trial has answered). */
  async ready(): Promise<ShellSandbox> {
    await this.preparing;
    return this.get();
  }

  get(): ShellSandbox {
    if (!this.current) {
      this.current = new ShellSandbox(readSandboxSettings(this.log), { roots: localFolders() });
      const s = this.current.status();
      this.log?.info(s.sandboxed ? `Commands run sandboxed: ${s.summary}` : `Commands run without a sandbox: ${s.reason}.`);
    }
    return this.current;
  }

  private reset(): void {
    this.current = undefined;
    this.update();
  }

  /**
   * Runs the bubblewrap trial in the background, then shows the status (which builds the sandbox at once).
   * Started on the next turn of the event loop: even spawning the trial costs the host a few ms.
   */
  private update(): void {
    const prepared = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => prepareSandboxPlan(readSandboxSettings())).then(() => {
      if (!this.disposed && this.preparing === prepared) this.refresh();
    }).catch((e: Error) => this.log?.error(`Forge could not show the sandbox status: ${e.message}`));
    this.preparing = prepared;
  }

  private refresh(): void {
    const s = this.get().status();
    if (s.sandboxed) {
      this.item.text = `$(shield) ${vscode.l10n.t('Sandboxed')}`;
      this.item.tooltip = vscode.l10n.t("Forge runs the agent's commands in a sandbox: {0} Click for the sandbox settings.", s.summary);
      this.item.backgroundColor = undefined;
    } else {
      this.item.text = s.required ? `$(error) ${vscode.l10n.t('No sandbox: commands blocked')}` : `$(warning) ${vscode.l10n.t('No sandbox')}`;
      // s.reason and s.summary are the sandbox's own English (src/node), quoted in the sentence.
      this.item.tooltip = s.required
        ? vscode.l10n.t('{0} is "required" but there is no sandbox ({1}), so the agent cannot run commands.', 'forge.sandbox.mode', s.reason)
        : s.unsafe
          ? vscode.l10n.t("Forge has no sandbox for the agent's commands ({0}). {1} is on: allowlisted commands run with your full access without asking. Click for the sandbox settings.", s.reason, 'forge.sandbox.allowUnsandboxedCommands')
          : vscode.l10n.t("Forge has no sandbox for the agent's commands ({0}). It asks before every command. Click for the sandbox settings.", s.reason);
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    this.item.show();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions.splice(0)) s.dispose();
  }
}
