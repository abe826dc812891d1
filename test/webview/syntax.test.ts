import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { DiffHighlighter, type Language, type State, type Tok } from '../../src/webview/review/syntax';
import { languageFor } from '../../src/webview/review/syntaxLanguages';

/** Tokenizes lines in order (state carried) and returns each line's coloured pieces as "tok:text". */
function colour(path: string, lines: string[]): string[][] {
  const lang = languageFor(path);
  assert.ok(lang, `a language for ${path}`);
  let state: State | null = null;
  return lines.map((text) => {
    const r = lang(text, state);
    state = r.state;
    return r.spans.map((s) => `${s.tok}:${text.slice(s.from, s.to)}`);
  });
}

const has = (pieces: string[], tok: Tok, text: string) => assert.ok(pieces.includes(`${tok}:${text}`), `${tok}:${text} in ${JSON.stringify(pieces)}`);

describe('review panel syntax colouring (tokenizer)', () => {
  it('picks the language from the file name or extension', () => {
    for (const p of ['a.ts', 'b/c.tsx', 'x.java', 'x.cpp', 'x.go', 'x.rs', 'x.py', 'x.sh', 'x.json', 'x.css', 'x.html', 'x.md', 'Dockerfile', 'a/Makefile', 'x.yaml', 'X.TS']) {
      assert.ok(languageFor(p), p);
    }
    assert.equal(languageFor('notes.txt'), undefined);
    assert.equal(languageFor('LICENSE'), undefined);
  });

  it('C-like (TypeScript): keywords, strings, numbers, comments, types, calls, decorators, multi-line comments and templates', () => {
    const [a, b, c, d, e, f] = colour('src/a.ts', [
      '@Injectable() export class Client extends Base { // the client',
      '  async get(url: string): Promise<Response> { return fetch(url, { retries: 3, delay: 1.5e3 }); }',
      '  /* a block comment',
      '     that ends here */ const s = "a \\"quoted\\" word";',
      '  const t = `multi ${x}',
      'line` + \'x\';',
    ]);
    has(a!, 'fn', '@Injectable');
    has(a!, 'kw', 'export');
    has(a!, 'kw', 'class');
    has(a!, 'type', 'Client');
    has(a!, 'com', '// the client');
    has(b!, 'fn', 'get');
    has(b!, 'type', 'string');
    has(b!, 'type', 'Promise');
    has(b!, 'kw', 'return');
    has(b!, 'fn', 'fetch');
    has(b!, 'num', '3');
    has(b!, 'num', '1.5e3');
    assert.deepEqual(c, ['com:/* a block comment']);
    has(d!, 'com', '     that ends here */');
    has(d!, 'str', '"a \\"quoted\\" word"');
    has(e!, 'str', '`multi ${x}');
    has(f!, 'str', 'line`');
    has(f!, 'str', "'x'");
  });

  it('C, Go and Rust: directives, raw strings, lifetimes, chars and macros', () => {
    const [c1] = colour('x.c', ['#include <stdio.h> // io']);
    has(c1!, 'kw', '#include');
    has(c1!, 'com', '// io');
    const [g1, g2] = colour('x.go', ['func main() { s := `raw', 'text` }']);
    has(g1!, 'kw', 'func');
    has(g1!, 'fn', 'main');
    has(g2!, 'str', 'text`');
    const [r1] = colour('x.rs', ["fn f<'a>(x: &'a str) -> char { println!(\"{}\", x); 'c' }"]);
    has(r1!, 'type', "'a");
    has(r1!, 'type', 'str');
    has(r1!, 'fn', 'println');
    has(r1!, 'str', "'c'");
    assert.ok(!r1!.some((p) => p.startsWith("str:'a")), 'a lifetime is not a string');
  });

  it('Python: triple-quoted strings across lines, prefixes, decorators, comments', () => {
    const [a, b, c, d] = colour('m.py', ['@dataclass', 'def f(x: int) -> None:  # doc', '    s = f"v={x}" + """start', 'end""" if True else rb\'\\x00\'']);
    has(a!, 'fn', '@dataclass');
    has(b!, 'kw', 'def');
    has(b!, 'fn', 'f');
    has(b!, 'type', 'int');
    has(b!, 'kw', 'None');
    has(b!, 'com', '# doc');
    has(c!, 'str', 'f"v={x}"');
    has(c!, 'str', '"""start');
    has(d!, 'str', 'end"""');
    has(d!, 'kw', 'True');
    has(d!, 'str', "rb'\\x00'");
  });

  it('shell, JSON, YAML and CSS', () => {
    const [s1] = colour('run.sh', ['if [ -n "$HOME" ]; then echo ${PATH} a#b; fi # done']);
    has(s1!, 'kw', 'if');
    has(s1!, 'str', '"$HOME"');
    has(s1!, 'prop', '${PATH}');
    has(s1!, 'com', '# done');
    assert.ok(!s1!.includes('com:#b; fi # done'), 'a # inside a word is not a comment');
    const [j1] = colour('p.json', ['{ "name": "forge", "n": 2, "ok": true, "x": null }']);
    has(j1!, 'prop', '"name"');
    has(j1!, 'str', '"forge"');
    has(j1!, 'num', '2');
    has(j1!, 'kw', 'true');
    const [y1] = colour('c.yaml', ['retries: 3 # times']);
    has(y1!, 'prop', 'retries');
    has(y1!, 'com', '# times');
    const [c1, c2] = colour('s.css', ['@media (max-width: 640px) { .files > a:hover, #main {', '  color: #fff !important; margin: -4px calc(1em + 2%); }']);
    has(c1!, 'kw', '@media');
    has(c1!, 'prop', 'max-width');
    has(c1!, 'num', '640px');
    has(c1!, 'type', '.files');
    has(c1!, 'type', '#main');
    assert.ok(!c1!.includes('prop:a'), 'a:hover is a selector, not a property');
    has(c2!, 'prop', 'color');
    has(c2!, 'num', '#fff');
    has(c2!, 'fn', 'calc');
  });

  it('markup and markdown: tags, attributes across lines, comments, entities; headings, fences, inline code', () => {
    const [h1, h2, h3, h4] = colour('i.html', ['<div class="a" hidden>&amp; <!-- note', 'still a comment --> <input', '  type=\'text\' />', '</div>']);
    has(h1!, 'kw', 'div');
    has(h1!, 'prop', 'class');
    has(h1!, 'str', '"a"');
    has(h1!, 'prop', 'hidden');
    has(h1!, 'num', '&amp;');
    has(h1!, 'com', '<!-- note');
    has(h2!, 'com', 'still a comment -->');
    has(h2!, 'kw', 'input');
    has(h3!, 'prop', 'type');
    has(h3!, 'str', "'text'");
    has(h4!, 'kw', 'div');
    const [m1, m2, m3, m4, m5] = colour('README.md', ['# Title', '- item with `code` and [a link](https://x.y)', '```ts', 'const x = 1;', '```']);
    assert.deepEqual(m1, ['kw:# Title']);
    has(m2!, 'num', '-');
    has(m2!, 'str', '`code`');
    has(m2!, 'prop', 'https://x.y');
    assert.deepEqual(m3, ['com:```ts']);
    assert.deepEqual(m4, ['str:const x = 1;']);
    assert.deepEqual(m5, ['com:```']);
  });

  it('carries each side of a diff separately: a comment opened on the new side does not colour removed lines', () => {
    const hl = new DiffHighlighter(languageFor('a.ts')!);
    const lines: [' ' | '-' | '+', string][] = [[' ', 'let a = 1;'], ['+', '/* start'], ['-', 'let b = 2;'], ['+', 'inside'], [' ', 'end */ let c = 3;'], [' ', 'let d = 4;']];
    const out = lines.map(([op, t]) => hl.next(op, t).map((s) => `${s.tok}:${t.slice(s.from, s.to)}`));
    assert.deepEqual(out[2], ['kw:let', 'num:2'], 'the base side is not in a comment');
    assert.deepEqual(out[3], ['com:inside']);
    assert.deepEqual(out[4]!.slice(0, 1), ['com:end */'], 'context lines are shown as the new side has them');
    assert.deepEqual(out[5], ['kw:let', 'num:4']);
  });

  it('spans are in order, inside the line and never overlap, for any text in any language (property test)', () => {
    const paths = ['a.ts', 'a.py', 'a.sh', 'a.json', 'a.css', 'a.html', 'a.md', 'a.rs', 'a.c', 'a.go', 'a.sql', 'a.lua', 'a.yaml', 'a.rb', 'a.java'];
    const alphabet = fc.constantFrom(...'ab1 _$#@/*"\'`<>!-:=.{}()[]\\\n\tx9'.split(''));
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.array(fc.string({ unit: alphabet, maxLength: 40 }), { maxLength: 6 }), (path, lines) => {
        const lang = languageFor(path) as Language;
        let state: State | null = null;
        for (const text of lines) {
          const r = lang(text, state);
          let at = 0;
          for (const s of r.spans) {
            assert.ok(s.from >= at && s.to > s.from && s.to <= text.length, `${path} ${JSON.stringify(text)} ${JSON.stringify(r.spans)}`);
            at = s.to;
          }
          state = r.state;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('tokenizes 20,000 lines (prints the time)', () => {
    const lang = languageFor('big.ts')!;
    const src = [
      'export async function load(path: string, opts: Options = {}): Promise<Buffer> { // read',
      '  const data = await fs.readFile(path, { encoding: "utf8", flag: `r` }); /* inline */ return Buffer.from(data, 0x1f);',
      '  if (!data || data.length > 1_000_000) throw new Error(`too large: ${path}`);',
      '}',
    ];
    const lines = Array.from({ length: 20_000 }, (_, i) => src[i % src.length]!);
    const t0 = performance.now();
    let state: State | null = null;
    let spans = 0;
    for (const l of lines) {
      const r = lang(l, state);
      state = r.state;
      spans += r.spans.length;
    }
    const ms = performance.now() - t0;
    console.log(`      20,000 lines tokenized in ${ms.toFixed(0)} ms (${spans} spans; the panel only tokenizes the lines it renders)`);
    assert.equal(spans, 20_000 / 4 * 25, 'every line coloured'); // a figure, not a timed assertion
  });
});
