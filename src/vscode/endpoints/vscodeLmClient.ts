/**
 * A ModelClient over VS Code's Language Model API (`vscode.lm`): models that Copilot or another
 * provider extension offers, with VS Code's own consent flow and tool calling, no key at all.
 * Same events as the OpenAI client; usage is estimated (the API reports none).
 */
import * as vscode from 'vscode';
import type { ChatMessage, ChatRequest, ModelClient, ModelEvent, ModelInfo, ToolCall } from '../../core/model/modelClient';
import { cancelledError, ModelError } from '../../core/model/modelError';
import { estimateUsage } from '../../core/model/usage';
import type { VscodeLmProfile } from '../../core/settings/forgeSettings';

const JUSTIFICATION = 'Forge uses this model to answer your requests and propose code changes for your review.';

/** The models VS Code offers now (empty when no provider extension is installed or signed in). */
export async function availableLmModels(selector: vscode.LanguageModelChatSelector = {}): Promise<vscode.LanguageModelChat[]> {
  try {
    return await vscode.lm.selectChatModels(selector);
  } catch {
    return [];
  }
}

function describe(p: VscodeLmProfile): string {
  return [p.vendor, p.family].filter(Boolean).join('/') || 'any vendor';
}

export async function createVscodeLmClient(profile: VscodeLmProfile): Promise<VscodeLmClient> {
  const models = await availableLmModels({ vendor: profile.vendor, family: profile.family });
  if (models.length === 0) {
    throw new ModelError({
      kind: 'modelNotFound', fix: 'selectModel',
      message: vscode.l10n.t('VS Code offers no language model matching {0} for "{1}"; install or sign in to the provider extension (e.g. Copilot), or select another model.', describe(profile), profile.label),
    });
  }
  return new VscodeLmClient(profile, models[0]);
}

function toLmMessages(messages: ChatMessage[]): vscode.LanguageModelChatMessage[] {
  const out: vscode.LanguageModelChatMessage[] = [];
  for (const m of messages) {
    if (m.role === 'system' || m.role === 'user') out.push(vscode.LanguageModelChatMessage.User(m.content));
    else if (m.role === 'tool') {
      out.push(vscode.LanguageModelChatMessage.User([new vscode.LanguageModelToolResultPart(m.toolCallId, [new vscode.LanguageModelTextPart(m.content)])]));
    } else {
      const parts: (vscode.LanguageModelTextPart | vscode.LanguageModelToolCallPart)[] = [];
      if (m.content) parts.push(new vscode.LanguageModelTextPart(m.content));
      for (const c of m.toolCalls ?? []) parts.push(new vscode.LanguageModelToolCallPart(c.id, c.name, (c.arguments ?? {}) as object));
      out.push(vscode.LanguageModelChatMessage.Assistant(parts));
    }
  }
  return out;
}

function mapLmError(e: unknown, profile: VscodeLmProfile): ModelError {
  if (e instanceof ModelError) return e;
  if (e instanceof vscode.LanguageModelError) {
    if (e.code === vscode.LanguageModelError.NoPermissions.name || e.code === vscode.LanguageModelError.Blocked.name) {
      return new ModelError({ kind: 'auth', fix: 'selectModel', message: vscode.l10n.t('VS Code did not allow Forge to use {0}; allow it when asked, or select another model.', describe(profile)) });
    }
    if (e.code === vscode.LanguageModelError.NotFound.name) {
      return new ModelError({ kind: 'modelNotFound', fix: 'selectModel', message: vscode.l10n.t('The VS Code language model {0} is no longer available; select another model.', describe(profile)) });
    }
  }
  const text = e instanceof Error ? e.message : String(e);
  return new ModelError({ kind: 'server', fix: 'retry', message: vscode.l10n.t('The VS Code language model {0} failed: {1}', describe(profile), text.slice(0, 200)) });
}

export class VscodeLmClient implements ModelClient {
  readonly profileId: string;

  constructor(private readonly profile: VscodeLmProfile, readonly model: vscode.LanguageModelChat) {
    this.profileId = profile.id;
  }

  chat(request: ChatRequest): AsyncIterable<ModelEvent> {
    return this.run(request);
  }

  private async *run(request: ChatRequest): AsyncGenerator<ModelEvent> {
    if (request.signal?.aborted) throw cancelledError(1);
    const cts = new vscode.CancellationTokenSource();
    const onAbort = () => cts.cancel();
    request.signal?.addEventListener('abort', onAbort);
    try {
      const tools = (request.toolChoice === 'none' ? [] : request.tools ?? []).map((t) => ({ name: t.name, description: t.description, inputSchema: t.parameters }));
      const options: vscode.LanguageModelChatRequestOptions = { justification: JUSTIFICATION };
      if (tools.length) {
        options.tools = tools;
        if (request.toolChoice === 'required') options.toolMode = vscode.LanguageModelChatToolMode.Required;
      }
      let response: vscode.LanguageModelChatResponse;
      try {
        response = await this.model.sendRequest(toLmMessages(request.messages), options, cts.token);
      } catch (e) {
        throw request.signal?.aborted ? cancelledError(1) : mapLmError(e, this.profile);
      }
      let text = '';
      const calls: ToolCall[] = [];
      try {
        for await (const part of response.stream) {
          if (request.signal?.aborted) throw cancelledError(1);
          if (part instanceof vscode.LanguageModelTextPart) {
            text += part.value;
            yield { type: 'text', text: part.value };
          } else if (part instanceof vscode.LanguageModelToolCallPart) {
            const call: ToolCall = { id: part.callId, name: part.name, argumentsJson: JSON.stringify(part.input ?? {}), arguments: part.input };
            calls.push(call);
            yield { type: 'toolCall', call };
          }
        }
      } catch (e) {
        throw request.signal?.aborted ? cancelledError(1) : mapLmError(e, this.profile);
      }
      const completionText = text + calls.map((c) => c.name + c.argumentsJson).join('');
      yield { type: 'usage', usage: await estimateUsage({ messages: request.messages, tools: request.tools, completionText }) };
      yield { type: 'done', finishReason: calls.length ? 'tool_calls' : 'stop', toolProtocol: 'native' };
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      cts.dispose();
    }
  }

  async listModels(): Promise<ModelInfo[]> {
    const models = await availableLmModels(this.profile.vendor ? { vendor: this.profile.vendor } : {});
    return models.map((m) => ({ id: m.family, contextTokens: m.maxInputTokens }));
  }
}
