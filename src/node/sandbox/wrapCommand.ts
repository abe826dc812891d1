/**
 * One shell command line as a bubblewrap invocation: the whole filesystem read-only, the
 * writable folders (the workspace, the task's folder, settings) bound read-write over it, a
 * private /tmp, secret locations hidden, the network off unless asked for, a fresh environment
 * of safe variables, and the sandbox killed with its parent. Mounts apply in order: /tmp before a
 * workspace that lies under it; hidden paths last, so a secret inside a writable folder is hidden too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Secret locations under the home folder, hidden from every sandboxed command. */
export const HIDDEN_IN_HOME = [
  '.ssh', '.aws', '.config/gcloud', '.azure', '.netrc', '.docker/config.json', '.npmrc', '.yarnrc.yml', '.pypirc', '.gnupg', '.kube',
  '.config/gh', '.config/hub', '.git-credentials', '.cargo/credentials', '.cargo/credentials.toml', '.password-store',
  '.local/share/keyrings', '.vault-token', '.terraform.d/credentials.tfrc.json',
];
/** Sockets and per-user runtime folders (ssh-agent, gpg-agent, keyrings, docker) outside home. */
const HIDDEN_SYSTEM = ['/run/user', '/run/docker.sock', '/var/run/docker.sock', '/run/podman'];
/** Inside a writable folder, these stay read-only: a command must not plant a git hook or VS Code task that runs later outside the sandbox. */
const READ_ONLY_IN_WORKSPACE = ['.git/hooks', '.git/config', '.vscode'];

export interface WrapOptions {
  bwrap: string;
  /** Absolute folders the command may write (the workspace folders first). */
  writable: string[];
  /** Absolute paths to hide besides HIDDEN_IN_HOME. */
  hidden: string[];
  /** Absolute folders under /tmp or /var/tmp to show read-only in spite of the private temp folders. */
  readable?: string[];
  home: string;
  network: boolean;
  /** The command's environment (already the safe set). */
  env: Record<string, string>;
  shell?: string;
}

export interface WrappedCommand {
  file: string;
  args: string[];
  /** The environment to spawn bwrap with (the sandbox itself starts from --clearenv). */
  env: Record<string, string>;
}

const exists = (p: string): fs.Stats | undefined => {
  try {
    return fs.statSync(p);
  } catch {
    return undefined;
  }
};

/** Expands a leading ~/ against home. */
export function expandHome(p: string, home: string): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

export function wrapCommand(line: string, cwd: string, o: WrapOptions): WrappedCommand {
  return wrapArgv([o.shell ?? '/bin/sh', '-c', line], cwd, o);
}

/** A program and its arguments (e.g. an MCP server) in the sandbox. */
export function wrapArgv(argv: string[], cwd: string, o: WrapOptions): WrappedCommand {
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', '--tmpfs', '/var/tmp'];
  for (const r of new Set(o.readable ?? [])) if (exists(r)) args.push('--ro-bind', r, r);
  const writable = [...new Set(o.writable.map((w) => path.resolve(expandHome(w, o.home))))].filter((w) => exists(w)?.isDirectory());
  for (const w of writable) args.push('--bind', w, w);
  for (const w of writable) {
    for (const rel of READ_ONLY_IN_WORKSPACE) {
      const p = path.join(w, rel);
      if (exists(p)) args.push('--ro-bind', p, p);
    }
  }
  const hidden = [...HIDDEN_IN_HOME.map((h) => path.join(o.home, h)), ...HIDDEN_SYSTEM, ...o.hidden.map((h) => path.resolve(expandHome(h, o.home)))];
  for (const h of new Set(hidden)) {
    const st = exists(h);
    if (!st) continue;
    if (st.isDirectory()) args.push('--tmpfs', h, '--remount-ro', h);
    else args.push('--ro-bind', '/dev/null', h);
  }
  args.push('--unshare-all');
  if (o.network) args.push('--share-net');
  args.push('--die-with-parent', '--new-session', '--clearenv');
  for (const [k, v] of Object.entries({ ...o.env, TMPDIR: '/tmp' })) args.push('--setenv', k, v);
  args.push('--chdir', cwd, '--', ...argv);
  return { file: o.bwrap, args, env: { PATH: o.env.PATH ?? '/usr/bin:/bin' } };
}
