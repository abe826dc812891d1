/**
 * A fenced code block in the model's reply: the code coloured with the review panel's tokenizer
 * (by the fence's language), and Copy / Insert at Cursor buttons. Text goes in through text nodes
 * only; the buttons carry no handler of their own (the chat view handles their clicks).
 */
import * as l10n from '@vscode/l10n';
import { languageFor } from '../review/syntaxLanguages';
import type { Language, State } from '../review/syntax';

const ALIASES: Record<string, string> = {
  typescript: 'ts', javascript: 'js', python: 'py', bash: 'sh', shell: 'sh', shellscript: 'sh', console: 'sh', zsh: 'sh',
  rust: 'rs', golang: 'go', ruby: 'rb', markdown: 'md', csharp: 'cs', 'c#': 'cs', 'c++': 'cpp', kotlin: 'kt', jsonc: 'json',
  typescriptreact: 'tsx', javascriptreact: 'jsx', yml: 'yaml', html: 'html', xml: 'xml',
};

export function fenceLanguage(lang: string): Language | undefined {
  const l = lang.toLowerCase();
  return l ? languageFor(`x.${ALIASES[l] ?? l}`) : undefined;
}

function button(cls: string, icon: string, label: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `icon-button ${cls}`;
  b.title = label;
  b.setAttribute('aria-label', label);
  const i = document.createElement('span');
  i.className = `codicon codicon-${icon}`;
  b.append(i);
  return b;
}

/** Appends `text` to `code` as coloured spans (plain text nodes when the language is unknown). */
export function colourCode(code: HTMLElement, text: string, lang: Language | undefined): void {
  if (!lang) {
    code.textContent = text;
    return;
  }
  let state: State | null = null;
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const r = lang(line, state);
    state = r.state;
    let at = 0;
    for (const s of r.spans) {
      if (s.from > at) code.append(document.createTextNode(line.slice(at, s.from)));
      const span = document.createElement('span');
      span.className = `tok-${s.tok}`;
      span.textContent = line.slice(s.from, s.to);
      code.append(span);
      at = s.to;
    }
    if (at < line.length) code.append(document.createTextNode(line.slice(at)));
    if (i < lines.length - 1) code.append(document.createTextNode('\n'));
  });
}

export function codeBlock(lang: string, text: string): HTMLElement {
  const wrap = document.createElement('div');
  wrap.className = 'md-code-block';
  const pre = document.createElement('pre');
  pre.className = 'md-code';
  if (lang) pre.dataset.lang = lang;
  const code = document.createElement('code');
  colourCode(code, text, fenceLanguage(lang));
  pre.append(code);
  const actions = document.createElement('div');
  actions.className = 'code-actions';
  actions.append(button('code-copy', 'copy', l10n.t('Copy')), button('code-insert', 'insert', l10n.t('Insert at Cursor')));
  wrap.append(actions, pre);
  return wrap;
}
