/**
 * Tools from MCP servers as Forge tools: a server's tool descriptor (name, description, JSON
 * input schema, annotations) plus a function that calls it becomes a Tool named
 * `mcp__<server>__<tool>` (sanitised to [a-zA-Z0-9_-], at most 64 characters, unique). The
 * arguments are only checked to be a JSON object: the server validates the rest, and its error
 * text reaches the model as an error result. Pure: the host owns the connections.
 */
import { z } from 'zod';
import { defineTool, fail, type Tool, type ToolResult } from './tool';

/** The parts of an MCP `Tool` (tools/list) Forge uses. */
export interface McpToolDescriptor {
  name: string;
  title?: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  annotations?: { title?: string; readOnlyHint?: boolean; [k: string]: unknown };
}

/** One content part of an MCP tool result (text, image, audio, resource, resource_link). */
export interface McpContentPart {
  type: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  resource?: { uri?: string; mimeType?: string; text?: string; blob?: string };
}

export interface McpCallResult {
  content?: McpContentPart[];
  structuredContent?: unknown;
  isError?: boolean;
}

/** Calls one tool on its server (the original, unsanitised tool name). */
export type McpCallFn = (toolName: string, args: Record<string, unknown>, options: { signal?: AbortSignal; timeoutMs: number }) => Promise<McpCallResult>;

/** A connected server's tools, as the host hands them to mcpTools(). */
export interface McpServerTools {
  server: string;
  tools: McpToolDescriptor[];
  call: McpCallFn;
  /** Tool names (as the server spells them) the user auto-approved. */
  autoApprove?: string[];
}

export const MAX_TOOL_NAME = 64;

const sanitise = (s: string) => s.replace(/[^a-zA-Z0-9_-]/g, '_');

/** FNV-1a, 8 hex digits: keeps cut names apart. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** `mcp__<server>__<tool>`, sanitised, cut to 64 characters, and not in `taken` (which it joins). */
export function mcpToolName(server: string, tool: string, taken: Set<string>): string {
  let name = `mcp__${sanitise(server)}__${sanitise(tool)}`;
  if (name.length > MAX_TOOL_NAME) name = `${name.slice(0, MAX_TOOL_NAME - 9)}_${shortHash(`${server}\u0000${tool}`)}`;
  for (let n = 2; taken.has(name); n++) {
    const suffix = `_${n}`;
    name = `${name.slice(0, MAX_TOOL_NAME - suffix.length).replace(/_\d+$/, '')}${suffix}`;
  }
  taken.add(name);
  return name;
}

/** The input schema as the model gets it: always an object schema with properties. */
export function modelSchema(inputSchema: Record<string, unknown> | undefined): Record<string, unknown> {
  const s: Record<string, unknown> = { ...(inputSchema ?? {}) };
  delete s.$schema;
  s.type = 'object';
  if (!s.properties || typeof s.properties !== 'object') s.properties = {};
  return s;
}

/** An MCP result as the model's tool result: text parts verbatim, the rest summarised, capped. */
export function mcpResultText(result: McpCallResult, maxChars: number): ToolResult {
  const parts: string[] = [];
  for (const p of result.content ?? []) parts.push(describePart(p));
  if (parts.length === 0 && result.structuredContent !== undefined) parts.push(JSON.stringify(result.structuredContent, null, 2));
  const text = capText(parts.join('\n') || '(no output)', maxChars);
  return result.isError ? { content: text, isError: true } : { content: text };
}

function describePart(p: McpContentPart): string {
  switch (p.type) {
    case 'text': return p.text ?? '';
    case 'image':
    case 'audio':
      return `[${p.type}: ${p.mimeType ?? 'unknown type'}, ${approxBytes(p.data)} bytes (not shown)]`;
    case 'resource_link':
      return `[resource link: ${p.name ?? ''}${p.name ? ' ' : ''}${p.uri ?? ''}${p.mimeType ? ` (${p.mimeType})` : ''}]`;
    case 'resource': {
      const r = p.resource ?? {};
      const head = `[resource: ${r.uri ?? '(no uri)'}${r.mimeType ? ` (${r.mimeType})` : ''}`;
      if (typeof r.text === 'string') return `${head}, ${r.text.length} characters]\n${r.text}`;
      return `${head}, ${approxBytes(r.blob)} bytes of binary data (not shown)]`;
    }
    default: return `[${p.type} content (not shown)]`;
  }
}

const approxBytes = (base64: string | undefined) => (base64 ? Math.floor((base64.replace(/=+$/, '').length * 3) / 4) : 0);

function capText(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = Math.floor(max * 0.6);
  return `${text.slice(0, head)}\n[... ${text.length - max} characters cut ...]\n${text.slice(text.length - (max - head))}`;
}

/** One MCP tool as a Forge tool under `name` (see mcpToolName). */
export function mcpTool(server: string, d: McpToolDescriptor, call: McpCallFn, o: { name: string; autoApproved: boolean }): Tool {
  const readOnly = d.annotations?.readOnlyHint === true;
  const about = d.description?.trim() || d.annotations?.title || d.title || d.name;
  return defineTool(
    {
      name: o.name,
      description: `${about} (tool "${d.name}" of the MCP server "${server}"${readOnly ? '; read-only' : ''})`,
      schema: z.record(z.string(), z.unknown()),
      jsonSchema: modelSchema(d.inputSchema),
      mutating: !readOnly,
      approval: readOnly ? 'readOnly' : 'ask',
      autoApproved: o.autoApproved,
    },
    async (args, ctx) => {
      let result: McpCallResult;
      try {
        result = await call(d.name, args, { signal: ctx.signal, timeoutMs: ctx.state.commandTimeoutMs });
      } catch (e) {
        if (ctx.signal?.aborted) return fail(`${o.name} was cancelled.`);
        return fail(`The MCP server "${server}" could not run ${d.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
      return mcpResultText(result, ctx.state.maxOutputChars);
    },
  );
}

/** Every server's tools as Forge tools, names unique among themselves and `taken` (the built-ins). */
export function mcpTools(servers: McpServerTools[], taken: Iterable<string> = []): Tool[] {
  const names = new Set(taken);
  const out: Tool[] = [];
  for (const s of servers) {
    const auto = new Set(s.autoApprove ?? []);
    for (const d of s.tools) out.push(mcpTool(s.server, d, s.call, { name: mcpToolName(s.server, d.name, names), autoApproved: auto.has(d.name) }));
  }
  return out;
}
