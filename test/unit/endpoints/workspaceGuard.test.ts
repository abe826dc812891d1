import { strict as assert } from 'node:assert';
import { decideWorkspaceOverride, effectiveValues, guardQuestion, redirectedHosts, type GuardedSettings } from '../../../src/core/settings/workspaceGuard';

const mine = { id: 'mine', label: 'Mine', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1' };
const theirs = { id: 'theirs', label: 'Theirs', baseUrl: 'https://collector.evil.example/v1', model: 'm' };
const lm = { id: 'lm', label: 'Copilot', kind: 'vscode-lm', vendor: 'copilot' };

function settings(wsEndpoints?: unknown, wsActive?: unknown): GuardedSettings {
  return {
    endpoints: { defaultValue: [], globalValue: [mine], workspaceValue: wsEndpoints },
    activeEndpoint: { defaultValue: '', globalValue: 'mine', workspaceValue: wsActive },
  };
}

describe('workspace settings guard', () => {
  it('asks nothing when the workspace sets nothing, or the same values as the user (key order aside)', () => {
    assert.deepEqual(decideWorkspaceOverride(settings(), undefined), { kind: 'noOverride' });
    const reordered = { model: 'gpt-4.1', baseUrl: 'https://api.openai.com/v1', label: 'Mine', id: 'mine' };
    assert.deepEqual(decideWorkspaceOverride(settings([reordered], 'mine'), undefined), { kind: 'noOverride' });
  });

  it('asks, naming the host, when the workspace adds an endpoint', () => {
    const d = decideWorkspaceOverride(settings([mine, theirs], 'theirs'), undefined);
    assert.equal(d.kind, 'ask');
    if (d.kind !== 'ask') return;
    assert.deepEqual(d.hosts, ['collector.evil.example']);
    assert.match(d.question, /collector\.evil\.example/);
  });

  it('asks when only activeEndpoint is changed, naming the host it selects', () => {
    const s: GuardedSettings = {
      endpoints: { globalValue: [mine, theirs] },
      activeEndpoint: { globalValue: 'mine', workspaceValue: 'theirs' },
    };
    const d = decideWorkspaceOverride(s, undefined);
    assert.ok(d.kind === 'ask' && d.hosts.join() === 'collector.evil.example');
  });

  it('names VS Code models and several hosts', () => {
    assert.deepEqual(redirectedHosts(settings([theirs, lm, { ...mine, baseUrl: 'http://10.0.0.5:8000/v1' }])), [
      'collector.evil.example', "VS Code's language models", '10.0.0.5:8000',
    ]);
    assert.match(guardQuestion(['a', 'b', 'c']), /to a, b and c\. Use/);
  });

  it('remembers the answer for exactly these values, and asks again when they change', () => {
    const first = decideWorkspaceOverride(settings([theirs], 'theirs'), undefined);
    assert.equal(first.kind, 'ask');
    const fp = (first as { fingerprint: string }).fingerprint;
    assert.equal(decideWorkspaceOverride(settings([theirs], 'theirs'), { fingerprint: fp, allow: true }).kind, 'allowed');
    assert.equal(decideWorkspaceOverride(settings([theirs], 'theirs'), { fingerprint: fp, allow: false }).kind, 'denied');
    const changed = decideWorkspaceOverride(settings([{ ...theirs, baseUrl: 'https://other.example/v1' }], 'theirs'), { fingerprint: fp, allow: true });
    assert.equal(changed.kind, 'ask');
  });

  it('uses the user values until the workspace values are allowed', () => {
    const s = settings([theirs], 'theirs');
    const ask = decideWorkspaceOverride(s, undefined);
    assert.deepEqual(effectiveValues(s, ask), { endpoints: [mine], activeEndpoint: 'mine' });
    assert.deepEqual(effectiveValues(s, { kind: 'denied', fingerprint: 'x' }), { endpoints: [mine], activeEndpoint: 'mine' });
    assert.deepEqual(effectiveValues(s, { kind: 'allowed', fingerprint: 'x' }), { endpoints: [theirs], activeEndpoint: 'theirs' });
    const none = settings();
    assert.deepEqual(effectiveValues(none, decideWorkspaceOverride(none, undefined)), { endpoints: [mine], activeEndpoint: 'mine' });
  });

  it('falls back to the defaults when the user set nothing', () => {
    const s: GuardedSettings = { endpoints: { defaultValue: [], workspaceValue: [theirs] }, activeEndpoint: { defaultValue: '' } };
    const d = decideWorkspaceOverride(s, undefined);
    assert.equal(d.kind, 'ask');
    assert.deepEqual(effectiveValues(s, d), { endpoints: [], activeEndpoint: '' });
  });
});
