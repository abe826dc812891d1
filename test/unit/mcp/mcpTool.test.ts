/** MCP tools as Forge tools (pure parts): names, schemas, results; and the registry using a tool's own JSON schema. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { mcpResultText, mcpToolName, mcpTools, modelSchema, MAX_TOOL_NAME, type McpCallFn } from '../../../src/core/tools/mcpTool';
import { ToolRegistry } from '../../../src/core/tools/registry';
import { BUILTIN_TOOLS } from '../../../src/core/tools/index';
import { NodeWorkspace } from '../../../src/node/nodeWorkspace';
import { ScriptedUser, toolContext } from './mcpSupport';

describe('MCP tools as Forge tools', () => {
  it('names are mcp__<server>__<tool>, sanitised to [a-zA-Z0-9_-], at most 64 characters, and unique', () => {
    const taken = new Set<string>(['read_file']);
    assert.equal(mcpToolName('my server', 'notes.count', taken), 'mcp__my_server__notes_count');
    assert.equal(mcpToolName('my.server', 'notes count', taken), 'mcp__my_server__notes_count_2');
    assert.equal(mcpToolName('my/server', 'notes/count', taken), 'mcp__my_server__notes_count_3');
    const long1 = mcpToolName('a'.repeat(40), 'b'.repeat(40), taken);
    const long2 = mcpToolName('a'.repeat(40), `${'b'.repeat(39)}c`, taken);
    assert.equal(long1.length, MAX_TOOL_NAME);
    assert.equal(long2.length, MAX_TOOL_NAME);
    assert.notEqual(long1, long2);
    for (const n of taken) assert.match(n, /^[a-zA-Z0-9_-]{1,64}$/);
  });

  it('the model gets the server\'s schema as an object schema without $schema', () => {
    assert.deepEqual(modelSchema(undefined), { type: 'object', properties: {} });
    const s = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { q: { type: 'string' } }, required: ['q'] };
    assert.deepEqual(modelSchema(s), { type: 'object', properties: { q: { type: 'string' } }, required: ['q'] });
  });

  it('results: text verbatim, images and binary resources summarised, text resources kept, isError kept, output capped', () => {
    const r = mcpResultText({
      content: [
        { type: 'text', text: 'line one' },
        { type: 'image', data: Buffer.from('12345678').toString('base64'), mimeType: 'image/png' },
        { type: 'resource', resource: { uri: 'file:///a.txt', mimeType: 'text/plain', text: 'inside' } },
        { type: 'resource', resource: { uri: 'file:///b.bin', blob: Buffer.from('abc').toString('base64') } },
        { type: 'resource_link', uri: 'file:///c', name: 'c' },
      ],
      isError: true,
    }, 10_000);
    assert.equal(r.isError, true);
    assert.equal(r.content, 'line one\n[image: image/png, 8 bytes (not shown)]\n[resource: file:///a.txt (text/plain), 6 characters]\ninside\n[resource: file:///b.bin, 3 bytes of binary data (not shown)]\n[resource link: c file:///c]');
    assert.equal(mcpResultText({ content: [] }, 100).content, '(no output)');
    assert.equal(mcpResultText({ structuredContent: { n: 1 } }, 100).content, '{\n  "n": 1\n}');
    const big = mcpResultText({ content: [{ type: 'text', text: 'x'.repeat(5000) }] }, 1000);
    assert.ok(big.content.length < 1100 && big.content.includes('characters cut'));
    assert.equal(big.isError, undefined);
  });

  it('the registry shows the raw schema; arguments must be a JSON object; the server\'s error reaches the model', async () => {
    const calls: unknown[] = [];
    const call: McpCallFn = async (name, args) => {
      calls.push([name, args]);
      if (typeof args.q !== 'string') throw new Error('MCP error -32602: Invalid arguments: q must be a string');
      return { content: [{ type: 'text', text: `found ${args.q}` }] };
    };
    const tools = mcpTools([{ server: 'search', tools: [{ name: 'find', description: 'Find.', inputSchema: { type: 'object', properties: { q: { type: 'string' } } }, annotations: { readOnlyHint: true } }], call }], BUILTIN_TOOLS.map((t) => t.spec.name));
    const reg = new ToolRegistry([...BUILTIN_TOOLS, ...tools]);
    const def = reg.definitions().find((d) => d.name === 'mcp__search__find')!;
    assert.deepEqual(def.parameters, { type: 'object', properties: { q: { type: 'string' } } });
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'forge-mcptool-'));
    try {
      const ctx = toolContext(new NodeWorkspace(root), new ScriptedUser());
      const run = (args: unknown) => reg.execute({ id: '1', name: 'mcp__search__find', argumentsJson: JSON.stringify(args), arguments: args }, ctx);
      assert.deepEqual(await run({ q: 'x' }), { content: 'found x' });
      const notObject = await run([1, 2]);
      assert.equal(notObject.isError, true);
      assert.match(notObject.content, /Invalid arguments for mcp__search__find/);
      const refused = await run({ q: 3 });
      assert.equal(refused.isError, true);
      assert.equal(refused.content, 'The MCP server "search" could not run find: MCP error -32602: Invalid arguments: q must be a string');
      assert.equal(calls.length, 2, 'the array was never sent');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
