/** Forge: Show Request: the exact messages and tools the server received, secrets redacted. */
import { strict as assert } from 'node:assert';
import { requestJson, type ModelRequestRecord } from '../../../src/core/agent/requestDump';
import { SecretRedactor } from '../../../src/core/context/redaction';
import { call, collect, makeRig } from './harness';

describe('Show Request', () => {
  it('holds the system prompt, the tools and the messages the server got, with the key and .env values redacted', async () => {
    const KEY = 'sk-test-key-0123456789';
    const rig = await makeRig({ '.env': 'DB_PASSWORD=hunter2-very-secret\n', 'notes.txt': `the key is ${KEY} and the password hunter2-very-secret\n` });
    try {
      rig.srv.script([call('read_file', { path: 'notes.txt' }), call('finish', { summary: 'ok' })]);
      let last: ModelRequestRecord | undefined;
      await collect(rig.agent({ onRequest: (r) => (last = r) }).run('Read notes.txt'));
      const got = rig.srv.chatRequests.at(-1)!.body;
      const redactor = await SecretRedactor.forWorkspace(rig.ws, [KEY]);
      const doc = JSON.parse(requestJson(last!, { model: 'test-model' }, (s) => redactor.redact(s)));
      assert.equal(doc.model, 'test-model');
      assert.equal(doc.system, got.messages[0].content);
      assert.deepEqual(doc.tools.map((t: { name: string }) => t.name), got.tools.map((t: { function: { name: string } }) => t.function.name));
      assert.equal(doc.messages.length, got.messages.length - 1);
      assert.equal(doc.messages[0].content, got.messages[1].content);
      const text = JSON.stringify(doc);
      assert.ok(!text.includes(KEY) && !text.includes('hunter2-very-secret'), 'no secret value');
      assert.ok(JSON.stringify(got).includes('[redacted secret]'), 'tool results were redacted before the model saw them too');
    } finally {
      await rig.close();
    }
  });
});
