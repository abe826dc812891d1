/** SEARCH/REPLACE lines written with spaces into a tab-indented file take the file's tabs (fileStyle.ts). */
import { strict as assert } from 'node:assert';
import { buildChangeSet } from '../../../src/core/edits/changeSet/buildChangeSet';
import { parseEdit } from '../../../src/core/edits/parse/parseEdit';
import { renderFile } from '../../../src/core/edits/changeSet/textDoc';

const block = (search: string[], replace: string[]) => `f.js\n<<<<<<< SEARCH\n${search.join('\n')}\n=======\n${replace.join('\n')}\n>>>>>>> REPLACE\n`;
const IF = '\tif (options.throwOnLimitExceeded && currentArrayLength >= options.arrayLimit) {';
const BASE = ['function copy(source) {', '\tfor (var j = 0; j < keys.length; ++j) {', '\t\ttarget[keys[j]] = value;', '\t}', '}', '', 'function limit() {', IF, '\t\tthrow new RangeError();', '\t}', '}', ''].join('\n');

describe('added lines in the file\'s tabs (SEARCH/REPLACE written with spaces)', () => {
  it('a hunk whose own lines tell no usable width takes the width the edit\'s other hunks tell', () => {
    // bench tab-file-sr:qs@6.16.2..6.17.0:lib/parse.js: the continuation lines resemble the removed
    // one-line `if` one tab deep, which voted for 8 spaces a level; "    if (" rules 8 out.
    const edit =
      block(['\tfor (var j = 0; j < keys.length; ++j) {', '\t\ttarget[keys[j]] = value;'], ['\tfor (var j = 0; j < keys.length; ++j) {', '        utils.setProperty(target, keys[j], value);']) +
      block([IF, '\t\tthrow new RangeError();'], ['    if (', '        options.throwOnLimitExceeded', '        && currentArrayLength >= options.arrayLimit', '        && currentArrayLength > 0', '    ) {', '\t\tthrow new RangeError();']);
    const r = buildChangeSet(parseEdit(edit), new Map([['f.js', BASE]]));
    assert.ok(r.ok, JSON.stringify(r.refusals));
    const want = BASE.replace('\t\ttarget[keys[j]] = value;', '\t\tutils.setProperty(target, keys[j], value);').replace(
      IF,
      ['\tif (', '\t\toptions.throwOnLimitExceeded', '\t\t&& currentArrayLength >= options.arrayLimit', '\t\t&& currentArrayLength > 0', '\t) {'].join('\n'),
    );
    assert.equal(renderFile(BASE, r.changeSet.files[0]), want);
    // Alone, the one width its levels fit after the line of the file it starts with.
    const alone = buildChangeSet(parseEdit(block(['function limit() {', IF], ['function limit() {', '    if (', '        options.throwOnLimitExceeded', '    ) {'])), new Map([['f.js', BASE]]));
    assert.ok(alone.ok, JSON.stringify(alone.refusals));
    assert.equal(renderFile(BASE, alone.changeSet.files[0]), BASE.replace(IF, '\tif (\n\t\toptions.throwOnLimitExceeded\n\t) {'));
    // A hunk that starts with new lines: the level above it is the file's line before it.
    const first = buildChangeSet(parseEdit(block(['\t\tthrow new RangeError();'], ['        throw new Error();'])), new Map([['f.js', BASE]]));
    assert.ok(first.ok, JSON.stringify(first.refusals));
    assert.equal(renderFile(BASE, first.changeSet.files[0]), BASE.replace('\t\tthrow new RangeError();', '\t\tthrow new Error();'));
  });

  it('a width the hunk\'s own lines tell and fit is not overridden by other hunks when its levels do not work out', () => {
    // bench tab-file-sr:ini@4.1.1..4.1.2:README.md: 2 spaces a level by the lines replaced, 4 by the other hunk.
    const base = ['a() {', '\tb();', '\tc();', '\td();', '}', 'x() {', '\ty();', '}', ''].join('\n');
    const edit =
      block(['\tb();'], ['    bb();']) + // tells 4 (like "\tb();" one tab deep)
      block(['\tc();', '\td();'], ['  cc({', '      e: 1', '  });', '\td();']); // tells 2 ("cc" like "c()"), but 6 spaces is 3 levels under 1
    const r = buildChangeSet(parseEdit(edit), new Map([['f.js', base]]));
    assert.equal(r.ok, false);
    assert.match(r.refusals.map((x) => x.reason).join(' '), /hunk 2 was found, but its new lines are indented with spaces/);
  });

  it('a doc-comment line sits one space past a level; other widths off the level are not read as one', () => {
    const base = ['class A {', '\tm() {', '\t\treturn 1;', '\t}', '}', ''].join('\n');
    const r = buildChangeSet(parseEdit(block(['\tm() {'], ['    /**', '     * Returns one.', '     */', '    m() {'])), new Map([['f.js', base]]));
    assert.ok(r.ok, JSON.stringify(r.refusals));
    assert.equal(renderFile(base, r.changeSet.files[0]), base.replace('\tm() {', '\t/**\n\t * Returns one.\n\t */\n\tm() {'));
  });
});
