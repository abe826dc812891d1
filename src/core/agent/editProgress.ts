/**
 * Live progress of a propose_edits call while the model is still writing it: the call's JSON
 * arguments arrive in pieces; the "edit" string is decoded as it comes and fed to the streaming
 * edit parser, which reports the files and complete hunks seen so far. The chat shows them before
 * the call is complete. Pure, no I/O; never throws on odd input (progress is only a display).
 */
import { createStreamingParser, type StreamingParser } from '../edits/parse/streamingParser';

export interface EditProgress {
  files: { path: string; hunks: number }[];
}

/** Decodes one JSON string field ("edit") of a JSON object that arrives in pieces. */
export class PartialJsonField {
  private text = '';
  /** Where the field's string value starts in `text` (after its opening quote), once found. */
  private start = -1;
  private pos = 0;
  private done = false;

  constructor(private readonly field: string) {}

  /** Appends a piece of the JSON text; returns the newly decoded part of the field's value. */
  push(piece: string): string {
    this.text += piece;
    if (this.done) return '';
    if (this.start < 0) {
      const m = new RegExp(`"${this.field}"\\s*:\\s*"`).exec(this.text);
      if (!m) return '';
      this.start = this.pos = m.index + m[0].length;
    }
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '"') {
        this.done = true;
        break;
      }
      if (c !== '\\') {
        out += c;
        this.pos++;
        continue;
      }
      const e = this.text[this.pos + 1];
      if (e === undefined) break; // the escape continues in the next piece
      if (e === 'u') {
        const hex = this.text.slice(this.pos + 2, this.pos + 6);
        if (hex.length < 4) break;
        out += String.fromCharCode(parseInt(hex, 16) || 0xfffd);
        this.pos += 6;
        continue;
      }
      out += ESCAPES[e] ?? e;
      this.pos += 2;
    }
    return out;
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"' };

/** Follows the propose_edits calls of one model turn, by the index of the call in the turn. */
export class EditProgressTracker {
  private readonly calls = new Map<number, { field: PartialJsonField; parser: StreamingParser; last: string }>();

  /** A piece of a call's arguments; returns the progress when what it shows changed. */
  push(index: number, name: string, argumentsDelta: string): EditProgress | undefined {
    if (name !== 'propose_edits') return undefined;
    let c = this.calls.get(index);
    if (!c) this.calls.set(index, (c = { field: new PartialJsonField('edit'), parser: createStreamingParser(), last: '' }));
    const text = c.field.push(argumentsDelta);
    if (!text) return undefined;
    const parsed = c.parser.push(text);
    const files = parsed.files.map((f) => ({ path: f.newPath ?? f.path, hunks: f.content !== undefined ? 1 : f.hunks.length }));
    const key = JSON.stringify(files);
    if (key === c.last || files.length === 0) return undefined;
    c.last = key;
    return { files };
  }
}
