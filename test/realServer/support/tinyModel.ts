/**
 * The tiny random model the real-server tier serves with llama-server (notes/real-llama-server.md):
 * architecture `llama`, 2 layers, n_embd 64, 4 heads, n_ff 128, context 4096, Qwen2's vocabulary
 * and chat template (from llama.cpp's models/ folder), random weights from a fixed seed.
 *
 * It writes garbage, but calls tools: the layer weights are scaled down so the output follows the
 * previous token's embedding (rows N(0, 0.02), tied output); the `<tool_call>` row is 4x the "\n"
 * row (so a reply starts with a call), the `<|im_end|>` row 4x the `</tool_call>` row (so it ends
 * after one); Qwen2's padding tokens 151657/151658 become `<tool_call>`/`</tool_call>` as in
 * Qwen2.5; the template writes `<tool_call>{"name": ...` with no newline and renders only a turn's
 * first call. Serve it with `--logit-bias 1+3` (`"`, so argument strings end). `--seed N` then
 * picks a repeatable scenario (the seeds the tests use are in test/realServer/forgeRun.real.ts).
 */
import * as fs from 'node:fs';
import { GgmlType, GgufType, readGgufMetadata, toF16, writeGguf, type GgufTensor, type GgufValue } from './gguf';

export interface TinyModelOptions {
  vocabFile: string;
  templateFile: string;
  out: string;
  seed?: number;
}

const N_EMBD = 64;
const N_HEAD = 4;
const N_FF = 128;
const N_LAYER = 2;
const N_CTX = 4096;

