/** Forge: Report a Problem: what it collects and what it redacts (core/report). */
import { strict as assert } from 'node:assert';
import { LogTail } from '../../../src/core/report/logTail';
import { problemReport, REPORT_NOTICE } from '../../../src/core/report/problemReport';
import { REDACTED, redactText, redactValue } from '../../../src/core/report/reportRedaction';

const KEY = 'sk-proj-abcdefghijklmnop1234';

describe('problem report', () => {
  it('redacts values named like secrets, header and env values, URL passwords, secret query parameters and key-shaped text', () => {
    const endpoints = [{
      id: 'corp', baseUrl: 'https://bob:hunter22@llm.corp.example/v1?api-key=abc123&region=eu', model: 'gpt-4.1', apiKeyEnv: 'CORP_KEY',
      headers: { 'X-Org': 'acme', Authorization: 'Bearer xyz' }, maxContextTokens: 128000, note: `the key is ${KEY}`,
    }];
    assert.deepEqual(redactValue('endpoints', endpoints), [{
      id: 'corp', baseUrl: `https://${REDACTED}@llm.corp.example/v1?api-key=${REDACTED}&region=eu`, model: 'gpt-4.1', apiKeyEnv: REDACTED,
      headers: { 'X-Org': REDACTED, Authorization: REDACTED }, maxContextTokens: 128000, note: `the key is ${REDACTED}`,
    }]);
    const mcp = { github: { command: 'npx', args: ['-y', 'server-github', '--token=ghp_123456789012345678901234'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp_x', LOG: 'debug' } } };
    const r = redactValue('mcpServers', mcp) as typeof mcp;
    assert.deepEqual(r.github.env, { GITHUB_PERSONAL_ACCESS_TOKEN: REDACTED, LOG: REDACTED });
    assert.equal(r.github.args[2], `--token=${REDACTED}`);
    assert.deepEqual(redactValue('commandAllowlist', ['npm test', 'git status']), ['npm test', 'git status'], 'ordinary values stay');
    assert.equal(redactValue('mode', 'auto'), 'auto');
  });

  it('removes known key values anywhere in free text, even when they look like nothing special', () => {
    assert.equal(redactText('401 from server; sent key 9f8e7d6c5b4a', ['9f8e7d6c5b4a']), `401 from server; sent key ${REDACTED}`);
    assert.equal(redactText('Authorization: Bearer abc.def.ghi'), `Authorization: Bearer ${REDACTED}`);
    assert.equal(redactText('{"apiKey": "zzzzzzzz1"}'), `{"apiKey": "${REDACTED}"}`);
    assert.equal(redactText('maxContextTokens=128000 at step 3'), 'maxContextTokens=128000 at step 3');
  });

  it('keeps the newest log lines and the newest warnings and errors apart', () => {
    const t = new LogTail(3, 2, () => new Date('2026-12-07T01:02:03Z'));
    t.add('error', 'first error');
    for (let i = 0; i < 5; i++) t.add('info', `line ${i}`);
    t.add('warn', 'a warning');
    t.add('error', 'last error');
    assert.deepEqual(t.lines().map((l) => l.text), ['line 4', 'a warning', 'last error']);
    assert.deepEqual(t.errors().map((l) => l.text), ['a warning', 'last error'], 'the two newest');
  });

  it('builds one markdown document: the notice first, versions, state, changed settings by scope, errors and log, all redacted', () => {
    const t = new LogTail(10, 10, () => new Date('2026-12-07T01:02:03Z'));
    t.add('info', 'Forge 0.1.0 activated');
    t.add('error', `Test Endpoint "corp": 401 with key ${KEY}`);
    t.add('info', 'output with ``` fences');
    const md = problemReport({
      forgeVersion: '0.1.0 (forge-dev.forge-agent)', host: 'Visual Studio Code 1.100.3 (desktop)', os: 'linux 6.1.0 (x64), Node 20.19.0',
      settings: [
        { key: 'forge.endpoints', values: [{ scope: 'user', value: [{ id: 'corp', baseUrl: 'https://llm.corp.example/v1', model: 'm', headers: { 'api-key': 'AZ-SECRET' } }] }] },
        { key: 'forge.review', values: [{ scope: 'user', value: 'end' }, { scope: 'workspace', value: 'each' }] },
      ],
      state: ['Sandbox: on (bubblewrap)'], errors: t.errors(), log: t.lines(), known: [KEY],
    });
    assert.ok(md.startsWith(`# Forge problem report\n\n> ${REPORT_NOTICE}\n`));
    assert.match(md, /\| Forge \| 0\.1\.0 \(forge-dev\.forge-agent\) \|\n\| Editor \| Visual Studio Code 1\.100\.3 \(desktop\) \|\n\| OS \| linux 6\.1\.0/);
    assert.match(md, /- Sandbox: on \(bubblewrap\)/);
    assert.match(md, /"forge\.endpoints": \[\n\s+\{\n\s+"id": "corp",[\s\S]*"api-key": "\[redacted\]"/);
    assert.match(md, /"forge\.review \(user\)": "end",\n\s+"forge\.review \(workspace\)": "each"/);
    assert.match(md, /## Last warnings and errors \(1\)\n\n```\n2026-12-07T01:02:03\.000Z \[error\] Test Endpoint "corp": 401 with key \[redacted\]\n```/);
    assert.match(md, /## Log \(last 3 lines\)\n\n````\n[\s\S]*output with ``` fences\n````/, 'a longer fence around text with fences');
    assert.doesNotMatch(md, /AZ-SECRET|abcdefghijklmnop/);
  });
});
