/** "Test Endpoint": the capability report, against the scripted server. */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { startModelServer, type ModelServer, type ScriptedResponse } from '../../support/modelServer';
import { OpenAiModelClient } from '../../../src/core/model/openaiClient';
import { probeEndpoint } from '../../../src/core/model/probe';
import { clientFor, profileFor } from './support';

describe('probeEndpoint', () => {
  let srv: ModelServer;
  beforeEach(async () => { srv = await startModelServer({ models: [{ id: 'test-model', max_model_len: 32768 }, { id: 'other' }] }); });
  afterEach(() => srv.close());

  const answer = (tools: ScriptedResponse, plain: ScriptedResponse = { text: 'ok' }) => (req: any) => (req.body.tools ? tools : plain);

  it('reports reachability, context size, streaming with latency, usage and native tool calls', async () => {
    srv.script(answer({ toolCalls: [{ name: 'report_status', arguments: { status: 'ok' } }] }, { text: 'ok', chunkDelayMs: 30, textChunkSize: 1 }));
    const client = clientFor(srv);
    const r = await probeEndpoint(client, client.profile);
    assert.equal(r.reachable, true);
    assert.equal(r.chatWorks, true);
    assert.deepEqual(r.models, ['test-model', 'other']);
    assert.equal(r.modelListed, true);
    assert.equal(r.contextTokens, 32768);
    assert.equal(r.streaming, true);
    assert.equal(r.usageReported, true);
    assert.equal(r.toolCalls, 'native');
    assert.equal(r.error, undefined);
    assert.ok(typeof r.firstTokenMs === 'number' && r.firstTokenMs < 1000);
    assert.ok(r.summary.includes('Context window: 32768 tokens.'));
    const toolRequest = srv.chatRequests.find((q) => q.body.tools);
    assert.equal(toolRequest?.body.tools[0].function.name, 'report_status');
  });

  it('reports a server that rejects tools and sends no usage, without switching the client to text', async () => {
    srv.script(answer({ fault: { kind: 'toolsRejected' } }, { text: 'ok', usage: false }));
    const client = clientFor(srv);
    const r = await probeEndpoint(client, client.profile);
    assert.equal(r.toolCalls, 'rejected');
    assert.equal(r.usageReported, false);
    assert.equal(r.chatWorks, true);
    assert.equal(srv.chatRequests.length, 2);
  });

  it('reports an unlisted model with the 404 sentence and the Select Model fix', async () => {
    srv.script([{ fault: { kind: 'modelNotFound' } }]);
    const client = clientFor(srv, { model: 'gpt-missing' });
    const r = await probeEndpoint(client, client.profile);
    assert.equal(r.reachable, true);
    assert.equal(r.modelListed, false);
    assert.equal(r.chatWorks, false);
    assert.deepEqual(r.error, { message: `Model gpt-missing was not found on 127.0.0.1:${srv.port}; available: test-model, other.`, fix: 'selectModel' });
  });

  it('reports a bad key at once', async () => {
    srv.setModelsStatus(401);
    const client = clientFor(srv);
    const r = await probeEndpoint(client, client.profile);
    assert.equal(r.reachable, true);
    assert.equal(r.error?.fix, 'setApiKey');
    assert.equal(srv.chatRequests.length, 0);
  });

  it('reports nothing listening', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    });
    const profile = profileFor({ url: `http://127.0.0.1:${port}/v1` });
    const r = await probeEndpoint(new OpenAiModelClient(profile), profile);
    assert.equal(r.reachable, false);
    assert.deepEqual(r.error, { message: `Nothing is listening at http://127.0.0.1:${port}/v1.`, fix: 'testEndpoint' });
  });

  it('falls back to a plain reply when streaming is broken, and says so', async () => {
    srv.script((req) => (req.body.tools ? { toolCalls: [{ name: 'report_status', arguments: {} }] }
      : req.body.stream ? { text: 'ok', fault: { kind: 'malformedJson', atChunk: 0 } } : { text: 'ok' }));
    const client = clientFor(srv);
    const r = await probeEndpoint(client, client.profile);
    assert.equal(r.streaming, false);
    assert.equal(r.chatWorks, true);
    assert.ok(r.summary.includes('Streaming does not work, but plain replies do.'));
  });
});
