import { strict as assert } from 'node:assert';
import { parseInline, parseMarkdown, type Block, type Inline } from '../../src/webview/chat/markdown';

/** Every string the renderer would put into textContent, concatenated. */
function texts(blocks: Block[]): string {
  const inl = (l: Inline[]): string => l.map((n) => ('children' in n ? inl(n.children) : n.text)).join('');
  return blocks.map((b) => (b.kind === 'code' ? b.text : b.kind === 'list' ? b.items.map(inl).join('|') : inl(b.inlines))).join('\n');
}

describe('chat markdown reader', () => {
  it('reads paragraphs, headings, fences, lists and quotes', () => {
    const md = '# Plan\n\nFirst *a* and **b** with `x<y`.\nSame paragraph.\n\n- one\n- two `t`\n\n1. first\n2. second\n\n```ts\nconst a = 1;\n\nreturn a;\n```\n> quoted';
    const b = parseMarkdown(md);
    assert.deepEqual(b.map((x) => x.kind), ['heading', 'paragraph', 'list', 'list', 'code', 'quote']);
    assert.deepEqual(b[1], { kind: 'paragraph', inlines: [
      { kind: 'text', text: 'First ' }, { kind: 'em', children: [{ kind: 'text', text: 'a' }] }, { kind: 'text', text: ' and ' },
      { kind: 'strong', children: [{ kind: 'text', text: 'b' }] }, { kind: 'text', text: ' with ' }, { kind: 'code', text: 'x<y' }, { kind: 'text', text: '.\nSame paragraph.' },
    ] });
    assert.deepEqual(b[2], { kind: 'list', ordered: false, items: [[{ kind: 'text', text: 'one' }], [{ kind: 'text', text: 'two ' }, { kind: 'code', text: 't' }]] });
    assert.equal((b[3] as { ordered: boolean }).ordered, true);
    assert.deepEqual(b[4], { kind: 'code', lang: 'ts', text: 'const a = 1;\n\nreturn a;' });
  });

  it('keeps an unclosed fence (still streaming) as code to the end', () => {
    assert.deepEqual(parseMarkdown('Here:\n```js\nlet x = "<b>";'), [
      { kind: 'paragraph', inlines: [{ kind: 'text', text: 'Here:' }] },
      { kind: 'code', lang: 'js', text: 'let x = "<b>";' },
    ]);
  });

  it('turns links into inert text with the target kept apart, and leaves snake_case alone', () => {
    assert.deepEqual(parseInline('see [docs](javascript:alert(1)) and my_var_name'), [
      { kind: 'text', text: 'see ' }, { kind: 'link', text: 'docs', href: 'javascript:alert(1' }, { kind: 'text', text: ') and my_var_name' },
    ]);
  });

  it('keeps HTML in model text as literal text, character for character', () => {
    const evil = '<script>window.__pwned=1</script>\n\n<img src=x onerror="window.__pwned=2"> **<b>bold</b>**\n\n- <iframe src="javascript:1">';
    const out = texts(parseMarkdown(evil));
    for (const s of ['<script>window.__pwned=1</script>', '<img src=x onerror="window.__pwned=2">', '<b>bold</b>', '<iframe src="javascript:1">']) assert.ok(out.includes(s), s);
  });

  it('never loses or duplicates plain text (random inputs without markup)', () => {
    for (let n = 0; n < 200; n++) {
      const words = Array.from({ length: 1 + (n % 17) }, (_, i) => `w${(n * 31 + i * 7) % 101}`);
      const src = words.join(n % 3 ? ' ' : ' < & > ');
      assert.equal(texts(parseMarkdown(src)), src);
    }
  });

  it('handles escapes and unmatched markers as text', () => {
    assert.equal(texts(parseMarkdown('a \\*b\\* c * d ** e `f')), 'a *b* c * d ** e `f');
  });
});

describe('chat markdown reader: underscores', () => {
  it('keeps window.__name and snake_case as text, reads __bold__ at word boundaries', () => {
    assert.deepEqual(parseInline('x window.__pwned=2 and y.__z'), [{ kind: 'text', text: 'x window.__pwned=2 and y.__z' }]);
    assert.deepEqual(parseInline('__bold__ _em_'), [{ kind: 'strong', children: [{ kind: 'text', text: 'bold' }] }, { kind: 'text', text: ' ' }, { kind: 'em', children: [{ kind: 'text', text: 'em' }] }]);
  });
});
