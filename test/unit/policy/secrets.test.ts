/**
 * Secrets in a real task: a planted API key (in the environment Forge reads it from) and a planted
 * .env value. Commands run without the key variables, a line that expands one asks, and every
 * tool result is redacted: afterwards neither value is in anything Forge wrote or sent (task
 * storage, events, the requests the model server received).
 */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Approval } from '../../../src/core/ports';
import { NodeTerminal } from '../../../src/node/nodeTerminal';
import { childEnv } from '../../../src/node/childEnv';
import { call, collect, makeRig, type Rig } from '../agent/harness';

const KEY = `sk-planted-${Math.random().toString(36).slice(2)}`;
const ENV_VALUE = `envvalue-${Math.random().toString(36).slice(2)}`;

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('secrets never leave through commands', function () {
  this.timeout(60_000);
  let rig: Rig;
  beforeEach(async () => (rig = await makeRig({ '.env': `DB_PASSWORD=${ENV_VALUE}\nexport MODE="dev"\n`, 'src/a.txt': 'hello\n', 'config/settings.json': `{ "apiKey": "${KEY}" }\n` })));
  afterEach(() => rig.close());

  it('a planted key and .env value are found 0 times in storage, events and model requests', async () => {
    const asked: [string, string][] = [];
    const approval: Approval = Object.assign(Object.create(rig.approval), {
      approveCommand: async (command: string, o: { reason: string }) => (asked.push([command, o.reason]), 'once' as const),
    });
    const env = { ...process.env, FORGE_API_KEY: KEY, OPENAI_API_KEY: KEY, MY_PROFILE_KEY: KEY };
    const terminal = new NodeTerminal(rig.ws, childEnv(env, ['MY_PROFILE_KEY']));
    rig.srv.script([
      call('run_command', { command: 'echo "key:$FORGE_API_KEY:$MY_PROFILE_KEY:$OPENAI_API_KEY"' }),
      call('run_command', { command: 'printenv' }),
      call('run_command', { command: 'cat .env' }),
      call('run_command', { command: 'grep -r PASSWORD .' }),
      call('run_command', { command: 'cat config/settings.json' }),
      call('finish', { summary: 'done' }),
    ]);
    const events = await collect(
      rig.agent({ approval, terminal }, { secretEnvNames: ['FORGE_API_KEY', 'OPENAI_API_KEY', 'MY_PROFILE_KEY'], secretValues: [KEY] }).run('Show me the configuration'),
    );
    assert.equal(events.at(-1)?.type, 'finished');
    assert.match(asked[0][1], /expands \$FORGE_API_KEY, which may hold a secret/);
    assert.match(asked.find(([c]) => c === 'cat .env')![1], /looks like a secrets file/);
    const outputs = events.flatMap((e) => (e.type === 'toolFinished' ? [e.output] : []));
    assert.match(outputs[0], /key:::/, 'the key variables are not in the command environment');
    assert.match(outputs[2], /DB_PASSWORD=\[redacted secret\]/, 'the .env value is redacted from the output');
    assert.match(outputs[3], /\[redacted secret\]/);
    assert.match(outputs[4], /"apiKey": "\[redacted secret\]"/, 'a key value in a workspace file is redacted');
    // Everything Forge wrote or sent: task storage, the events a host renders, the model's requests.
    const written = [
      ...filesUnder(rig.stateDir).map((f) => fs.readFileSync(f, 'utf8')),
      JSON.stringify(events),
      JSON.stringify(rig.srv.chatRequests.map((r) => r.body)),
    ].join('\n');
    assert.ok(written.length > 1000);
    assert.equal(written.split(ENV_VALUE).length - 1, 0, 'the .env value was written somewhere');
    assert.equal(written.split(KEY).length - 1, 0, 'the key was written somewhere');
  });
});
