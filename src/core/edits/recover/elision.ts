/**
 * Elision markers that models write instead of unchanged code: `...`, `// ...`,
 * `// ... existing code ...`, `# rest of the function unchanged`, `{/* ... *\/}`, `<!-- ... -->`.
 * Such a line inside a hunk's old side stands for "the file's real lines between the anchors".
 */

const WRAPPED = /^(?:\/\/+|#+|\/\*+|\{\s*\/\*+|<!--|--|;+|\*)?\s*(.*?)\s*(?:\*+\/\s*\}?|-->)?$/;
const DOTS = /^(?:\.{3,}|…)/;
const DOTS_END = /(?:\.{3,}|…)$/;
const PHRASE =
  /\b(existing code|existing (?:imports|methods|functions|content|implementation)|rest of (?:the )?(?:code|file|function|class|method|implementation|body|module|component|imports)|unchanged|remains? (?:the )?same|same as before|omitted|other (?:code|methods|functions|cases|fields)|previous code|keep existing|as before)\b/i;

/** True when the whole line is an elision marker rather than code. */
export function isElisionLine(line: string): boolean {
  const t = line.trim();
  if (t.length === 0 || t.length > 120) return false;
  if (t === '...' || t === '…' || t === '....') return true;
  const m = WRAPPED.exec(t);
  if (!m) return false;
  const inner = m[1];
  const commentWrapped = inner !== t;
  if (!commentWrapped) {
    // Bare text: only `... existing code ...`-style with dots on at least one side.
    return (DOTS.test(inner) || DOTS_END.test(inner)) && PHRASE.test(inner);
  }
  if (inner === '' ) return false;
  if (DOTS.test(inner) && inner.replace(/^(?:\.{3,}|…)\s*/, '').replace(/\s*(?:\.{3,}|…)$/, '').length === 0) return true;
  return PHRASE.test(inner) && inner.split(/\s+/).length <= 10;
}
