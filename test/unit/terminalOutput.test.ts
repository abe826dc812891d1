// The pure parts of the Terminal ports: the output cap both hosts share (and NodeTerminal using it
// on a real child process), the decoder that turns a VS Code terminal's raw stream into plain text,
// and the command lines that move a shell into a folder.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { NodeTerminal } from '../../src/node/nodeTerminal';
import { NodeWorkspace } from '../../src/node/nodeWorkspace';
import { OutputCap } from '../../src/core/outputCap';
import { changeDirectoryCommand, quoteForShell, runsInTerminal, sameFolder, shellKind, TerminalTextDecoder, terminalPlainText } from '../../src/vscode/agent/terminalText';

/** What bash with VS Code's shell integration writes for `printf` of coloured text (633 markers around the output). */
const RAW = '\x1b]633;C\x07\x1b[1;32mPASS\x1b[0m src/a.test.ts\r\n\x1b[?25lTests: \x1b[32m3 passed\x1b[39m\r\n\x1b(B\x1b[m\x1b]633;D;0\x07';

describe('OutputCap', () => {
  it('keeps everything under the cap, and 40% head + 60% tail with a marker past it', () => {
    const small = new OutputCap(100);
    small.push('hello ');
    small.push('world');
    assert.deepEqual(small.result(), { output: 'hello world', truncated: false });

    const cap = new OutputCap(10);
    for (let i = 0; i < 100; i++) cap.push(String(i % 10));
    const r = cap.result();
    assert.equal(r.truncated, true);
    assert.equal(r.output, '0123\n[... 90 characters of output cut ...]\n456789');
  });

  it('gives the same result however the text is split into chunks', () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), fc.array(fc.nat(300)), fc.integer({ min: 1, max: 80 }), (text, cuts, max) => {
      const whole = new OutputCap(max);
      whole.push(text);
      const parts = new OutputCap(max);
      let at = 0;
      for (const c of [...cuts.map((n) => n % (text.length + 1))].sort((a, b) => a - b)) {
        parts.push(text.slice(at, c));
        at = c;
      }
      parts.push(text.slice(at));
      assert.deepEqual(parts.result(), whole.result());
      if (text.length <= max) assert.equal(whole.result().output, text);
    }));
  });

  it('NodeTerminal caps a real process output with it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forge-cap-'));
    try {
      const r = await new NodeTerminal(new NodeWorkspace(dir)).run({ command: 'seq 1 5000', cwd: '', timeoutMs: 20_000, maxOutputChars: 200 });
      assert.equal(r.exitCode, 0);
      assert.equal(r.truncated, true);
      assert.match(r.output, /^1\n2\n3\n/);
      assert.match(r.output, /\n4999\n5000\n$/);
      assert.match(r.output, /\[\.\.\. \d+ characters of output cut \.\.\.\]/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TerminalTextDecoder', () => {
  it('strips colours, cursor modes, charset selection and shell-integration markers; CRLF becomes LF', () => {
    assert.equal(terminalPlainText(RAW), 'PASS src/a.test.ts\nTests: 3 passed\n');
  });

  it('a line redrawn with CR keeps its last drawing; backspace deletes; BEL and other controls go', () => {
    assert.equal(terminalPlainText('progress 10%\rprogress 50%\rprogress 100%\r\ndone\x07\n'), 'progress 100%\ndone\n');
    assert.equal(terminalPlainText('abd\bc\x00\x01\tx'), 'abc\tx');
    assert.equal(terminalPlainText('no newline at the end'), 'no newline at the end');
  });

  it('holds a sequence split across chunks until it is complete (any split gives the same text)', () => {
    const expected = terminalPlainText(RAW);
    for (let i = 0; i <= RAW.length; i++) {
      for (const j of [i, Math.min(RAW.length, i + 1), Math.min(RAW.length, i + 7)]) {
        const d = new TerminalTextDecoder();
        const got = d.push(RAW.slice(0, i)) + d.push(RAW.slice(i, j)) + d.push(RAW.slice(j)) + d.end();
        assert.equal(got, expected, `split at ${i}/${j}`);
      }
    }
  });

  it('matches what bash prints through a real pty for coloured output (script(1)), if present', function () {
    let raw: string;
    try {
      raw = execFileSync('script', ['-qec', `printf '\\033[31mred\\033[0m\\nplain\\n'`, '/dev/null'], { encoding: 'utf8', timeout: 10_000 });
    } catch {
      this.skip();
    }
    assert.ok(raw!.includes('\x1b[31m') && raw!.includes('\r\n'), 'the pty output is raw');
    assert.equal(terminalPlainText(raw!), 'red\nplain\n');
  });

  it('never emits ESC or CR, whatever the input and the chunking', () => {
    const alphabet = fc.constantFrom('a', ' ', '\x1b', '[', ']', '3', ';', 'm', '\x07', '\\', '\r', '\n', 'P', '(', 'B', '?');
    fc.assert(fc.property(fc.array(fc.array(alphabet, { maxLength: 20 }).map((a) => a.join('')), { maxLength: 10 }), (chunks) => {
      const d = new TerminalTextDecoder();
      const out = chunks.map((c) => d.push(c)).join('') + d.end();
      assert.ok(!out.includes('\x1b') && !out.includes('\r'), JSON.stringify(out));
    }));
  });
});

describe('changing folder in the terminal', () => {
  it('knows the shell family from a path or VS Code\'s shell type', () => {
    assert.equal(shellKind('/bin/bash'), 'posix');
    assert.equal(shellKind('zsh'), 'posix');
    assert.equal(shellKind('C:\\Program Files\\PowerShell\\7\\pwsh.exe'), 'powershell');
    assert.equal(shellKind('pwsh'), 'powershell');
    assert.equal(shellKind('C:\\Windows\\System32\\cmd.exe'), 'cmd');
    assert.equal(shellKind(undefined), 'posix');
  });

  it('quotes the folder so nothing in it is expanded (checked by a real sh)', () => {
    const dir = mkdtempSync(join(tmpdir(), "forge cd 'it' $HOME `x` "));
    try {
      const line = changeDirectoryCommand(dir, 'posix');
      assert.equal(line, `cd ${quoteForShell(dir, 'posix')}`);
      assert.equal(execFileSync('/bin/sh', ['-c', `${line} && pwd`], { encoding: 'utf8' }).trim(), dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(changeDirectoryCommand("C:\\a b\\it's", 'powershell'), "Set-Location -LiteralPath 'C:\\a b\\it''s'");
    assert.equal(changeDirectoryCommand('C:\\a b', 'cmd'), 'cd /d "C:\\a b"');
  });

  it('compares the reported folder with the wanted one', () => {
    assert.equal(sameFolder('/w/proj/', '/w/proj'), true);
    assert.equal(sameFolder('/w/proj', '/w/proj/sub'), false);
    assert.equal(sameFolder(undefined, '/w/proj'), false);
    assert.equal(sameFolder('c:/W/Proj', 'C:\\w\\proj', true), true);
    assert.equal(sameFolder('/W/proj', '/w/proj'), false);
  });

  it('sends multi-line commands elsewhere (VS Code loses their end event)', () => {
    assert.equal(runsInTerminal('npm test -- --grep "a b"'), true);
    assert.equal(runsInTerminal('echo a\necho b'), false);
  });
});