/** mulberry32 with Box-Muller: a repeatable normal distribution. */
function normal(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() + 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

/** The template as the note describes: `<tool_call>{"name"` with no newline, only the first call of a turn. */
export function adjustTemplate(template: string): string {
  const out = template
    .replace(/<tool_call>\\n\{/g, '<tool_call>{')
    .replace(/\{%- for tool_call in message\.tool_calls %\}/, '{%- for tool_call in message.tool_calls %}{%- if loop.first %}')
    .replace(/(\{\{- '\}\\n<\/tool_call>' \}\}\s*)\{%- endfor %\}/, '$1{%- endif %}{%- endfor %}');
  if (out === template || !out.includes('{%- if loop.first %}') || !out.includes('{%- endif %}{%- endfor %}')) {
    throw new Error('the chat template is not the Qwen2.5 one this model expects');
  }
  return out;
}

function f32(values: Float32Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function writeTinyModel(o: TinyModelOptions): void {
  const vocab = readGgufMetadata(o.vocabFile);
  const tokens = vocab.get('tokenizer.ggml.tokens');
  if (!tokens || tokens.type !== GgufType.ARRAY) throw new Error(`${o.vocabFile} has no tokenizer.ggml.tokens`);
  // Qwen2's vocabulary-only file has padding where Qwen2.5 has its tool-call tokens: name them.
  const words = [...(tokens.value as string[])];
  const types = [...((vocab.get('tokenizer.ggml.token_type')?.value ?? []) as number[])];
  for (const [i, name] of [[151657, '<tool_call>'], [151658, '</tool_call>']] as const) {
    if (words[i] !== `[PAD${i}]` && words[i] !== name) throw new Error(`token ${i} of ${o.vocabFile} is ${words[i]}, not padding`);
    words[i] = name;
    types[i] = 4; // user-defined, as Qwen2.5 adds them
  }
  const id = (t: string) => {
    const i = words.indexOf(t);
    if (i < 0) throw new Error(`the vocabulary has no token ${JSON.stringify(t)}`);
    return i;
  };
  const nVocab = words.length;
  const rand = normal(o.seed ?? 1234);

  const kvs = new Map<string, GgufValue>();
  const u32 = (k: string, v: number) => kvs.set(k, { type: GgufType.U32, value: v });
  kvs.set('general.architecture', { type: GgufType.STRING, value: 'llama' });
  kvs.set('general.name', { type: GgufType.STRING, value: 'forge-tiny-random' });
  u32('general.alignment', 32);
  u32('llama.context_length', N_CTX);
  u32('llama.embedding_length', N_EMBD);
  u32('llama.block_count', N_LAYER);
  u32('llama.feed_forward_length', N_FF);
  u32('llama.attention.head_count', N_HEAD);
  u32('llama.attention.head_count_kv', N_HEAD);
  u32('llama.rope.dimension_count', N_EMBD / N_HEAD);
  u32('llama.vocab_size', nVocab);
  kvs.set('llama.rope.freq_base', { type: GgufType.F32, value: 10000 });
  kvs.set('llama.attention.layer_norm_rms_epsilon', { type: GgufType.F32, value: 1e-6 });
  for (const [k, v] of vocab) if (k.startsWith('tokenizer.') && k !== 'tokenizer.chat_template') kvs.set(k, v);
  kvs.set('tokenizer.ggml.tokens', { type: GgufType.ARRAY, elemType: GgufType.STRING, value: words });
  kvs.set('tokenizer.ggml.token_type', { type: GgufType.ARRAY, elemType: GgufType.I32, value: types });
  kvs.set('tokenizer.ggml.eos_token_id', { type: GgufType.U32, value: id('<|im_end|>') });
  kvs.set('tokenizer.chat_template', { type: GgufType.STRING, value: adjustTemplate(fs.readFileSync(o.templateFile, 'utf8')) });

  // Token embedding (tied output): random rows, then the rows that steer tool calls.
  const emb = new Float32Array(nVocab * N_EMBD);
  for (let i = 0; i < emb.length; i++) emb[i] = rand() * 0.02;
  const scaleRow = (dst: number, src: number, k: number) => { for (let j = 0; j < N_EMBD; j++) emb[dst * N_EMBD + j] = emb[src * N_EMBD + j] * k; };
  scaleRow(id("<tool_call>"), id("\u010a"), 4); // "\n" is Ċ in byte-level BPE
  scaleRow(id("<|im_end|>"), id("</tool_call>"), 4);
  const half = Buffer.alloc(emb.length * 2);
  for (let i = 0; i < emb.length; i++) half.writeUInt16LE(toF16(emb[i]), i * 2);

  const ones = () => f32(new Float32Array(N_EMBD).fill(1));
  const matrix = (cols: number, rows: number) => {
    const m = new Float32Array(cols * rows);
    const s = 0.1 / Math.sqrt(cols);
    for (let i = 0; i < m.length; i++) m[i] = rand() * s;
    return f32(m);
  };
  const tensors: GgufTensor[] = [
    { name: 'token_embd.weight', dims: [N_EMBD, nVocab], type: GgmlType.F16, data: half },
    { name: 'output_norm.weight', dims: [N_EMBD], type: GgmlType.F32, data: ones() },
  ];
  for (let l = 0; l < N_LAYER; l++) {
    const p = `blk.${l}.`;
    tensors.push(
      { name: `${p}attn_norm.weight`, dims: [N_EMBD], type: GgmlType.F32, data: ones() },
      { name: `${p}attn_q.weight`, dims: [N_EMBD, N_EMBD], type: GgmlType.F32, data: matrix(N_EMBD, N_EMBD) },
      { name: `${p}attn_k.weight`, dims: [N_EMBD, N_EMBD], type: GgmlType.F32, data: matrix(N_EMBD, N_EMBD) },
      { name: `${p}attn_v.weight`, dims: [N_EMBD, N_EMBD], type: GgmlType.F32, data: matrix(N_EMBD, N_EMBD) },
      { name: `${p}attn_output.weight`, dims: [N_EMBD, N_EMBD], type: GgmlType.F32, data: matrix(N_EMBD, N_EMBD) },
      { name: `${p}ffn_norm.weight`, dims: [N_EMBD], type: GgmlType.F32, data: ones() },
      { name: `${p}ffn_gate.weight`, dims: [N_EMBD, N_FF], type: GgmlType.F32, data: matrix(N_EMBD, N_FF) },
      { name: `${p}ffn_up.weight`, dims: [N_EMBD, N_FF], type: GgmlType.F32, data: matrix(N_EMBD, N_FF) },
      { name: `${p}ffn_down.weight`, dims: [N_FF, N_EMBD], type: GgmlType.F32, data: matrix(N_FF, N_EMBD) },
    );
  }
  writeGguf(o.out, kvs, tensors);
}

if (require.main === module) {
  const [vocabFile, templateFile, out, seed] = process.argv.slice(2);
  if (!vocabFile || !templateFile || !out) {
    process.stderr.write('usage: tinyModel.ts VOCAB.gguf TEMPLATE.jinja OUT.gguf [SEED]\n');
    process.exit(2);
  }
  writeTinyModel({ vocabFile, templateFile, out, seed: seed ? Number(seed) : undefined });
  process.stdout.write(`wrote ${out} (${(fs.statSync(out).size / 1e6).toFixed(1)} MB)\n`);
}
