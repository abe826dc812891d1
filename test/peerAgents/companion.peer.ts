/**
 * The REAL Claude Code and Gemini CLI (pinned, installed by scripts/peer-agents.sh), in their
 * interactive terminal UIs under tmux, against scripted model servers in their own wire formats,
 * with Forge as their IDE companion. The agent proposes an edit of a 3-hunk file; the reviewer
 * (Forge's companion with a scripted engineer in place of the panel) accepts hunk 1, edits hunk 2 and
 * rejects hunk 3. The file the agent writes must be exactly that, and the agent's next model request
 * must show it was told the engineer changed its proposal.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ChangeSet } from '../../src/core/edits/changeSet/changeSet';
import type { ReviewOutcome } from '../../src/core/ports';
import { startClaudeCompanion } from '../../src/node/companion/claudeCompanion';
import type { CompanionReviewer } from '../../src/node/companion/companionHost';
import { startGeminiCompanion } from '../../src/node/companion/geminiCompanion';
import { startAgentApiServer, type AgentApiServer } from '../support/peerAgents/agentApiServer';
import { TmuxAgent } from '../support/peerAgents/tmuxAgent';

const BEFORE = ['line 1', 'alpha = 1', 'line 3', 'line 4', 'line 5', 'beta = 2', 'line 7', 'line 8', 'line 9', 'gamma = 3', 'line 11', 'line 12', ''].join('\n');
const OLD = 'alpha = 1\nline 3\nline 4\nline 5\nbeta = 2\nline 7\nline 8\nline 9\ngamma = 3\n';
const NEW = 'alpha = 10\nline 3\nline 4\nline 5\nbeta = 20\nline 7\nline 8\nline 9\ngamma = 30\n';
const EDITED = 'beta = 25  # the reviewer';
const EXPECTED = ['line 1', 'alpha = 10', 'line 3', 'line 4', 'line 5', EDITED, 'line 7', 'line 8', 'line 9', 'gamma = 3', 'line 11', 'line 12', ''].join('\n');

let bins: { claude: string; gemini: string } | undefined;
try {
  const [claude, gemini] = execFileSync('bash', [path.resolve(__dirname, '../../scripts/peer-agents.sh'), 'path'], { encoding: 'utf8' }).trim().split('\n');
  bins = { claude, gemini };
} catch {
  bins = undefined;
}

/** The scripted engineer: hunk 1 accepted, hunk 2 edited, hunk 3 rejected with a reason. */
function engineer(folder: string, reviews: ChangeSet[]): CompanionReviewer {
  return {
    folders: () => [folder],
    currentText: async (p) => (fs.existsSync(p) ? fs.readFileSync(p, 'utf8') : null),
    async review(cs): Promise<ReviewOutcome> {
      reviews.push(cs);
      const f = cs.files[0];
      return {
        changeSetId: cs.id,
        completed: true,
        files: [{
          path: f.path,
          decisions: [
            { hunkIndex: f.hunks[0].index, decision: { kind: 'accept' } },
            { hunkIndex: f.hunks[1].index, decision: { kind: 'edit', newLines: [EDITED] } },
            { hunkIndex: f.hunks[2].index, decision: { kind: 'reject' }, reason: 'gamma stays 3' },
          ],
        }],
      };
    },
    notify: () => undefined,
  };
}

function workspace(): { root: string; home: string; ws: string; file: string } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'forge-peer-')));
  const home = path.join(root, 'home');
  const ws = path.join(root, 'ws');
  fs.mkdirSync(home);
  fs.mkdirSync(ws);
  const file = path.join(ws, 'settings.py');
  fs.writeFileSync(file, BEFORE);
  return { root, home, ws, file };
}

