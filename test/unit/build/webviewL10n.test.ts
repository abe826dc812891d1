/**
 * The webviews' visible strings go through l10n.t (@vscode/l10n, given vscode.l10n.bundle by the
 * host: src/webview/l10n.ts). This scan of src/webview fails when a bare English string is added:
 * any string or template literal that reads like words (a capitalised word, or a phrase with a
 * common English word) outside an l10n.t call, unless it is one of the few kinds that are not UI
 * (a log line, an error for developers, a key name compared with an event, an import).
 */
import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as ts from 'typescript';
import { completeMention } from '../../../src/core/context/mentions/mentionCompletion';
import { SLASH_COMMANDS } from '../../../src/core/agent/slashCommands';
import { LIST_DETAILS, listDetail } from '../../../src/webview/chat/listDetails';
import * as l10n from '@vscode/l10n';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';
import { usageDashboardHtml } from '../../../src/core/usage/usageDashboardHtml';
import { summarizeUsage } from '../../../src/core/usage/usageSummary';
import { toChatMessages } from '../../../src/protocol/chat';
import { describePlacement, KNOWN_STRATEGIES } from '../../../src/protocol/placement';
import { PLACEMENT_WORDS, placementInWords } from '../../../src/webview/review/placementWords';

/** Language grammars (keywords of programming languages), not UI. */
const NOT_UI_FILES = ['src/webview/review/syntax.ts', 'src/webview/review/syntaxLanguages.ts'];

/** Key names compared with KeyboardEvent.key, and the shortcut labels as printed on keys. */
const KEY_NAMES = new Set(['Enter', 'Escape', 'Tab', 'Home', 'End', 'Home / End', 'Ctrl+Enter', 'Shift+A', 'Shift+R', 'Alt+A', 'Alt+R', 'KeyA', 'KeyR', 'M']);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = `${dir}/${n}`;
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const COMMON = /\b(the|of|to|for|and|or|is|are|in|on|by|with|this|that|your|you|a|an|no|not|be|at|from|it|its|more|than|was|were|has|have|what|when|why|here|there)\b/i;

