import { strict as assert } from 'node:assert';
import {
  hunkNewLines,
  hunkOldLines,
  parseHostMessage,
  parseWebviewMessage,
  type LoadedReviewFile,
  type ReviewView,
} from '../../src/protocol/review';
import { reviewPanelHtml, escapeHtml, makeNonce } from '../../src/protocol/webviewHtml';

const view: ReviewView & { files: LoadedReviewFile[] } = {
  changeSetId: 'cs1',
  title: 'Rename helper',
  files: [
    {
      path: 'src/a.ts',
      action: 'update',
      status: 'pending',
      added: 1,
      removed: 1,
      hunkCount: 1,
      pendingHunks: 1,
      hunks: [
        {
          index: 0,
          oldStart: 2,
          newStart: 2,
          before: [{ op: ' ', text: 'import x;', oldNo: 1, newNo: 1 }],
          lines: [
            { op: '-', text: 'old();', oldNo: 2 },
            { op: '+', text: 'fresh();', newNo: 2 },
            { op: ' ', text: 'keep();', oldNo: 3, newNo: 3 },
          ],
          after: [],
          strategy: 'fuzzy',
          confidence: 0.87,
          fuzzy: true,
          decision: 'pending',
        },
      ],
    },
  ],
};

describe('protocol: review panel messages', () => {
  it('accepts a full show message and keeps its data', () => {
    const r = parseHostMessage({ type: 'show', view });
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.equal(r.message.type, 'show');
    if (r.message.type === 'show') assert.deepEqual(r.message.view.files[0]!.hunks![0]!.lines, view.files[0]!.hunks[0]!.lines);
  });

  it('accepts a lazy show (summaries without hunks) and fileHunks; a summary needs its counts', () => {
    const { hunks, ...summary } = view.files[0]!;
    const second = { ...summary, path: 'src/b.ts', hunkCount: 4, pendingHunks: 2 };
    const r = parseHostMessage({ type: 'show', view: { ...view, files: [view.files[0], second] } });
    assert.ok(r.ok, !r.ok ? r.error : '');
    if (r.ok && r.message.type === 'show') {
      assert.equal(r.message.view.files[1]!.hunks, undefined, 'not loaded');
      assert.equal(r.message.view.files[1]!.hunkCount, 4);
    }
    const f = parseHostMessage({ type: 'fileHunks', path: 'src/b.ts', hunks });
    assert.ok(f.ok, !f.ok ? f.error : '');
    if (f.ok && f.message.type === 'fileHunks') assert.deepEqual(f.message.hunks[0]!.lines, hunks[0]!.lines);
    const { hunkCount: _c, ...noCount } = second;
    assert.equal(parseHostMessage({ type: 'show', view: { ...view, files: [noCount] } }).ok, false, 'hunkCount is required');
    assert.equal(parseHostMessage({ type: 'show', view: { ...view, files: [{ ...second, pendingHunks: -1 }] } }).ok, false);
    assert.equal(parseHostMessage({ type: 'fileHunks', path: '', hunks: [] }).ok, false);
    assert.equal(parseHostMessage({ type: 'fileHunks', path: 'a', hunks: [{ ...hunks[0], lines: [{ op: '?', text: '' }] }] }).ok, false);
    assert.equal(parseHostMessage({ type: 'fileHunks', path: 'a' }).ok, false);
  });

  it('defaults missing before/after context to empty arrays', () => {
    const { before: _b, after: _a, ...hunk } = view.files[0]!.hunks[0]!;
    const r = parseHostMessage({ type: 'show', view: { ...view, files: [{ ...view.files[0], hunks: [hunk] }] } });
    assert.ok(r.ok);
    if (r.ok && r.message.type === 'show') {
      assert.deepEqual(r.message.view.files[0]!.hunks![0]!.before, []);
      assert.deepEqual(r.message.view.files[0]!.hunks![0]!.after, []);
    }
  });

  it('accepts update, contextLines, error, notice and busy', () => {
    for (const m of [
      { type: 'update', files: [{ path: 'src/a.ts', status: 'partly', hunks: [{ index: 0, decision: 'rejected', rejectReason: 'no' }] }] },
      { type: 'update', files: [{ path: 'src/a.ts', status: 'conflict', conflictReason: 'changed on disk' }] },
      { type: 'update', files: [{ path: 'src/a.ts', status: 'partly', pendingHunks: 3 }] },
      { type: 'contextLines', path: 'src/a.ts', hunkIndex: 0, direction: 'above', lines: [{ op: ' ', text: 'x', oldNo: 1, newNo: 1 }], more: false },
      { type: 'error', message: 'hunk 2 of src/a.ts does not apply' },
      { type: 'notice', message: 'Applied 1 hunk' },
      { type: 'busy', busy: true },
    ]) {
      const r = parseHostMessage(m);
      assert.ok(r.ok, `${m.type}: ${!r.ok ? r.error : ''}`);
      assert.equal(r.message.type, m.type);
    }
  });

  it('rejects malformed host messages with a readable error and never throws', () => {
    const bad: unknown[] = [
      null,
      undefined,
      42,
      'show',
      {},
      { type: 'nope' },
      { type: 'show' },
      { type: 'show', view: { ...view, files: [{ ...view.files[0], action: 'modify' }] } },
      { type: 'show', view: { ...view, files: [{ ...view.files[0], status: 'done' }] } },
      { type: 'show', view: { ...view, files: [{ ...view.files[0], hunks: [{ ...view.files[0]!.hunks[0]!, confidence: 1.5 }] }] } },
      { type: 'show', view: { ...view, files: [{ ...view.files[0], hunks: [{ ...view.files[0]!.hunks[0]!, lines: [{ op: '*', text: 'x' }] }] }] } },
      { type: 'show', view: { ...view, files: [{ ...view.files[0], hunks: [{ ...view.files[0]!.hunks[0]!, lines: [{ op: '+', text: 'x', newNo: 0 }] }] }] } },
      { type: 'update', files: [{ path: 'a', status: 'pending', hunks: [{ index: -1, decision: 'accepted' }] }] },
      { type: 'update', files: [{ path: 'a', status: 'pending', pendingHunks: 1.5 }] },
      { type: 'contextLines', path: 'a', hunkIndex: 0, direction: 'left', lines: [], more: true },
      { type: 'busy', busy: 'yes' },
    ];
    for (const m of bad) {
      const r = parseHostMessage(m);
      assert.equal(r.ok, false, JSON.stringify(m));
      if (!r.ok) assert.match(r.error, /^invalid message/);
    }
    const r = parseHostMessage({ type: 'show', view: { ...view, files: [{ ...view.files[0], action: 'modify' }] } });
    assert.ok(!r.ok && /action/.test(r.error), 'error names the bad field');
  });

  it('accepts every webview message kind', () => {
    const good = [
      { type: 'ready' },
      { type: 'ready', selectedPath: 'src/b.ts' },
      { type: 'loadFile', path: 'src/b.ts' },
      { type: 'acceptAll' },
      { type: 'rejectAll' },
      { type: 'rejectAll', reason: 'wrong approach' },
      { type: 'acceptFile', path: 'src/a.ts' },
      { type: 'rejectFile', path: 'src/a.ts', reason: 'keep it' },
      { type: 'acceptHunk', path: 'src/a.ts', hunkIndex: 0 },
      { type: 'rejectHunk', path: 'src/a.ts', hunkIndex: 3, reason: 'use the existing helper instead' },
      { type: 'rejectHunk', path: 'src/a.ts', hunkIndex: 3 },
      { type: 'editHunk', path: 'src/a.ts', hunkIndex: 0, newLines: ['a', '', 'b'] },
      { type: 'editHunk', path: 'src/a.ts', hunkIndex: 0, newLines: [] },
      { type: 'openDiff', path: 'src/a.ts' },
      { type: 'expandContext', path: 'src/a.ts', hunkIndex: 0, direction: 'below', count: 20 },
      { type: 'done' },
    ];
    for (const m of good) {
      const r = parseWebviewMessage(m);
      assert.ok(r.ok, `${m.type}: ${!r.ok ? r.error : ''}`);
      assert.deepEqual(r.message, m);
    }
  });

  it('rejects malformed webview messages', () => {
    const bad: unknown[] = [
      null,
      [],
      { type: 'acceptFile' },
      { type: 'acceptFile', path: '' },
      { type: 'loadFile' },
      { type: 'loadFile', path: '' },
      { type: 'ready', selectedPath: 3 },
      { type: 'acceptHunk', path: 'a', hunkIndex: 1.5 },
      { type: 'acceptHunk', path: 'a', hunkIndex: '0' },
      { type: 'rejectHunk', path: 'a', hunkIndex: 0, reason: 7 },
      { type: 'editHunk', path: 'a', hunkIndex: 0, newLines: 'a\nb' },
      { type: 'editHunk', path: 'a', hunkIndex: 0, newLines: ['a', 1] },
      { type: 'expandContext', path: 'a', hunkIndex: 0, direction: 'above', count: 0 },
      { type: 'expandContext', path: 'a', hunkIndex: 0, count: 10 },
      { type: 'show', view },
    ];
    for (const m of bad) assert.equal(parseWebviewMessage(m).ok, false, JSON.stringify(m));
  });

  it('derives a hunk\'s old and new sides from its body', () => {
    const h = view.files[0]!.hunks[0]!;
    assert.deepEqual(hunkNewLines(h), ['fresh();', 'keep();']);
    assert.deepEqual(hunkOldLines(h), ['old();', 'keep();']);
  });
});

