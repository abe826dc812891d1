/**
 * The tool registry: JSON schemas for the model (from the zod schemas, or a tool's own JSON schema)
 * and execution with argument validation, then the approval gate (toolApproval.ts). Bad arguments
 * become a tool result naming every problem and its field.
 */
import { z } from 'zod';
import { unwrapSchema } from '../lazySchema';
import type { ToolCall, ToolDefinition } from '../model/modelClient';
import { fail, type Tool, type ToolContext, type ToolResult } from './tool';
import { gateToolCall, type GateOptions } from './toolApproval';

export class ToolRegistry {
  private readonly tools = new Map<string, Tool>();
  private readonly gate: GateOptions;

  constructor(tools: Tool<any>[] = [], options: Partial<GateOptions> = {}) {
    this.gate = { autoApproveReadOnlyTools: options.autoApproveReadOnlyTools ?? true };
    for (const t of tools) this.add(t);
  }

  add(tool: Tool<any>): void {
    if (this.tools.has(tool.spec.name)) throw new Error(`tool ${tool.spec.name} is registered twice`);
    this.tools.set(tool.spec.name, tool);
  }

  get(name: string): Tool | undefined {
    return this.tools.get(name);
  }

  get names(): string[] {
    return [...this.tools.keys()];
  }

  /** Stable order (registration order), so the prompt prefix stays cacheable. */
  definitions(): ToolDefinition[] {
    return [...this.tools.values()].map((t) => {
      if (t.spec.jsonSchema) return { name: t.spec.name, description: t.spec.description, parameters: t.spec.jsonSchema };
      const schema = z.toJSONSchema(unwrapSchema(t.spec.schema), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
      delete schema.$schema;
      return { name: t.spec.name, description: t.spec.description, parameters: schema };
    });
  }

  async execute(call: ToolCall, ctx: ToolContext): Promise<ToolResult> {
    const tool = this.tools.get(call.name);
    if (!tool) return fail(`Unknown tool "${call.name}". Available tools: ${this.names.join(', ')}.`);
    if (call.argumentsError) return fail(`The arguments of ${call.name} are not valid JSON (${call.argumentsError}). The call was not run${quoteArguments(call.argumentsJson)}. Send the call again with complete JSON arguments.`);
    const raw = call.arguments ?? safeParse(call.argumentsJson);
    if (raw === undefined) return fail(`The arguments of ${call.name} are not valid JSON. Send a JSON object.`);
    const parsed = tool.spec.schema.safeParse(raw);
    if (!parsed.success) return fail(`Invalid arguments for ${call.name}: ${describeIssues(parsed.error)}. Fix them and call ${call.name} again.`);
    try {
      const refused = await gateToolCall(tool.spec, parsed.data, ctx, this.gate);
      if (refused) return refused;
      if (ctx.signal?.aborted) return fail(`${call.name} was cancelled.`);
      return await tool.run(parsed.data, ctx);
    } catch (e) {
      if (ctx.signal?.aborted) return fail(`${call.name} was cancelled.`);
      return fail(`${call.name} failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

function safeParse(json: string): unknown {
  if (json.trim() === '') return {};
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => {
      const where = i.path.length ? i.path.map(String).join('.') : '(arguments)';
      const msg = i.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, ' (it is missing)');
      return `${where}: ${msg}`;
    })
    .join('; ');
}

/** What the model wrote as a broken call's arguments (the history sends the call with `{}`), shortened. */
function quoteArguments(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return '';
  return `; your arguments were: ${flat.length > 300 ? `${flat.slice(0, 300)}… (${flat.length} characters in all)` : flat}`;
}
