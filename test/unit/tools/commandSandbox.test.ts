/** What the sandbox changes about asking (pure): commandSandbox.ts. */
import { strict as assert } from 'node:assert';
import type { CommandVerdict } from '../../../src/core/policy/commandPolicy';
import type { CommandResult, SandboxStatus } from '../../../src/core/ports';
import { outsideKey, sandboxAnnouncement, sandboxFailureNote, sandboxGate } from '../../../src/core/tools/commandSandbox';

const SANDBOXED: SandboxStatus = { sandboxed: true, network: false, required: false, summary: 'only the workspace is writable.' };
const NONE: SandboxStatus = { sandboxed: false, reason: 'bwrap is not installed', required: false, unsafe: false };
const allow = ['npm test'];
/** The policy's verdict, as the command policy gives it for a plain allowlist (its own tests are in test/unit/policy). */
const verdictOf = (cmd: string): CommandVerdict =>
  allow.some((a) => cmd === a || cmd.startsWith(`${a} `)) ? { verdict: 'allow', reason: 'on the allowlist', commands: [cmd] } : { verdict: 'ask', reason: `\`${cmd}\` is not on the allowlist.`, commands: [cmd] };
const gate = (cmd: string, sb: SandboxStatus, outside?: 'network' | 'all', allowed: string[] = []) => sandboxGate(cmd, outside, 'it installs packages', verdictOf(cmd), sb, { allowedCommands: allowed });
const result = (output: string, over: Partial<CommandResult> = {}): CommandResult => ({ exitCode: 1, output, timedOut: false, cancelled: false, truncated: false, durationMs: 5, sandboxed: { network: false }, ...over });

describe('command sandbox gate', () => {
  it('sandboxed: allowlisted runs, others ask with the policy reason, leaving asks with the model\'s reason', () => {
    assert.deepEqual(gate('npm test', SANDBOXED), { ask: false });
    assert.deepEqual(gate('rm -rf x', SANDBOXED), { ask: true, reason: '`rm -rf x` is not on the allowlist.', rememberAs: 'rm -rf x' });
    const out = gate('npm test', SANDBOXED, 'network');
    assert.ok('ask' in out && out.ask);
    assert.match(out.ask ? out.reason : '', /with the network \(files stay sandboxed\)\. The model's reason: it installs packages\./);
    assert.deepEqual(gate('npm test', SANDBOXED, 'network', [outsideKey('network', 'npm test')]), { ask: false, outside: 'network' });
    assert.deepEqual(gate('npm test', SANDBOXED, 'all', [outsideKey('network', 'npm test')]), { ask: true, outside: 'all', reason: "It asks to run outside the sandbox, with your full access (any file, the network, your secret files). The model's reason: it installs packages.", rememberAs: outsideKey('all', 'npm test'), save: 'all: npm test' });
    assert.deepEqual(gate('npm test', { ...SANDBOXED, network: true }, 'network'), { ask: false }, 'the network is on anyway');
    assert.match((gate('npm test', { ...SANDBOXED, required: true }, 'all') as { refuse: string }).refuse, /forge\.sandbox\.mode is "required"; it was not run/);
  });

  it('no sandbox: every command asks, allowlisted or not; "always" for the task and the unsafe setting skip it; required refuses', () => {
    assert.deepEqual(gate('npm test', NONE), { ask: true, reason: 'It is on the allowlist, but there is no sandbox (bwrap is not installed): it would run with your full access.', rememberAs: 'npm test' });
    assert.match((gate('rm x', NONE) as { reason: string }).reason, /^`rm x` is not on the allowlist\. Also, there is no sandbox/);
    assert.deepEqual(gate('npm test', NONE, undefined, ['npm test']), { ask: false });
    assert.deepEqual(gate('npm test', { ...NONE, unsafe: true }), { ask: false });
    assert.equal((gate('rm x', { ...NONE, unsafe: true }) as { ask: boolean }).ask, true);
    assert.match((gate('npm test', { ...NONE, required: true }) as { refuse: string }).refuse, /Commands cannot run: forge\.sandbox\.mode is "required" and there is no sandbox \(bwrap is not installed\)/);
    assert.match(sandboxAnnouncement(NONE).message, /asks before every command, allowlisted or not/);
    assert.match(sandboxAnnouncement(SANDBOXED).message, /^Commands run sandboxed: only the workspace is writable\.$/);
  });

  it('a failure note only for sandboxed commands that failed on a read-only path or the network', () => {
    assert.match(sandboxFailureNote(result("sh: 1: cannot create /home/u/x: Read-only file system"))!, /read-only in the sandbox.*outsideSandbox: "all"/);
    assert.match(sandboxFailureNote(result('npm error code EAI_AGAIN'))!, /network, which is off.*outsideSandbox: "network"/);
    assert.equal(sandboxFailureNote(result('npm error code EAI_AGAIN', { sandboxed: { network: true } })), undefined, 'the network was on: not the sandbox');
    assert.equal(sandboxFailureNote(result('Read-only file system', { sandboxed: undefined })), undefined, 'not sandboxed');
    assert.equal(sandboxFailureNote(result('Read-only file system', { exitCode: 0 })), undefined, 'it did not fail');
    assert.equal(sandboxFailureNote(result('AssertionError: expected 1 to equal 2')), undefined);
  });
});