describe('protocol: review panel HTML shell', () => {
  it('has a strict CSP, a nonce script and no inline code', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9_-]{22}$/);
    assert.notEqual(nonce, makeNonce());
    const html = reviewPanelHtml({
      cspSource: 'https://ext.vscode-cdn.net',
      nonce,
      scriptUri: 'https://ext/dist/webview/review.js',
      styleUri: 'https://ext/media/review.css',
      codiconUri: 'https://ext/media/codicons/codicon.css',
    });
    // The attribute is escaped like every value (' as &#39;); the browser reads it back as written.
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1]?.replace(/&#39;/g, "'");
    assert.equal(csp, `default-src 'none'; style-src https://ext.vscode-cdn.net; font-src https://ext.vscode-cdn.net; img-src https://ext.vscode-cdn.net data:; script-src 'nonce-${nonce}'`);
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://ext/dist/webview/review.js"></script>`));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(!/\son[a-z]+=/i.test(html), 'no inline handlers');
    assert.ok(!/<style/i.test(html), 'no inline style');
    assert.ok(html.includes('id="root"'));
  });

  it('escapes the values it interpolates', () => {
    assert.equal(escapeHtml(`"><script>'&\``), `&quot;&gt;&lt;script&gt;&#39;&amp;&#96;`);
    const html = reviewPanelHtml({ cspSource: 'x', nonce: 'n', scriptUri: '"><script>alert(1)</script>', styleUri: 's', codiconUri: 'c', title: '<b>' });
    assert.ok(!html.includes('<script>alert'));
    assert.ok(html.includes('<title>&lt;b&gt;</title>'));
  });
});
