/** `forge probe`: Test Endpoint's checks from the command line, against the scripted server. */
import { strict as assert } from 'node:assert';
import { runCli } from '../../../src/cli/commands';
import { runProbe } from '../../../src/cli/probeCommand';
import { startModelServer, type ModelServer } from '../../support/modelServer';

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd: process.cwd(), stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' }, out, err };
}

describe('forge probe', () => {
  let srv: ModelServer;
  beforeEach(async () => { srv = await startModelServer({ models: [{ id: 'tiny' }] }); });
  afterEach(() => srv.close());

  it('reports what works, with the window the server serves (llama.cpp meta.n_ctx), exit 0', async () => {
    srv.emulateLlamaCpp({ nCtx: 512 });
    srv.script((req) => (req.body.tools ? { toolCalls: [{ name: 'report_status', arguments: { status: 'ok' } }] } : { text: 'ok' }));
    const { io, out } = captureIo();
    const code = await runCli(['probe', '--endpoint', srv.url, '--model', 'tiny'], io);
    const text = out.join('');
    assert.equal(code, 0, text);
    assert.match(text, /^"tiny" works: first token after \d+ ms, streaming yes, tool calls yes, usage reported, context 512 tokens\.\n/);
    assert.match(text, /  Context size: 512 tokens\n/);
  });

  it('--json prints the probe result; a failing endpoint exits 1 with the server\'s words', async () => {
    srv.script([{ fault: { kind: 'status', status: 400, body: { error: { message: 'model "tiny" is not loaded', type: 'invalid_request_error' } } } }]);
    const { io, out } = captureIo();
    const code = await runProbe(['--endpoint', srv.url, '--model', 'tiny', '--json'], io, {});
    assert.equal(code, 1);
    const r = JSON.parse(out.join(''));
    assert.equal(r.chatWorks, false);
    assert.match(r.error.message, /refused the request \(HTTP 400\): model "tiny" is not loaded/);
  });

  it('usage errors exit 2', async () => {
    const { io, err } = captureIo();
    assert.equal(await runProbe(['--endpoint', srv.url], io, {}), 2);
    assert.match(err.join(''), /name the model/);
  });
});