const QUIET = { DISABLE_AUTOUPDATER: '1', DISABLE_TELEMETRY: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', NO_COLOR: '1' };

(bins ? describe : describe.skip)('Forge as the IDE companion of the real agents (scripts/peer-agents.sh)', function () {
  this.timeout(240_000);
  let agent: TmuxAgent | undefined;
  let api: AgentApiServer | undefined;
  afterEach(async () => {
    agent?.kill();
    await api?.close();
  });

  it('Claude Code 2.1.332: openDiff reviewed per hunk; it writes exactly the engineer\'s result and tells its model', async () => {
    const w = workspace();
    api = await startAgentApiServer('anthropic', [
      { tool: { name: 'Read', input: { file_path: w.file } } },
      { tool: { name: 'Edit', input: { file_path: w.file, old_string: OLD, new_string: NEW } } },
      { text: 'Done.' },
    ], 'Edit');
    const reviews: ChangeSet[] = [];
    const companion = await startClaudeCompanion({ reviewer: engineer(w.ws, reviews), env: { HOME: w.home } });
    try {
      assert.ok(fs.existsSync(companion.lockFile));
      assert.equal(fs.statSync(companion.lockFile).mode & 0o077, 0, 'the lock file is readable by its owner only');
      const key = 'sk-ant-forge-test-0123456789abcdefghij';
      fs.writeFileSync(path.join(w.home, '.claude.json'), JSON.stringify({
        hasCompletedOnboarding: true, theme: 'dark',
        customApiKeyResponses: { approved: [key.slice(-20)], rejected: [] },
        projects: { [w.ws]: { hasTrustDialogAccepted: true, allowedTools: [] } },
      }));
      agent = new TmuxAgent(w.ws, { HOME: w.home, ANTHROPIC_BASE_URL: api.url, ANTHROPIC_API_KEY: key, ...QUIET, ...companion.env }, [bins!.claude, '--permission-mode', 'default']);
      await agent.waitFor('the prompt', () => /❯/.test(agent!.screen()), 60_000);
      await agent.type('Update the three settings in settings.py');
      await agent.waitFor('the edit to be written', () => fs.readFileSync(w.file, 'utf8') !== BEFORE, 120_000);
      await agent.waitFor('the next model request', () => api!.requests.length >= 3, 60_000);
      assert.equal(fs.readFileSync(w.file, 'utf8'), EXPECTED);
      assert.equal(reviews.length, 1);
      assert.equal(reviews[0].files[0].hunks.length, 3);
      // Claude Code tells its model THAT the engineer changed the proposal, not how (a limit of the
      // agent, docs/companion.md); the model reads the file again to see it.
      const told = JSON.stringify(api.requests[2].messages);
      assert.match(told, /The user modified your proposed changes before accepting them/);
    } finally {
      await companion.close();
    }
    assert.equal(fs.existsSync(companion.lockFile), false, 'the lock file is gone when the companion stops');
  });

  it('Gemini CLI 0.61.0: openDiff reviewed per hunk; ide/diffAccepted carries the engineer\'s result, which it writes and reports', async () => {
    const w = workspace();
    api = await startAgentApiServer('gemini', [
      { tool: { name: 'replace', input: { file_path: w.file, instruction: 'update the settings', old_string: OLD, new_string: NEW } } },
      { text: 'Done.' },
    ], 'replace');
    const reviews: ChangeSet[] = [];
    const companion = await startGeminiCompanion({ reviewer: engineer(w.ws, reviews) });
    try {
      assert.equal(fs.statSync(companion.discoveryFile).mode & 0o077, 0);
      fs.mkdirSync(path.join(w.home, '.gemini'));
      fs.writeFileSync(path.join(w.home, '.gemini', 'settings.json'), JSON.stringify({
        telemetry: { enabled: false },
        privacy: { usageStatisticsEnabled: false },
        general: { disableAutoUpdate: true, disableUpdateNag: true },
        security: { auth: { selectedType: 'gemini-api-key' }, folderTrust: { enabled: false } },
        ide: { enabled: true, hasSeenNudge: true },
      }));
      // In a container (/.dockerenv) Gemini CLI dials host.docker.internal unless told it is a remote container.
      agent = new TmuxAgent(w.ws, { HOME: w.home, GEMINI_API_KEY: 'forge-test', GOOGLE_GEMINI_BASE_URL: api.url, REMOTE_CONTAINERS: 'true', ...QUIET, ...companion.env }, [bins!.gemini, '-m', 'gemini-2.5-flash']);
      await agent.waitFor('the prompt', () => /Type your message/.test(agent!.screen()), 60_000);
      await agent.type('Update the three settings in settings.py');
      await agent.waitFor('the edit to be written', () => fs.readFileSync(w.file, 'utf8') !== BEFORE, 120_000);
      await agent.waitFor('the next model request', () => api!.requests.length >= 2, 60_000);
      assert.equal(fs.readFileSync(w.file, 'utf8'), EXPECTED);
      assert.equal(reviews.length, 1);
      assert.equal(reviews[0].files[0].hunks.length, 3);
      const told = JSON.stringify(api.requests[1].contents);
      assert.match(told, /modified/i);
      assert.ok(told.includes(EDITED));
    } finally {
      await companion.close();
    }
    assert.equal(fs.existsSync(companion.discoveryFile), false);
  });
});
