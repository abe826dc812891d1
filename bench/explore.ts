import { buildChangeSet } from '/work/wt/edits2/src/core/edits/buildChangeSet';
import { parseEdit } from '/work/wt/edits2/src/core/edits/parseEdit';
import { renderFile } from '/work/wt/edits2/src/core/edits/textDoc';
const shape = process.argv[2]; const N = Number(process.argv[3]);
const block = (i: number) => ['def handler(request):', '    value = request.get("key")', '    if value is None:', '        return None', '    return process(value)', ''];
const lines: string[] = []; for (let i = 0; i < N; i++) lines.push(...block(i));
const base = lines.join('\n') + '\n';
let patch = '';
if (shape === 'udiff' || shape === 'bare' || shape === 'wrongnum') {
  const parts = ['--- a/f.py', '+++ b/f.py'];
  for (let i = 0; i < N; i++) {
    const at = i * 6 + 1;
    parts.push(shape === 'bare' ? '@@ @@' : `@@ -${shape === 'wrongnum' ? at + 50 : at},4 +${shape === 'wrongnum' ? at + 50 : at},4 @@`, ' def handler(request):', '     value = request.get("key")', '-    if value is None:', '+    if not value:', '         return None');
  }
  patch = parts.join('\n') + '\n';
} else if (shape === 'sr') {
  const parts: string[] = [];
  for (let i = 0; i < N; i++) parts.push('f.py', '<<<<<<< SEARCH', '    if value is None:', '        return None', '=======', '    if not value:', '        return None', '>>>>>>> REPLACE', '');
  patch = parts.join('\n');
} else if (shape === 'ap') {
  const parts: string[] = ['*** Begin Patch', '*** Update File: f.py'];
  for (let i = 0; i < N; i++) parts.push('@@', '     value = request.get("key")', '-    if value is None:', '+    if not value:', '         return None');
  parts.push('*** End Patch');
  patch = parts.join('\n') + '\n';
} else if (shape === 'fuzzy') {
  const parts = ['--- a/f.py', '+++ b/f.py'];
  for (let i = 0; i < N; i++) {
    const at = i * 6 + 1;
    parts.push(`@@ -${at},4 +${at},4 @@`, ' def handler(request):', '     value = request.get("kei")', '-    if value is None:', '+    if not value:', '         return None');
  }
  patch = parts.join('\n') + '\n';
}
const t0 = performance.now();
const parsed = parseEdit(patch);
const t1 = performance.now();
const built = buildChangeSet(parsed, new Map([['f.py', base]]));
const t2 = performance.now();
const out = built.ok ? renderFile(base, built.changeSet.files[0]) : null;
const t3 = performance.now();
console.log(shape, N, `patch ${(patch.length/1024).toFixed(0)}KB`, `parse ${(t1-t0).toFixed(0)} build ${(t2-t1).toFixed(0)} render ${(t3-t2).toFixed(0)} ms ok=${built.ok}`, built.ok ? '' : built.refusals[0].reason.slice(0,150), built.refusals.length);
