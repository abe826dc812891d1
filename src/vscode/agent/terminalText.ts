/**
 * The pure parts of running commands in a VS Code terminal (no 'vscode' import, unit-tested):
 * turning the terminal's raw stream (colours, cursor moves, shell-integration OSC 633 markers,
 * CR-LF, progress lines redrawn with CR) into the plain text the model reads, and the command
 * line that moves the shell into a folder.
 */

const ESC = '\x1b';
/** CSI: ESC [ params intermediates final. */
const CSI = /\x1b\[[0-?]*[ -/]*[@-~]/y;
/** OSC (ESC ]) up to BEL or ST; DCS, SOS, PM, APC (ESC P/X/^/_) up to ST. */
const STRING_SEQ = /\x1b(?:\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\)/y;
/** Two- and three-byte escapes: charset selection ESC ( B, keypad modes ESC = / ESC >, save cursor ESC 7... */
const SHORT_SEQ = /\x1b[ -/]*[0-~]/y;
/** A sequence still arriving longer than this is not one: it is dropped rather than held forever. */
const MAX_PENDING = 4096;
/** A line redrawn without a newline is cut at this length (keeps memory bounded). */
const MAX_LINE = 16_384;

function matchAt(re: RegExp, s: string, i: number): number {
  re.lastIndex = i;
  return re.test(s) ? re.lastIndex : -1;
}

/**
 * Streaming decoder for terminal output: push raw chunks, get plain text back a line at a time.
 * Escape sequences split across chunks are held until complete; "\r\n" is a newline; a lone "\r"
 * (a progress bar redrawing its line) keeps only what was written after it; backspace deletes.
 */
export class TerminalTextDecoder {
  private pending = '';
  private line = '';
  /** A "\r" was last: the next character decides between a newline and a redraw. */
  private cr = false;

  push(chunk: string): string {
    const s = this.pending + chunk;
    this.pending = '';
    let out = '';
    let i = 0;
    while (i < s.length) {
      const c = s[i]!;
      if (c === ESC) {
        const next = s[i + 1] ?? '';
        const re = next === '[' ? CSI : next === ']' || (next !== '' && 'PX^_'.includes(next)) ? STRING_SEQ : SHORT_SEQ;
        const end = matchAt(re, s, i);
        if (end > 0) {
          i = end;
          continue;
        }
        if (this.incomplete(s, i)) {
          this.pending = s.slice(i);
          break;
        }
        i++; // a stray ESC
        continue;
      }
      if (this.cr) {
        this.cr = false;
        if (c !== '\n') this.line = '';
      }
      if (c === '\n') {
        out += `${this.line}\n`;
        this.line = '';
      } else if (c === '\r') this.cr = true;
      else if (c === '\b') this.line = this.line.slice(0, -1);
      else if (c === '\t' || c >= ' ') {
        if (c !== '\x7f' && (c < '\x80' || c > '\x9f')) this.line += c;
        if (this.line.length >= MAX_LINE) {
          out += `${this.line}\n`;
          this.line = '';
        }
      }
      i++;
    }
    return out;
  }

  /** What is left when the stream ends (the last line without its newline). */
  end(): string {
    const rest = this.line;
    this.line = '';
    this.pending = '';
    this.cr = false;
    return rest;
  }

  /** Whether s from i could be the start of an escape sequence that has not fully arrived. */
  private incomplete(s: string, i: number): boolean {
    const rest = s.slice(i);
    if (rest.length > MAX_PENDING) return false;
    if (rest.length === 1) return true;
    const kind = rest[1]!;
    if (kind === '[') return /^\x1b\[[0-?]*[ -/]*$/.test(rest);
    if (kind === ']') return !/[\x07]|\x1b\\/.test(rest.slice(2));
    if ('PX^_'.includes(kind)) return !rest.includes(`${ESC}\\`, 2);
    return /^\x1b[ -/]*$/.test(rest);
  }
}

/** Plain text of a whole terminal transcript (the decoder in one go). */
export function terminalPlainText(raw: string): string {
  const d = new TerminalTextDecoder();
  return d.push(raw) + d.end();
}

export type ShellKind = 'posix' | 'powershell' | 'cmd';

/** The family of a shell from its path or name ("/bin/bash", "pwsh.exe", "C:\\Windows\\System32\\cmd.exe"). */
export function shellKind(shellPath: string | undefined): ShellKind {
  const name = (shellPath ?? '').split(/[\\/]/).pop()!.toLowerCase().replace(/\.exe$/, '');
  if (name === 'pwsh' || name === 'powershell') return 'powershell';
  if (name === 'cmd') return 'cmd';
  return 'posix';
}

/** A single-quoted word for the shell: nothing inside is expanded. */
export function quoteForShell(text: string, kind: ShellKind): string {
  if (kind === 'powershell') return `'${text.replace(/'/g, "''")}'`;
  if (kind === 'cmd') return `"${text.replace(/"/g, '""')}"`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command line that moves the shell into `dir` (run as its own command before the real one). */
export function changeDirectoryCommand(dir: string, kind: ShellKind): string {
  if (kind === 'powershell') return `Set-Location -LiteralPath ${quoteForShell(dir, kind)}`;
  if (kind === 'cmd') return `cd /d ${quoteForShell(dir, kind)}`;
  return `cd ${quoteForShell(dir, kind)}`;
}

/** Whether the shell's reported folder is `wanted` (case-insensitively on Windows, trailing separators ignored). */
export function sameFolder(reported: string | undefined, wanted: string, windows = false): boolean {
  if (!reported) return false;
  const norm = (p: string) => {
    const t = p.replace(/[\\/]+$/, '') || p;
    return windows ? t.replace(/\//g, '\\').toLowerCase() : t;
  };
  return norm(reported) === norm(wanted);
}

/**
 * Whether VS Code's shell integration can run this command line: a command with a line break in
 * it loses its start/end events in VS Code 1.100 (microsoft/vscode#250764), so it runs elsewhere.
 */
export function runsInTerminal(command: string): boolean {
  return !/[\r\n]/.test(command);
}
