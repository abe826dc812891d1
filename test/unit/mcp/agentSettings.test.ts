/** forge.agent.* and forge.mcpServers: parsed per field, problems named, defaults when invalid; and they match package.json. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_COMMAND_ALLOWLIST } from '../../../src/core/policy/commandPolicy';
import { AGENT_DEFAULTS, agentOptionsFrom, parseAgentSettings, parseMcpServers } from '../../../src/core/settings/agentSettings';

describe('agent settings', () => {
  it('defaults when nothing is set', () => {
    const r = parseAgentSettings({});
    assert.deepEqual(r, { settings: AGENT_DEFAULTS, problems: [] });
    assert.deepEqual(agentOptionsFrom(r.settings), { maxSteps: 100, commandAllowlist: DEFAULT_COMMAND_ALLOWLIST, commandTimeoutMs: 120_000 });
  });

  it('valid values reach the Agent options; extra allowlist entries add to the defaults', () => {
    const r = parseAgentSettings({ maxSteps: 30, maxCostUsd: 0.5, commandAllowlist: ['npm run lint', ' cargo test ', 'ls'], commandTimeoutSeconds: 2.5, autoApproveReadOnlyTools: false });
    assert.deepEqual(r.problems, []);
    assert.equal(r.settings.autoApproveReadOnlyTools, false);
    const o = agentOptionsFrom(r.settings);
    assert.deepEqual(o, { maxSteps: 30, maxCostUsd: 0.5, commandAllowlist: [...DEFAULT_COMMAND_ALLOWLIST, 'npm run lint', 'cargo test'], commandTimeoutMs: 2500 });
    assert.equal(parseAgentSettings({ maxCostUsd: null }).problems.length, 0);
  });

  it('each bad value is one problem naming its field, and its default is used; the rest still apply', () => {
    const r = parseAgentSettings({ maxSteps: 0, maxCostUsd: -1, commandAllowlist: 'npm test', commandTimeoutSeconds: '60', autoApproveReadOnlyTools: 'yes', mcpServers: [] });
    assert.deepEqual(r.settings, AGENT_DEFAULTS);
    assert.deepEqual(r.problems.map((p) => p.field), ['forge.agent.maxSteps', 'forge.agent.maxCostUsd', 'forge.agent.commandAllowlist', 'forge.agent.commandTimeoutSeconds', 'forge.agent.autoApproveReadOnlyTools', 'forge.mcpServers']);
    assert.equal(r.problems[0].message, 'forge.agent.maxSteps must be a whole number from 1 to 10000; using 100.');
    assert.equal(r.problems[1].message, 'forge.agent.maxCostUsd must be a positive number of US dollars, or null for no limit; using null.');
    const mixed = parseAgentSettings({ maxSteps: 12.5, commandTimeoutSeconds: 30 });
    assert.equal(mixed.settings.maxSteps, 100);
    assert.equal(mixed.settings.commandTimeoutSeconds, 30);
  });

  it('forge.mcpServers: stdio and HTTP servers with their options; bad entries are left out with a reason, the others kept', () => {
    const r = parseMcpServers({
      files: { command: 'npx', args: ['-y', 'server-filesystem', '.'], env: { DEBUG: '1' }, cwd: 'tools', autoApprove: ['read_file'] },
      remote: { url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' }, disabled: true },
      both: { command: 'a', url: 'http://b' },
      neither: { args: ['x'] },
      badUrl: { url: 'ftp://x' },
      badArgs: { command: 'x', args: 'not a list' },
      notObject: 'npx server',
    });
    assert.deepEqual(r.servers, [
      { name: 'files', transport: 'stdio', command: 'npx', args: ['-y', 'server-filesystem', '.'], env: { DEBUG: '1' }, cwd: 'tools', autoApprove: ['read_file'], disabled: false },
      { name: 'remote', transport: 'http', url: 'https://mcp.example.com/mcp', headers: { Authorization: 'Bearer x' }, autoApprove: [], disabled: true },
    ]);
    assert.deepEqual(r.problems.map((p) => p.field), ['forge.mcpServers.both', 'forge.mcpServers.neither', 'forge.mcpServers.badUrl', 'forge.mcpServers.badArgs', 'forge.mcpServers.notObject']);
    assert.equal(r.problems[0].message, 'MCP server "both": give either "command" or "url", not both.');
    assert.match(r.problems[2].message, /^MCP server "badUrl": url must be an http\(s\) URL\.$/);
    assert.match(r.problems[3].message, /^MCP server "badArgs": args expected array/);
    assert.deepEqual(parseMcpServers(['x']).problems.map((p) => p.field), ['forge.mcpServers']);
    assert.deepEqual(parseMcpServers(undefined), { servers: [], problems: [] });
  });

  it('accepts a file in the common { "mcpServers": { ... } } shape', () => {
    const r = parseMcpServers({ mcpServers: { a: { command: 'x' } } }, '--mcp-config');
    assert.deepEqual(r.servers.map((s) => s.name), ['a']);
  });

  it('package.json declares every setting with the same defaults; servers and the allowlist are user-only', () => {
    const props = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8')).contributes.configuration.properties;
    for (const [k, v] of Object.entries(AGENT_DEFAULTS)) {
      const key = k === 'mcpServers' ? 'forge.mcpServers' : `forge.agent.${k}`;
      assert.ok(props[key], `${key} is declared`);
      assert.match(props[key].markdownDescription, /^%config\.[\w.]+%$/, `${key} is described in package.nls.json`);
      assert.deepEqual(props[key].default, k === 'mcpServers' ? {} : v, key);
    }
    assert.equal(props['forge.mcpServers'].scope, 'machine');
    assert.equal(props['forge.agent.commandAllowlist'].scope, 'machine');
  });
});
