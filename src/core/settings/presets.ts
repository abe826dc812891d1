/**
 * The servers "Forge: Add Model Endpoint" knows by name: where they listen by default, whether
 * they need a key, and a hint for the model id. Custom asks for everything.
 */
export interface EndpointPreset {
  id: string;
  label: string;
  /** One line for the quick pick. */
  detail: string;
  /** Prefilled base URL; `{resource}` marks a part the user must replace. Empty for Custom. */
  baseUrl: string;
  /** 'required': a hosted API; 'optional': a local server that may be started with a key; 'none': never asks. */
  key: 'required' | 'optional' | 'none';
  /** Shown when the server cannot list its models. */
  modelHint: string;
  /** Where to get a key, for the key prompt. */
  keyHint?: string;
  /** Conventional environment variable for the key (for the CLI's apiKeyEnv). */
  apiKeyEnv?: string;
  local: boolean;
}

export const ENDPOINT_PRESETS: readonly EndpointPreset[] = [
  { id: 'openai', label: 'OpenAI', detail: 'api.openai.com', baseUrl: 'https://api.openai.com/v1', key: 'required',
    modelHint: 'e.g. gpt-4.1', keyHint: 'from platform.openai.com/api-keys', apiKeyEnv: 'OPENAI_API_KEY', local: false },
  { id: 'azure', label: 'Azure OpenAI', detail: 'your resource\'s v1 endpoint', baseUrl: 'https://{resource}.openai.azure.com/openai/v1',
    key: 'required', modelHint: 'the deployment name', keyHint: 'from the resource\'s Keys and Endpoint page', apiKeyEnv: 'AZURE_OPENAI_API_KEY', local: false },
  { id: 'openrouter', label: 'OpenRouter', detail: 'openrouter.ai, many providers behind one key', baseUrl: 'https://openrouter.ai/api/v1',
    key: 'required', modelHint: 'e.g. anthropic/claude-sonnet-4', keyHint: 'from openrouter.ai/keys', apiKeyEnv: 'OPENROUTER_API_KEY', local: false },
  { id: 'gemini', label: 'Google Gemini', detail: 'Gemini\'s OpenAI-compatible endpoint', baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    key: 'required', modelHint: 'e.g. gemini-2.5-flash', keyHint: 'from aistudio.google.com/apikey', apiKeyEnv: 'GEMINI_API_KEY', local: false },
  { id: 'vllm', label: 'vLLM', detail: 'vllm serve, default port 8000', baseUrl: 'http://127.0.0.1:8000/v1', key: 'optional',
    modelHint: 'the model vllm serves, e.g. Qwen/Qwen2.5-Coder-7B-Instruct', keyHint: 'only if started with --api-key', local: true },
  { id: 'ollama', label: 'Ollama', detail: 'ollama serve, default port 11434', baseUrl: 'http://127.0.0.1:11434/v1', key: 'none',
    modelHint: 'a pulled model, e.g. qwen2.5-coder:7b', local: true },
  { id: 'lmstudio', label: 'LM Studio', detail: 'LM Studio\'s local server, default port 1234', baseUrl: 'http://127.0.0.1:1234/v1', key: 'none',
    modelHint: 'a loaded model\'s identifier', local: true },
  { id: 'llamacpp', label: 'llama.cpp server', detail: 'llama-server, default port 8080 (start it with --jinja for tool calls)',
    baseUrl: 'http://127.0.0.1:8080/v1', key: 'optional', modelHint: 'any name; llama-server serves the model it loaded', keyHint: 'only if started with --api-key', local: true },
  { id: 'custom', label: 'Custom', detail: 'any OpenAI-compatible Chat Completions server', baseUrl: '', key: 'optional',
    modelHint: 'the model id the server expects', local: false },
];

export function presetById(id: string): EndpointPreset | undefined {
  return ENDPOINT_PRESETS.find((p) => p.id === id);
}

/**
 * Checks a base URL typed in the wizard; returns a sentence saying what is wrong, or undefined.
 * Accepts only http(s), and refuses a template placeholder left in place.
 */
export function validateBaseUrl(text: string): string | undefined {
  const value = text.trim();
  if (!value) return 'Enter the server\'s base URL, e.g. http://127.0.0.1:8000/v1.';
  if (/[{}]/.test(value)) return 'Replace the {placeholder} with your own value.';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'That is not a URL; it should look like http://127.0.0.1:8000/v1.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'The base URL must start with http:// or https://.';
  if (url.username || url.password) return 'Put the key in the next step, not in the URL.';
  if (/\/chat\/completions\/?$/.test(url.pathname)) return 'Use the API root (ending before /chat/completions), e.g. http://127.0.0.1:8000/v1.';
  return undefined;
}

/** Whether a base URL points at this machine (a key can be skipped there). */
export function isLocalUrl(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host) || host === '0.0.0.0';
  } catch {
    return false;
  }
}
