/**
 * A token count without the tokenizer: what the context pack uses while gpt-tokenizer (o200k) is still loading.
 *
 * chars/4 is badly off on code (it undercounts C by about 20-28%: identifiers are short, punctuation dense)
 * and on paths (about 30%). This counts what o200k's pre-tokenizer splits text into (word pieces, split at a
 * lower-to-upper case change, with extra weight for long ones; digit groups of three; punctuation runs;
 * indentation runs; non-ASCII characters) and weighs each by coefficients fitted (least squares on the
 * relative error) to o200k counts of 467 samples: Linux 6.1 .c/.h/.rst files, Forge's TypeScript, Python's
 * standard library, markdown and kernel path lists. Over those samples the estimate is within -8% / +11%
 * of the real count for 90% of them (medians: C 1.02, kernel paths 1.00, TypeScript 0.99, Python 0.97);
 * chars/4 gives C 0.80 and paths 0.71. The result is scaled by ESTIMATE_MARGIN so a budget filled by
 * estimate holds by the real count. Known weakness: camelCase paths (`src/core/tokenEstimate.ts`) come out
 * 15-20% high, so a cold repo map of such a tree uses ~80% of its budget. `bench/tokenCounting.ts` prints
 * the comparison per kind of text.
 */

/** Weights per feature, fitted as described above. */
const W = { piece: 0.974, beyond4: 0.143, beyond8: 0.309, digits: 1.463, punctRun: 0.709, punct: 0.026, indent: 0.714, nonAscii: 0.853 };

/** Errs a little high: a pack or map filled to its budget by estimate stays within it. */
export const ESTIMATE_MARGIN = 1.04;

/** Character classes of ASCII codes; 128 and above is NON_ASCII. */
const LOWER = 1, UPPER = 2, DIGIT = 3, SPACE = 4, PUNCT = 5, OTHER = 6, NON_ASCII = 7;
const CLASS = new Uint8Array(128).map((_, c) =>
  c >= 97 && c <= 122 ? LOWER : c >= 65 && c <= 90 ? UPPER : c >= 48 && c <= 57 ? DIGIT : c === 32 || c === 9 ? SPACE : c > 32 && c < 127 ? PUNCT : OTHER);
const classOf = (c: number) => (c < 128 ? CLASS[c]! : NON_ASCII);

/** Estimated o200k tokens of `text` (one pass over its characters; about 1-2 ms per 100 KB). */
export function estimateTokens(text: string): number {
  return text ? Math.max(1, Math.ceil(estimateTokensFraction(text))) : 0;
}

/**
 * The estimate before rounding: for summing many short texts (a repo map's lines) without a rounding error
 * per line. A line's newline is included (o200k merges it with its neighbours; the fit counted none).
 */
export function estimateTokensFraction(text: string): number {
  let pieces = 0, beyond4 = 0, beyond8 = 0, digits = 0, punctRuns = 0, punct = 0, indents = 0, nonAscii = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const k = classOf(text.charCodeAt(i));
    let j = i + 1;
    if (k === LOWER || k === UPPER) {
      // A word piece: capitals, then lower case ("camelCase" is two, "HTTPServer" about two).
      if (k === UPPER) while (j < n && classOf(text.charCodeAt(j)) === UPPER) j++;
      while (j < n && classOf(text.charCodeAt(j)) === LOWER) j++;
      const len = j - i;
      pieces++;
      if (len > 4) beyond4 += Math.min(len, 8) - 4;
      if (len > 8) beyond8 += len - 8;
    } else if (k === DIGIT) {
      while (j < n && classOf(text.charCodeAt(j)) === DIGIT) j++;
      digits += Math.ceil((j - i) / 3);
    } else if (k === SPACE) {
      while (j < n && classOf(text.charCodeAt(j)) === SPACE) j++;
      if (j - i >= 2 || text.charCodeAt(i) === 9) indents++;
    } else if (k === PUNCT) {
      while (j < n && classOf(text.charCodeAt(j)) === PUNCT) j++;
      punctRuns++;
      punct += j - i;
    } else if (k === NON_ASCII) nonAscii++;
    // OTHER (newlines, control characters): merged with their neighbours by o200k
    i = j;
  }
  const raw = W.piece * pieces + W.beyond4 * beyond4 + W.beyond8 * beyond8 + W.digits * digits + W.punctRun * punctRuns
    + W.punct * punct + W.indent * indents + W.nonAscii * nonAscii;
  return raw * ESTIMATE_MARGIN;
}
