/** The GGUF writer of the real-server tier's tiny model: a round trip, alignment, half floats. */
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GgmlType, GgufType, readGgufMetadata, toF16, writeGguf, type GgufValue } from '../realServer/support/gguf';

describe('GGUF writer', () => {
  it('writes key-values and tensors that read back, with tensor data 32-byte aligned', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'forge-gguf-')), 'm.gguf');
    const kvs = new Map<string, GgufValue>([
      ['general.architecture', { type: GgufType.STRING, value: 'llama' }],
      ['llama.block_count', { type: GgufType.U32, value: 2 }],
      ['llama.rope.freq_base', { type: GgufType.F32, value: 10000 }],
      ['tokenizer.ggml.tokens', { type: GgufType.ARRAY, elemType: GgufType.STRING, value: ['a', 'bc', 'Ċ'] }],
      ['tokenizer.ggml.token_type', { type: GgufType.ARRAY, elemType: GgufType.I32, value: [1, 1, 4] }],
    ]);
    writeGguf(file, kvs, [
      { name: 't1', dims: [3], type: GgmlType.F32, data: Buffer.from(new Float32Array([1, 2, 3]).buffer) },
      { name: 't2', dims: [2, 2], type: GgmlType.F16, data: Buffer.from([0, 60, 0, 60, 0, 60, 0, 60]) },
    ]);
    const back = readGgufMetadata(file);
    assert.deepEqual([...back.keys()], [...kvs.keys()]);
    assert.deepEqual(back.get('tokenizer.ggml.tokens'), kvs.get('tokenizer.ggml.tokens'));
    assert.equal(back.get('llama.block_count')!.value, 2);
    const bytes = fs.readFileSync(file);
    assert.equal(bytes.toString('latin1', 0, 4), 'GGUF');
    // The first tensor's data starts at an aligned offset and holds 1, 2, 3.
    const start = Math.ceil(bytes.indexOf(Buffer.from('t2')) / 32) * 32;
    const at = bytes.indexOf(Buffer.from(new Float32Array([1, 2, 3]).buffer), start - 64);
    assert.equal(at % 32, 0);
    assert.equal(bytes.length % 32, 0);
  });

  it('converts to IEEE half precision', () => {
    assert.equal(toF16(1), 0x3c00);
    assert.equal(toF16(-2), 0xc000);
    assert.equal(toF16(0.5), 0x3800);
    assert.equal(toF16(65504), 0x7bff);
    assert.equal(toF16(1e6), 0x7c00);
    assert.equal(toF16(0), 0);
    assert.equal(toF16(5.960464477539063e-8), 1);
  });
});
