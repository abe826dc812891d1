import { strict as assert } from 'node:assert';
import { activeProfile, parseForgeSettings, resolveRole, uniqueProfileId } from '../../../src/core/settings/forgeSettings';

const ollama = { id: 'ollama', label: 'Ollama', baseUrl: 'http://127.0.0.1:11434/v1', model: 'qwen2.5-coder:7b' };
const openai = { id: 'gpt', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', model: 'gpt-4.1', kind: 'openai' };
const copilot = { id: 'copilot', label: 'Copilot', kind: 'vscode-lm', vendor: 'copilot', family: 'gpt-4o' };

describe('forge settings: parsing and validation messages', () => {
  it('accepts openai (default kind) and vscode-lm profiles, with defaults filled in', () => {
    const s = parseForgeSettings({ endpoints: [ollama, openai, copilot], activeEndpoint: 'gpt', roles: { summarize: 'ollama' } });
    assert.deepEqual(s.problems, []);
    assert.equal(s.profiles.length, 3);
    assert.equal(s.profiles[0].kind, 'openai');
    assert.equal((s.profiles[0] as { supportsTools: unknown }).supportsTools, 'auto');
    assert.deepEqual(s.profiles[2], copilot);
    assert.equal(s.activeId, 'gpt');
    assert.deepEqual(s.roles, { summarize: 'ollama' });
  });

  it('names the bad field of a bad profile in one sentence and keeps the good ones', () => {
    const s = parseForgeSettings({ endpoints: [ollama, { ...openai, id: 'bad', baseUrl: 'api.openai.com' }], activeEndpoint: undefined, roles: undefined });
    assert.equal(s.profiles.length, 1);
    assert.equal(s.problems.length, 1);
    assert.equal(s.problems[0].field, 'forge.endpoints[1].baseUrl');
    assert.match(s.problems[0].message, /^Endpoint profile "bad": baseUrl must be an http\(s\) URL/);
  });

  it('says which field is missing', () => {
    const s = parseForgeSettings({ endpoints: [{ id: 'x', label: 'X', baseUrl: 'http://h/v1' }], activeEndpoint: undefined, roles: undefined });
    assert.equal(s.problems[0].field, 'forge.endpoints[0].model');
    assert.equal(s.problems[0].message, 'Endpoint profile "x": model is missing.');
  });

  it('rejects wrong types, unknown kinds, bad supportsTools, duplicate ids, non-objects', () => {
    const s = parseForgeSettings({
      endpoints: [
        { ...ollama, temperature: 'hot' },
        { ...ollama, id: 'k', kind: 'anthropic' },
        { ...ollama, id: 't', supportsTools: 'yes' },
        ollama,
        ollama,
        'ollama',
        { ...copilot, id: 'c2', vendor: 3 },
      ],
      activeEndpoint: 7,
      roles: { agent: 'ollama', planner: 'x' },
    });
    const fields = s.problems.map((p) => p.field);
    assert.deepEqual(fields, [
      'forge.endpoints[0].temperature', 'forge.endpoints[1].kind', 'forge.endpoints[2].supportsTools',
      'forge.endpoints[4].id', 'forge.endpoints[5]', 'forge.endpoints[6].vendor', 'forge.activeEndpoint', 'forge.roles.planner',
    ]);
    assert.match(s.problems[1].message, /kind must be "openai" or "vscode-lm"/);
    assert.match(s.problems[2].message, /supportsTools must be "auto", true or false/);
    assert.match(s.problems[3].message, /used twice/);
    assert.deepEqual(s.profiles.map((p) => p.id), ['ollama']);
    assert.deepEqual(s.roles, { agent: 'ollama' });
  });

  it('reports a forge.endpoints that is not a list', () => {
    const s = parseForgeSettings({ endpoints: { id: 'x' }, activeEndpoint: '', roles: null });
    assert.deepEqual(s.problems.map((p) => p.field), ['forge.endpoints']);
    assert.equal(s.activeId, undefined);
  });
});

describe('forge settings: which profile serves a role', () => {
  const s = parseForgeSettings({ endpoints: [ollama, openai], activeEndpoint: 'gpt', roles: { summarize: 'ollama', apply: 'gone' } });

  it('uses the role mapping, then the active profile', () => {
    const sum = resolveRole(s, 'summarize');
    assert.ok(sum.ok && sum.profile.id === 'ollama' && sum.via === 'role');
    const agent = resolveRole(s, 'agent');
    assert.ok(agent.ok && agent.profile.id === 'gpt' && agent.via === 'active');
  });

  it('never falls back silently when a named id does not exist', () => {
    const r = resolveRole(s, 'apply');
    assert.ok(!r.ok);
    assert.equal(r.reason, 'unknownId');
    assert.match(r.message, /forge\.roles\.apply names "gone"/);
  });

  it('uses the only profile when none is active; asks when several are and none is', () => {
    const one = parseForgeSettings({ endpoints: [ollama], activeEndpoint: undefined, roles: undefined });
    assert.equal(activeProfile(one)?.id, 'ollama');
    const two = parseForgeSettings({ endpoints: [ollama, openai], activeEndpoint: undefined, roles: undefined });
    const r = resolveRole(two, 'agent');
    assert.ok(!r.ok && r.reason === 'noActive');
    const none = resolveRole(parseForgeSettings({ endpoints: [], activeEndpoint: undefined, roles: undefined }), 'agent');
    assert.ok(!none.ok && none.reason === 'noProfiles');
  });

  it('makes unique, valid ids from labels', () => {
    assert.equal(uniqueProfileId('Ollama: qwen2.5-coder:7b', []), 'ollama-qwen2.5-coder-7b');
    assert.equal(uniqueProfileId('OpenAI', ['openai', 'openai-2']), 'openai-3');
    assert.equal(uniqueProfileId('???', []), 'endpoint');
  });
});
