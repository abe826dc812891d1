/**
 * `forge run` per-hunk review in a real pseudo-terminal (tmux): the coloured diff, y / n with a
 * reason / e with a scripted $EDITOR, and the model's next request carrying the decisions and the
 * user's text. The CLI runs as its own process (tsx), the scripted model server in this one.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startModelServer, type ModelServer } from '../../support/modelServer';
import { call } from '../agent/harness';

const REPO = path.resolve(__dirname, '../../..');
const tmuxOk = spawnSync('tmux', ['-V']).status === 0;

describe('forge run under a pseudo-terminal (tmux)', function () {
  this.timeout(90_000);
  let srv: ModelServer;
  let dir: string;
  const sock = `forge-pty-${process.pid}`;
  const tmux = (...args: string[]) => execFileSync('tmux', ['-L', sock, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-e', '-J', '-S', '-200', '-t', 'run');

  async function waitFor(re: RegExp, ms = 30_000): Promise<string> {
    const end = Date.now() + ms;
    let s = '';
    while (Date.now() < end) {
      s = screen();
      if (re.test(s)) return s;
      await new Promise((r) => setTimeout(r, 150));
    }
    assert.fail(`timed out waiting for ${re} on the terminal:\n${s}`);
  }

  before(function () {
    if (!tmuxOk) this.skip(); // tmux is not installed: apt-get install tmux
  });
  beforeEach(async () => {
    srv = await startModelServer();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-pty-'));
    fs.mkdirSync(path.join(dir, 'ws'));
    fs.writeFileSync(path.join(dir, 'ws', 'x.txt'), Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'editor.sh'), '#!/bin/sh\nsed -i "s/^+LINE 19$/+line nineteen, as the user wrote it/" "$1"\n', { mode: 0o755 });
  });
  afterEach(async () => {
    try { tmux('kill-server'); } catch { /* already gone */ }
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('y, n: reason and e with $EDITOR, per hunk; the model learns each decision and the user\'s text', async () => {
    srv.script([
      call('propose_edits', { edit: '--- a/x.txt\n+++ b/x.txt\n@@ -2,5 +2,5 @@\n line 2\n line 3\n-line 4\n+LINE 4\n line 5\n line 6\n@@ -10,3 +10,3 @@\n line 10\n-line 11\n+LINE 11\n line 12\n@@ -18,3 +18,3 @@\n line 18\n-line 19\n+LINE 19\n line 20\n' }),
      call('finish', { summary: 'done' }),
    ]);
    const cmd = [
      `cd ${JSON.stringify(path.join(dir, 'ws'))}`,
      `EDITOR=${JSON.stringify(path.join(dir, 'editor.sh'))} VISUAL= NO_COLOR= FORGE_API_KEY=k ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(REPO, 'node_modules/tsx/dist/cli.mjs'))} ${JSON.stringify(path.join(REPO, 'src/cli/main.ts'))} run --endpoint ${srv.url} --model m --state ${JSON.stringify(path.join(dir, 'state'))} "Shout lines"`,
      'echo "EXIT=$?"',
      'sleep 60',
    ].join('; ');
    tmux('new-session', '-d', '-s', 'run', '-x', '160', '-y', '60', cmd);
    let s = await waitFor(/\(1\/3\) Apply this hunk \[y,n,e,a,d,q,\?\]\? $/m);
    assert.match(s, /\x1b\[31m-line 4\n\x1b\[32m\+LINE 4/, 'removed lines are red on a terminal');
    assert.match(s, /^ line 3$/m, 'context lines start with a space');
    tmux('send-keys', '-t', 'run', 'y', 'Enter');
    await waitFor(/\(2\/3\) Apply this hunk/);
    tmux('send-keys', '-t', 'run', 'n: keep 11 as it is', 'Enter');
    await waitFor(/\(3\/3\) Apply this hunk/);
    tmux('send-keys', '-t', 'run', 'e', 'Enter');
    s = await waitFor(/EXIT=\d+/);
    assert.match(s, /Edited hunk of x\.txt accepted with your lines/);
    assert.match(s, /reviewed: 2 of 3 hunks accepted/);
    assert.doesNotMatch(s, /failed:/);
    assert.match(s, /EXIT=0/);
    const text = fs.readFileSync(path.join(dir, 'ws', 'x.txt'), 'utf8').split('\n');
    assert.deepEqual([text[3], text[10], text[18]], ['LINE 4', 'line 11', 'line nineteen, as the user wrote it']);
    const result = srv.chatRequests[1].body.messages.at(-1).content as string;
    assert.match(result, /hunk 1 accepted, hunk 2 rejected \(reason: keep 11 as it is\), hunk 3 accepted with the user's own edits/);
    assert.match(result, /\+ 19 line nineteen, as the user wrote it/);
  });

  it('NO_COLOR: the same diff on the terminal without colour', async () => {
    srv.script([
      call('propose_edits', { edit: '--- a/x.txt\n+++ b/x.txt\n@@ -3,3 +3,3 @@\n line 3\n-line 4\n+LINE 4\n line 5\n' }),
      call('finish', { summary: 'done' }),
    ]);
    const cmd = `cd ${JSON.stringify(path.join(dir, 'ws'))}; NO_COLOR=1 FORGE_API_KEY=k ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(REPO, 'node_modules/tsx/dist/cli.mjs'))} ${JSON.stringify(path.join(REPO, 'src/cli/main.ts'))} run --yes --endpoint ${srv.url} --model m --state ${JSON.stringify(path.join(dir, 'state'))} "Shout"; echo "EXIT=$?"; sleep 60`;
    tmux('new-session', '-d', '-s', 'run', '-x', '160', '-y', '60', cmd);
    const s = await waitFor(/EXIT=\d+/);
    assert.match(s, /^@@ -3,3 \+3,3 @@\n line 3\n-line 4\n\+LINE 4\n line 5$/m);
    assert.doesNotMatch(s, /\x1b\[3[12]m/, 'no colour');
    assert.match(s, /reviewed: 1 of 1 hunk accepted/);
  });
});
