/**
 * Turns Chat Completions chunks into ModelEvents: text and reasoning deltas as they come, tool
 * calls reassembled from their argument deltas (keyed by index, several in parallel) and
 * released once the turn has finished, plus the finish reason and the server's usage.
 */
import type { FinishReason, ModelEvent, ToolCall } from './modelClient';
import { TextToolCallParser } from './textToolProtocol';
import type { ServerUsage } from './usage';

interface Slot {
  id?: string;
  name: string;
  args: string;
}

export class StreamAssembler {
  private readonly slots: Slot[] = [];
  private readonly byIndex = new Map<number, Slot>();
  finishReason?: FinishReason;
  usage?: ServerUsage;
  /** Everything the model produced (text, reasoning, arguments), for a usage estimate. */
  readonly produced: string[] = [];
  private textCalls = 0;

  /** textParser: set when tools travel through the text protocol. */
  constructor(private readonly textParser?: TextToolCallParser) {}

  /** Appends the events of one chunk to `out`. */
  push(chunk: any, out: ModelEvent[]): void {
    if (chunk.usage) this.usage = chunk.usage;
    const choice = chunk.choices?.[0];
    if (!choice) return;
    const delta = choice.delta;
    if (delta) {
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (typeof reasoning === 'string' && reasoning) {
        this.produced.push(reasoning);
        out.push({ type: 'reasoning', text: reasoning });
      }
      const content = delta.content;
      if (typeof content === 'string' && content) {
        this.produced.push(content);
        if (this.textParser) this.emitParsed(this.textParser.push(content), out);
        else out.push({ type: 'text', text: content });
      }
      if (delta.tool_calls) for (const tc of delta.tool_calls) this.addToolDelta(tc, out);
    }
    if (choice.finish_reason) this.finishReason = choice.finish_reason;
  }

  private emitParsed(piece: { text: string; calls: ToolCall[] }, out: ModelEvent[]): void {
    if (piece.text) out.push({ type: 'text', text: piece.text });
    for (const call of piece.calls) out.push({ type: 'toolCall', call });
    this.textCalls += piece.calls.length;
  }

  private addToolDelta(tc: any, out: ModelEvent[]): void {
    const index: number = typeof tc.index === 'number' ? tc.index : this.slots.length;
    let slot = this.byIndex.get(index);
    // Some servers reuse index 0 for every parallel call; a new id means a new call.
    if (!slot || (tc.id && slot.id && tc.id !== slot.id)) {
      slot = { id: tc.id || undefined, name: '', args: '' };
      this.slots.push(slot);
      this.byIndex.set(index, slot);
    }
    if (tc.id && !slot.id) slot.id = tc.id;
    const fn = tc.function;
    if (fn?.name) slot.name += slot.name && slot.name === fn.name ? '' : fn.name;
    if (typeof fn?.arguments === 'string' && fn.arguments) {
      slot.args += fn.arguments;
      this.produced.push(fn.arguments);
      if (slot.name) out.push({ type: 'toolCallDelta', index: this.slots.indexOf(slot), name: slot.name, argumentsDelta: fn.arguments });
    }
  }

  /** After the last chunk: the tool calls (and any text the text parser still held). */
  finish(out: ModelEvent[]): void {
    if (this.textParser) this.emitParsed(this.textParser.end(), out);
    this.slots.forEach((slot, i) => out.push({ type: 'toolCall', call: this.toToolCall(slot, i) }));
  }

  /** Tool calls of this turn, native or parsed from text. */
  get toolCallCount(): number {
    return this.slots.length + this.textCalls;
  }

  private toToolCall(slot: Slot, i: number): ToolCall {
    const call: ToolCall = { id: slot.id ?? `call_${i}`, name: slot.name, argumentsJson: slot.args };
    const text = slot.args.trim() === '' ? '{}' : slot.args;
    try {
      call.arguments = JSON.parse(text);
    } catch (e) {
      call.argumentsError = this.finishReason === 'length'
        ? `The arguments of ${slot.name} were cut off after ${slot.args.length} characters (the reply reached the output token limit), so they are not valid JSON.`
        : `The arguments of ${slot.name} are not valid JSON: ${(e as Error).message}.`;
    }
    return call;
  }
}

/** Consecutive text (or reasoning) deltas of one network read become one event: fewer hops for the consumer. */
export function coalesce(batch: ModelEvent[]): ModelEvent[] {
  if (batch.length < 2) return batch;
  const out: ModelEvent[] = [];
  let pending: { type: 'text' | 'reasoning'; parts: string[] } | undefined;
  const flush = () => {
    if (pending) out.push({ type: pending.type, text: pending.parts.length === 1 ? pending.parts[0] : pending.parts.join('') });
    pending = undefined;
  };
  for (const ev of batch) {
    if (ev.type === 'text' || ev.type === 'reasoning') {
      if (pending?.type !== ev.type) {
        flush();
        pending = { type: ev.type, parts: [] };
      }
      pending.parts.push(ev.text);
    } else {
      flush();
      out.push(ev);
    }
  }
  flush();
  return out;
}

/** A non-streamed completion as one chunk, so one assembler handles both. */
export function toChunk(reply: any): any {
  const choice = reply.choices?.[0];
  const m = choice?.message ?? {};
  return {
    usage: reply.usage,
    choices: [{
      index: 0,
      finish_reason: choice?.finish_reason ?? 'stop',
      delta: {
        content: m.content,
        reasoning_content: m.reasoning_content ?? m.reasoning,
        tool_calls: m.tool_calls?.map((c: any, index: number) => ({ index, id: c.id, type: 'function', function: c.function })),
      },
    }],
  };
}
