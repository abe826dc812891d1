import { strict as assert } from 'node:assert';
import { escapeHtml, html, trustedHtml } from '../../src/protocol/htmlEscape';

describe('htmlEscape: the one escaper for HTML built as strings', () => {
  it('escapes the characters that end text or a quoted attribute', () => {
    assert.equal(escapeHtml(`<a href="x" title='y'>&\`</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;');
    assert.equal(escapeHtml('plain text · ü'), 'plain text · ü');
  });

  it('html`` escapes every value unless it is a fragment; arrays join; null, undefined and false vanish', () => {
    const evil = '"><img src=x onerror=alert(1)>';
    const cell = (t: string) => html`<td title="${t}">${t}</td>`;
    assert.equal(html`<tr>${[evil, 'b'].map(cell)}</tr>`.value,
      '<tr><td title="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&quot;&gt;&lt;img src=x onerror=alert(1)&gt;</td><td title="b">b</td></tr>');
    assert.equal(html`${null}${undefined}${false}${0}${[evil]}`.value, `0${escapeHtml(evil)}`);
    assert.equal(html`<style>${trustedHtml('a>b{}')}</style>`.value, '<style>a>b{}</style>');
    // A fragment concatenated as a string is still only a string: the page's final join is a fragment too.
    assert.equal(`${html`<b>${'<i>'}</b>`}`, '<b>&lt;i&gt;</b>');
  });
});
