/** One model turn: stream the reply, forward text as it arrives, collect tool calls and usage. */
import type { ChatRequest, FinishReason, ModelClient, ToolCall } from '../model/modelClient';
import type { RequestUsage } from '../model/usage';
import { EditProgressTracker } from './editProgress';
import type { AgentEvent } from './events';

export interface TurnResult {
  text: string;
  toolCalls: ToolCall[];
  usage?: RequestUsage;
  finishReason: FinishReason;
}

export async function modelTurn(model: ModelClient, request: ChatRequest, emit: (e: AgentEvent) => void): Promise<TurnResult> {
  const out: TurnResult = { text: '', toolCalls: [], finishReason: 'stop' };
  const edits = new EditProgressTracker();
  for await (const ev of model.chat(request)) {
    switch (ev.type) {
      case 'text':
        out.text += ev.text;
        emit({ type: 'text', text: ev.text });
        break;
      case 'reasoning':
        emit({ type: 'reasoning', text: ev.text });
        break;
      case 'toolCall':
        out.toolCalls.push(ev.call);
        break;
      case 'toolCallDelta': {
        const progress = edits.push(ev.index, ev.name, ev.argumentsDelta);
        if (progress) emit({ type: 'editProgress', index: ev.index, files: progress.files });
        break;
      }
      case 'usage':
        out.usage = ev.usage;
        break;
      case 'done':
        out.finishReason = ev.finishReason;
        break;
    }
  }
  return out;
}
