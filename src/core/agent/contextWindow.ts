/**
 * The context window a task works in: the smaller of what the host configured and what the server
 * says it serves (128,000 tokens when neither says), narrowed when the server refuses a prompt as
 * too long. It also learns how the server's token counts compare with Forge's estimates, so a
 * compacted prompt is sent only when it is smaller than the server's limit.
 */
import { ModelError } from '../model/modelError';

export const DEFAULT_CONTEXT_TOKENS = 128_000;

export class ContextWindow {
  /** Server tokens per estimated token (>= 1), from the last refusal that named the prompt's size. */
  scale = 1;
  /** Where the window came from, for messages. */
  source: 'configured' | 'served' | 'refusal' | 'default';
  /** False when only a bound is known (a refusal that did not name the limit). */
  exact = true;

  constructor(public tokens: number, source: ContextWindow['source']) {
    this.source = source;
  }

  static from(configured: number | undefined, served: number | undefined): ContextWindow {
    if (configured && served) return served < configured ? new ContextWindow(served, 'served') : new ContextWindow(configured, 'configured');
    if (served) return new ContextWindow(served, 'served');
    if (configured) return new ContextWindow(configured, 'configured');
    return new ContextWindow(DEFAULT_CONTEXT_TOKENS, 'default');
  }

  /** The server refused a prompt that Forge estimated at `estimated` tokens. */
  refused(limit: number | undefined, prompt: number | undefined, estimated: number): void {
    // A server that does not say its limit (Ollama): the refused prompt is an upper bound.
    const bound = limit ?? (prompt ?? Math.ceil(estimated * this.scale)) - 1;
    if (bound > 0 && bound < this.tokens) {
      this.tokens = bound;
      this.source = 'refusal';
      this.exact = limit !== undefined;
    }
    if (prompt && estimated > 0) this.scale = Math.max(1, prompt / estimated);
  }

  /** The prompt (estimated tokens) as the server will count it. */
  serverTokens(estimated: number): number {
    return Math.ceil(estimated * this.scale);
  }

  /** Whether a prompt of `estimated` tokens fits the window. */
  fits(estimated: number): boolean {
    return this.serverTokens(estimated) < this.tokens;
  }

  /** The error a task ends with when its prompt cannot be made to fit. */
  tooSmall(estimated: number, summarisable: boolean): ModelError {
    const why = summarisable ? 'even after summarising the older history' : 'and there is no older history left to summarise';
    return new ModelError({
      kind: 'contextLength', fix: 'openSettings',
      message: `The conversation does not fit the model's context window of ${this.exact ? '' : 'under '}${this.tokens} tokens: the prompt needs about ${this.serverTokens(estimated)} tokens ${why}. `
        + 'Serve the model with a larger window (llama.cpp: -c, Ollama: num_ctx, vLLM: --max-model-len, LM Studio: the context length setting) or give a smaller task.',
    });
  }
}
