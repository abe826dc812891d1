/**
 * GGUF (llama.cpp's model file, version 3), read and written in plain Node: a header, key-value
 * pairs, tensor infos, then the tensor data, each tensor aligned to `general.alignment` (32).
 * Only what the tiny test model needs: every value type, F32 and F16 tensors.
 */
import * as fs from 'node:fs';

export const enum GgufType { U8 = 0, I8 = 1, U16 = 2, I16 = 3, U32 = 4, I32 = 5, F32 = 6, BOOL = 7, STRING = 8, ARRAY = 9, U64 = 10, I64 = 11, F64 = 12 }
export const enum GgmlType { F32 = 0, F16 = 1 }

export type GgufValue =
  | { type: Exclude<GgufType, GgufType.ARRAY>; value: number | bigint | boolean | string }
  | { type: GgufType.ARRAY; elemType: GgufType; value: (number | bigint | boolean | string)[] };

export interface GgufTensor {
  name: string;
  /** ne[0] first: the length of a row, then the number of rows. */
  dims: number[];
  type: GgmlType;
  data: Buffer;
}

const ALIGNMENT = 32;

class Reader {
  pos = 0;
  constructor(private readonly b: Buffer) {}
  u32() { const v = this.b.readUInt32LE(this.pos); this.pos += 4; return v; }
  u64() { const v = this.b.readBigUInt64LE(this.pos); this.pos += 8; return v; }
  str() { const n = Number(this.u64()); const s = this.b.toString('utf8', this.pos, this.pos + n); this.pos += n; return s; }
  scalar(t: GgufType): number | bigint | boolean | string {
    const b = this.b;
    const at = this.pos;
    switch (t) {
      case GgufType.U8: this.pos += 1; return b.readUInt8(at);
      case GgufType.I8: this.pos += 1; return b.readInt8(at);
      case GgufType.U16: this.pos += 2; return b.readUInt16LE(at);
      case GgufType.I16: this.pos += 2; return b.readInt16LE(at);
      case GgufType.U32: this.pos += 4; return b.readUInt32LE(at);
      case GgufType.I32: this.pos += 4; return b.readInt32LE(at);
      case GgufType.F32: this.pos += 4; return b.readFloatLE(at);
      case GgufType.BOOL: this.pos += 1; return b.readUInt8(at) !== 0;
      case GgufType.STRING: return this.str();
      case GgufType.U64: this.pos += 8; return b.readBigUInt64LE(at);
      case GgufType.I64: this.pos += 8; return b.readBigInt64LE(at);
      case GgufType.F64: this.pos += 8; return b.readDoubleLE(at);
      default: throw new Error(`GGUF: unknown value type ${t}`);
    }
  }
}

/** The key-value pairs of a GGUF file (tensors are not read). */
export function readGgufMetadata(file: string): Map<string, GgufValue> {
  const r = new Reader(fs.readFileSync(file));
  if (r.u32() !== 0x46554747) throw new Error(`${file} is not a GGUF file`);
  const version = r.u32();
  if (version < 2) throw new Error(`${file}: GGUF version ${version} is not supported`);
  r.u64(); // tensor count
  const kvCount = Number(r.u64());
  const kvs = new Map<string, GgufValue>();
  for (let i = 0; i < kvCount; i++) {
    const key = r.str();
    const type = r.u32() as GgufType;
    if (type === GgufType.ARRAY) {
      const elemType = r.u32() as GgufType;
      const n = Number(r.u64());
      const value = new Array(n);
      for (let j = 0; j < n; j++) value[j] = r.scalar(elemType);
      kvs.set(key, { type, elemType, value });
    } else {
      kvs.set(key, { type, value: r.scalar(type) } as GgufValue);
    }
  }
  return kvs;
}

class Writer {
  private readonly parts: Buffer[] = [];
  size = 0;
  push(b: Buffer) { this.parts.push(b); this.size += b.length; }
  u32(v: number) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  u64(v: number | bigint) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(v)); this.push(b); }
  str(s: string) { const b = Buffer.from(s, 'utf8'); this.u64(b.length); this.push(b); }
  scalar(t: GgufType, v: number | bigint | boolean | string) {
    const b = Buffer.alloc(8);
    switch (t) {
      case GgufType.U8: b.writeUInt8(Number(v)); return this.push(b.subarray(0, 1));
      case GgufType.I8: b.writeInt8(Number(v)); return this.push(b.subarray(0, 1));
      case GgufType.U16: b.writeUInt16LE(Number(v)); return this.push(b.subarray(0, 2));
      case GgufType.I16: b.writeInt16LE(Number(v)); return this.push(b.subarray(0, 2));
      case GgufType.U32: b.writeUInt32LE(Number(v)); return this.push(b.subarray(0, 4));
      case GgufType.I32: b.writeInt32LE(Number(v)); return this.push(b.subarray(0, 4));
      case GgufType.F32: b.writeFloatLE(Number(v)); return this.push(b.subarray(0, 4));
      case GgufType.BOOL: b.writeUInt8(v ? 1 : 0); return this.push(b.subarray(0, 1));
      case GgufType.STRING: return this.str(String(v));
      case GgufType.U64: b.writeBigUInt64LE(BigInt(v)); return this.push(b);
      case GgufType.I64: b.writeBigInt64LE(BigInt(v)); return this.push(b);
      case GgufType.F64: b.writeDoubleLE(Number(v)); return this.push(b);
      default: throw new Error(`GGUF: cannot write value type ${t}`);
    }
  }
  pad() { const n = (ALIGNMENT - (this.size % ALIGNMENT)) % ALIGNMENT; if (n) this.push(Buffer.alloc(n)); }
  buffers() { return this.parts; }
}

export function writeGguf(file: string, kvs: Map<string, GgufValue>, tensors: GgufTensor[]): void {
  const w = new Writer();
  w.u32(0x46554747);
  w.u32(3);
  w.u64(tensors.length);
  w.u64(kvs.size);
  for (const [key, v] of kvs) {
    w.str(key);
    w.u32(v.type);
    if (v.type === GgufType.ARRAY) {
      w.u32(v.elemType);
      w.u64(v.value.length);
      for (const x of v.value) w.scalar(v.elemType, x);
    } else {
      w.scalar(v.type, v.value);
    }
  }
  let offset = 0;
  for (const t of tensors) {
    w.str(t.name);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    w.u32(t.type);
    w.u64(offset);
    offset += Math.ceil(t.data.length / ALIGNMENT) * ALIGNMENT;
  }
  w.pad();
  for (const t of tensors) {
    w.push(t.data);
    w.pad();
  }
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    for (const b of w.buffers()) fs.writeSync(fd, b);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
}

/** IEEE half precision, round to nearest. */
export function toF16(x: number): number {
  const f32 = new Float32Array([x]);
  const u = new Uint32Array(f32.buffer)[0];
  const sign = (u >>> 16) & 0x8000;
  let exp = ((u >>> 23) & 0xff) - 127 + 15;
  let mant = u & 0x7fffff;
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    return sign | ((mant + (1 << (shift - 1))) >> shift);
  }
  const h = sign | (exp << 10) | (mant >> 13);
  return (mant & 0x1000) ? h + 1 : h;
}