/** Whether a literal's text reads like English words meant for a person. */
export function looksLikeWords(text: string): boolean {
  const t = text.trim();
  if (!/[A-Za-z]{2,}/.test(t)) return false;
  if (/^[\w.-]+$/.test(t) && !/^[A-Z][a-z]+$/.test(t)) return false; // an identifier, a class name, a key
  if (/(^|[\s(“"'])[A-Z][a-z]{2,}\b/.test(t)) return true;
  const words = t.split(/\s+/).filter((w) => /^[a-z][a-z']*[.,:;!?…]?$/i.test(w));
  return words.length >= 2 && words.some((w) => COMMON.test(w.replace(/[.,:;!?…]$/, '')));
}

function calleeText(call: ts.CallExpression | ts.NewExpression, sf: ts.SourceFile): string {
  return call.expression.getText(sf);
}

/** Whether a literal is not UI text (false: it shows, so it must go through l10n.t). */
function exempt(node: ts.Node, sf: ts.SourceFile): boolean {
  // A lookup key (the value beside it is what shows), a class name.
  if (ts.isPropertyAssignment(node.parent) && node.parent.name === node) return true;
  if (ts.isPropertyAssignment(node.parent) && node.parent.name.getText(sf) === 'class') return true;
  if (ts.isBinaryExpression(node.parent) && node.parent.left.getText(sf).endsWith('.className')) return true;
  if (ts.isCallExpression(node.parent) && /^(cell|codeSpans)$/.test(calleeText(node.parent, sf)) && node.parent.arguments[0] === node) return true;
  for (let n: ts.Node = node, p = node.parent; p; n = p, p = p.parent) {
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p)) return true;
    if (ts.isCallExpression(p) || ts.isNewExpression(p)) {
      const callee = calleeText(p, sf);
      if (/^l10n\.t$/.test(callee) && p.arguments?.[0] === n) return true;
      if (/^console\.|^performance\.|^Error$|^CSS\.escape$|querySelector|closest$|^RegExp$/.test(callee) || (ts.isNewExpression(p) && callee === 'Error')) return true;
    }
    if (ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(p.operatorToken.kind)) return true;
    if (ts.isCaseClause(p)) return true;
    if (ts.isBlock(p) || ts.isSourceFile(p)) return false;
  }
  return false;
}

/** The bare English literals of one file, as "file:line text". */
export function bareStrings(file: string, text = readFileSync(file, 'utf8')): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    const pieces = ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? [node.text]
      : ts.isTemplateExpression(node) ? [node.head.text, ...node.templateSpans.map((s) => s.literal.text)] : undefined;
    if (pieces) {
      const joined = pieces.join(' ');
      if (!KEY_NAMES.has(joined) && looksLikeWords(joined) && !exempt(node, sf)) {
        out.push(`${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ${node.getText(sf).slice(0, 80)}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

describe('webview l10n', () => {
  it('no visible string in src/webview is bare English (each goes through l10n.t)', () => {
    const found = sources('src/webview').filter((f) => !NOT_UI_FILES.includes(f)).flatMap((f) => bareStrings(f));
    assert.deepEqual(found, []);
  });

  it('the scan finds a bare label, title, aria-label and placeholder, and lets l10n.t ones through', () => {
    const code = [
      "b.textContent = 'Accept All';",
      "b.title = `Open ${path}`;",
      "b.setAttribute('aria-label', 'Context of the next request');",
      "input.placeholder = 'describe a task for the agent';",
      "h('span', {}, 'denied by you');",
      "b.textContent = l10n.t('Accept All');",
      "b.className = 'icon-button chip-action';",
      "if (e.key === 'Enter') go();",
      "console.warn('Forge chat: ignored the message');",
    ].join('\n');
    assert.deepEqual(bareStrings('x.ts', code).map((s) => s.replace(/^x\.ts:\d+ /, '')), [
      "'Accept All'", '`Open ${path}`', "'Context of the next request'", "'describe a task for the agent'", "'denied by you'",
    ]);
  });

  it("the list's slash command and mention kind texts are the core's, in English", async () => {
    const core = [...SLASH_COMMANDS.map((c) => c.detail), ...(await completeMention('', { files: async () => [] })).map((k) => k.detail!)];
    assert.deepEqual(Object.keys(LIST_DETAILS).sort(), [...new Set(core)].sort(), 'the table holds exactly the core texts');
    for (const d of core) assert.equal(listDetail(d), d, 'in English, each is itself');
    assert.equal(listDetail('src/lib'), 'src/lib', 'any other detail stays as it came');
  });

  it("the review panel's placement words are the protocol's, in English", () => {
    const english = new Set(KNOWN_STRATEGIES.flatMap((k) => [describePlacement(k, 1).label, describePlacement(k, 1).detail]));
    assert.deepEqual(Object.keys(PLACEMENT_WORDS).sort(), [...english].sort(), 'the table holds exactly the known words');
    for (const k of KNOWN_STRATEGIES) for (const c of [1, 0.87]) assert.deepEqual(placementInWords(describePlacement(k, c)), describePlacement(k, c), k);
    assert.equal(placementInWords(describePlacement('new-thing', 0.5)).label, 'new thing, 50%', 'an unknown strategy keeps its name');
  });

  it('the usage dashboard (src/core) and the chat notices of src/protocol speak the language of the bundle the host gives @vscode/l10n, English without one', () => {
    const english = JSON.parse(readFileSync('l10n/bundle.l10n.json', 'utf8')) as Record<string, string>;
    const pseudo = getL10nPseudoLocalized(english) as Record<string, string>;
    const empty = summarizeUsage([]);
    assert.match(usageDashboardHtml(empty, { cspSource: 'x' }), /<h1>No usage yet<\/h1>[\s\S]*Run <b>Forge: New Task<\/b> and review/);
    try {
      l10n.config({ contents: pseudo });
      const html = usageDashboardHtml(empty, { cspSource: 'x', lang: 'qps-ploc' });
      assert.ok(html.includes(`<h1>${pseudo['No usage yet']}</h1>`), html);
      assert.ok(html.includes(`<b>${pseudo['Forge: New Task']}</b>`), 'the command name stays bold inside the translated sentence');
      assert.match(html, /<html lang="qps-ploc">/);
      assert.doesNotMatch(html, /No usage yet|open this dashboard again/);
      // The chat's notices written in src/protocol too.
      assert.deepEqual(toChatMessages({ type: 'compacted', beforeTokens: 9000, afterTokens: 2000 } as never), [
        { type: 'notice', level: 'info', text: pseudo['History compacted: {0} → {1} tokens']!.replace('{0}', '9000').replace('{1}', '2000') },
      ]);
    } finally {
      l10n.config({ contents: {} });
    }
  });
});
