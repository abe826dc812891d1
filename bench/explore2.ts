import { buildChangeSet } from '/work/wt/edits2/src/core/edits/buildChangeSet';
import { parseEdit } from '/work/wt/edits2/src/core/edits/parseEdit';
import { renderFile } from '/work/wt/edits2/src/core/edits/textDoc';
const shape = process.argv[2]; const N = Number(process.argv[3]);
const lines: string[] = []; for (let i = 0; i < N; i++) lines.push('def handler(request):', `    value = request.get("key${i}")`, '    if value is None:', '        return None', '    return process(value)', '');
const base = lines.join('\n') + '\n';
const parts: string[] = [];
if (shape === 'sr') { for (let i = 0; i < N; i++) parts.push('f.py', '<<<<<<< SEARCH', `    value = request.get("key${i}")`, '    if value is None:', '=======', `    value = request.get("key${i}")`, '    if not value:', '>>>>>>> REPLACE', ''); }
else if (shape === 'ap') { parts.push('*** Begin Patch', '*** Update File: f.py'); for (let i = 0; i < N; i++) parts.push('@@', `     value = request.get("key${i}")`, '-    if value is None:', '+    if not value:', '         return None'); parts.push('*** End Patch', ''); }
else if (shape === 'udiff') { parts.push('--- a/f.py', '+++ b/f.py'); for (let i = 0; i < N; i++) parts.push(`@@ -${i*6+2},3 +${i*6+2},3 @@`, `     value = request.get("key${i}")`, '-    if value is None:', '+    if not value:', '         return None'); parts.push(''); }
else if (shape === 'udiff-fuzzy') { parts.push('--- a/f.py', '+++ b/f.py'); for (let i = 0; i < N; i++) parts.push(`@@ -${i*6+2},3 +${i*6+2},3 @@`, `     value = request.get("key${i}")  # x`, '-    if value is None:', '+    if not value:', '         return None'); parts.push(''); }
const patch = parts.join('\n');
const t0 = performance.now();
const parsed = parseEdit(patch);
const t1 = performance.now();
const built = buildChangeSet(parsed, new Map([['f.py', base]]));
const t2 = performance.now();
const out = built.ok ? renderFile(base, built.changeSet.files[0]) : null;
const t3 = performance.now();
console.log(shape, N, `patch ${(patch.length/1024).toFixed(0)}KB`, `parse ${(t1-t0).toFixed(0)} build ${(t2-t1).toFixed(0)} render ${(t3-t2).toFixed(0)} ms ok=${built.ok}`, built.ok ? '' : built.refusals[0].reason.slice(0,150), built.refusals.length);
