/**
 * The text tool protocol, for servers without native tool calling (small local models, servers
 * started without a tool parser). The tools are described in the system prompt; the model
 * answers with blocks that this module parses back into ToolCalls:
 *
 *   <tool_call>
 *   {"name": "read_file", "arguments": {"path": "src/a.ts"}}
 *   </tool_call>
 *
 * Results go back to the model as user messages holding
 *
 *   <tool_result id="tc_1" name="read_file">
 *   ...
 *   </tool_result>
 *
 * Several blocks in one reply are several calls. Text outside blocks is ordinary reply text.
 */
import type { ChatMessage, ToolCall, ToolDefinition } from './modelClient';

export const OPEN_TAG = '<tool_call>';
export const CLOSE_TAG = '</tool_call>';

export function describeToolsForPrompt(tools: ToolDefinition[]): string {
  const list = tools
    .map((t) => `### ${t.name}\n${t.description}\nArguments (JSON Schema): ${JSON.stringify(t.parameters)}`)
    .join('\n\n');
  return [
    '# Tools',
    'You can call the tools below. To call one, write a block exactly like this, with a JSON object holding "name" and "arguments":',
    '',
    OPEN_TAG,
    '{"name": "tool_name", "arguments": {"arg": "value"}}',
    CLOSE_TAG,
    '',
    'You may write several blocks in one reply to call several tools. Write nothing after your last block:',
    'the results come back in <tool_result> blocks in the next message. Do not invent results.',
    '',
    list,
  ].join('\n');
}

export function formatToolCall(call: Pick<ToolCall, 'name' | 'argumentsJson'>): string {
  let args: unknown;
  try {
    args = JSON.parse(call.argumentsJson || '{}');
  } catch {
    args = call.argumentsJson;
  }
  return `${OPEN_TAG}\n${JSON.stringify({ name: call.name, arguments: args })}\n${CLOSE_TAG}`;
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function formatToolResult(id: string, name: string | undefined, content: string): string {
  return `<tool_result id="${escapeAttr(id)}"${name ? ` name="${escapeAttr(name)}"` : ''}>\n${content}\n</tool_result>`;
}

/**
 * Rewrites a conversation for a server without tools: the protocol goes into the system prompt,
 * earlier tool calls become blocks in the assistant's text, tool results become user messages.
 */
export function toTextProtocolMessages(messages: ChatMessage[], tools: ToolDefinition[]): ChatMessage[] {
  const protocol = describeToolsForPrompt(tools);
  const out: ChatMessage[] = [];
  let placed = false;
  for (const m of messages) {
    if (m.role === 'system' && !placed) {
      out.push({ role: 'system', content: `${m.content}\n\n${protocol}` });
      placed = true;
    } else if (m.role === 'assistant' && m.toolCalls?.length) {
      const blocks = m.toolCalls.map(formatToolCall).join('\n');
      out.push({ role: 'assistant', content: m.content ? `${m.content}\n${blocks}` : blocks });
    } else if (m.role === 'tool') {
      const result = formatToolResult(m.toolCallId, m.name, m.content);
      const prev = out[out.length - 1];
      // Consecutive results of one turn go into one user message.
      if (prev?.role === 'user' && prev.content.startsWith('<tool_result')) out[out.length - 1] = { role: 'user', content: `${prev.content}\n${result}` };
      else out.push({ role: 'user', content: result });
    } else {
      out.push(m);
    }
  }
  if (!placed) out.unshift({ role: 'system', content: protocol });
  return out;
}

function stripFence(s: string): string {
  const t = s.trim();
  const m = /^```(?:json)?\s*([\s\S]*?)\s*```$/.exec(t);
  return m ? m[1] : t;
}

/** Parses the inside of one block into a ToolCall, or returns undefined when it is not one. */
export function parseToolCallBlock(body: string, id: string): ToolCall | undefined {
  const text = stripFence(body);
  let obj: any;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    const name = /"name"\s*:\s*"([^"]+)"/.exec(text)?.[1];
    if (!name) return undefined;
    return { id, name, argumentsJson: text, argumentsError: `The ${OPEN_TAG} block for ${name} is not valid JSON: ${(e as Error).message}` };
  }
  if (!obj || typeof obj.name !== 'string') return undefined;
  let args = obj.arguments ?? obj.parameters ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return { id, name: obj.name, argumentsJson: args, argumentsError: `The arguments of ${obj.name} are not valid JSON.` };
    }
  }
  return { id, name: obj.name, argumentsJson: JSON.stringify(args), arguments: args };
}

/** Longest suffix of `s` that is a prefix of `tag` (a tag possibly split across deltas). */
function partialTagSuffix(s: string, tag: string): number {
  for (let n = Math.min(tag.length - 1, s.length); n > 0; n--) if (s.endsWith(tag.slice(0, n))) return n;
  return 0;
}

export interface ParsedPiece {
  text: string;
  calls: ToolCall[];
}

/** Parses a streamed reply: text outside blocks is released as soon as it cannot be a tag. */
export class TextToolCallParser {
  private buffer = '';
  private inside = false;
  private count = 0;

  constructor(private readonly idPrefix = 'tc_') {}

  push(delta: string): ParsedPiece {
    this.buffer += delta;
    return this.drain(false);
  }

  /** The stream ended: release what is left (an unclosed block is parsed if it can be). */
  end(): ParsedPiece {
    return this.drain(true);
  }

  private drain(final: boolean): ParsedPiece {
    let text = '';
    const calls: ToolCall[] = [];
    for (;;) {
      if (!this.inside) {
        const at = this.buffer.indexOf(OPEN_TAG);
        if (at >= 0) {
          text += this.buffer.slice(0, at);
          this.buffer = this.buffer.slice(at + OPEN_TAG.length);
          this.inside = true;
          continue;
        }
        const keep = final ? 0 : partialTagSuffix(this.buffer, OPEN_TAG);
        text += this.buffer.slice(0, this.buffer.length - keep);
        this.buffer = this.buffer.slice(this.buffer.length - keep);
        break;
      }
      const end = this.buffer.indexOf(CLOSE_TAG);
      if (end < 0 && !final) break;
      const body = end >= 0 ? this.buffer.slice(0, end) : this.buffer;
      this.buffer = end >= 0 ? this.buffer.slice(end + CLOSE_TAG.length) : '';
      this.inside = false;
      const call = parseToolCallBlock(body, `${this.idPrefix}${++this.count}`);
      if (call) calls.push(call);
      else text += `${OPEN_TAG}${body}${end >= 0 ? CLOSE_TAG : ''}`;
      if (end < 0) break;
    }
    return { text, calls };
  }
}
