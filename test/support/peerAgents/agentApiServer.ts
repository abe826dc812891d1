/**
 * Scripted model servers in the wire formats of the agents Forge companions: Anthropic Messages (SSE,
 * Claude Code) and the Gemini API (streamGenerateContent SSE, Gemini CLI). Each conversation request
 * (one that offers the agent's edit tool) gets the next scripted turn; side requests (titles, checks,
 * token counts) get a short neutral answer. Every conversation request is recorded.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Turn = { tool: { name: string; input: Record<string, unknown> } } | { text: string };

export interface AgentApiServer {
  url: string;
  /** Bodies of the conversation requests, in order. */
  requests: Record<string, unknown>[];
  close(): Promise<void>;
}

type Flavour = 'anthropic' | 'gemini';

export async function startAgentApiServer(flavour: Flavour, turns: Turn[], editTool: string): Promise<AgentApiServer> {
  const requests: Record<string, unknown>[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      } catch {
        // not JSON: a side request
      }
      const conversation = offersTool(flavour, body, editTool);
      if (conversation) requests.push(body);
      const turn: Turn = conversation ? turns[Math.min(next++, turns.length - 1)] : { text: flavour === 'gemini' ? '{"reasoning":"done","next_speaker":"user"}' : 'Edit a file' };
      if (flavour === 'anthropic') anthropic(req.url ?? '', body, turn, next, res);
      else gemini(req.url ?? '', turn, next, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function offersTool(flavour: Flavour, body: Record<string, unknown>, name: string): boolean {
  if (flavour === 'anthropic') return Array.isArray(body.tools) && (body.tools as { name?: string }[]).some((t) => t.name === name);
  const decls = ((body.tools ?? []) as { functionDeclarations?: { name?: string }[] }[]).flatMap((t) => t.functionDeclarations ?? []);
  return decls.some((d) => d.name === name);
}

function anthropic(url: string, body: Record<string, unknown>, turn: Turn, n: number, res: http.ServerResponse): void {
  if (!url.startsWith('/v1/messages') || url.includes('count_tokens')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ input_tokens: 10 }));
    return;
  }
  const model = String(body.model ?? 'claude');
  if (body.stream !== true) {
    const text = 'text' in turn ? turn.text : 'ok';
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
      id: `msg_${n}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 10, output_tokens: 3 },
    }));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  const ev = (type: string, data: Record<string, unknown>) => res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
  ev('message_start', { message: { id: `msg_${n}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } } });
  if ('tool' in turn) {
    ev('content_block_start', { index: 0, content_block: { type: 'tool_use', id: `toolu_${n}`, name: turn.tool.name, input: {} } });
    ev('content_block_delta', { index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(turn.tool.input) } });
  } else {
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: turn.text } });
  }
  ev('content_block_stop', { index: 0 });
  ev('message_delta', { delta: { stop_reason: 'tool' in turn ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } });
  ev('message_stop', {});
  res.end();
}

function gemini(url: string, turn: Turn, n: number, res: http.ServerResponse): void {
  const part = 'tool' in turn ? { functionCall: { name: turn.tool.name, args: turn.tool.input } } : { text: turn.text };
  const reply = { candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 }, responseId: `r${n}` };
  if (url.includes(':streamGenerateContent')) {
    res.writeHead(200, { 'content-type': 'text/event-stream' }).end(`data: ${JSON.stringify(reply)}\n\n`);
  } else if (url.includes(':countTokens')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ totalTokens: 10 }));
  } else if (url.includes(':generateContent')) {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  } else {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
  }
}
