/**
 * Incremental parsing of an edit while the model is still writing it: push(chunk) reports the files
 * and complete hunks seen so far (partial: true), end() gives the same result as parseEdit of the
 * whole text. Each line is parsed once: a push costs the size of the chunk plus the size of the
 * snapshot, never a re-parse of the text so far.
 */
import type { ParsedEdit } from './parsedEdit';
import { EditParser, type ParseEditOptions } from './parseEdit';
import { withoutCr } from './parseCommon';

export interface StreamingParser {
  push(chunk: string): ParsedEdit;
  end(): ParsedEdit;
}

export function createStreamingParser(opts: ParseEditOptions = {}): StreamingParser {
  const parser = new EditParser(opts);
  /** The unfinished last line, as the pieces that arrived (joined once the line ends). */
  let carry: string[] = [];
  let first = true;
  let ended = false;
  let failed: ParsedEdit | undefined;

  const emit = (line: string): void => {
    parser.push(withoutCr(line));
  };

  const guard = (f: () => ParsedEdit): ParsedEdit => {
    if (failed) return failed;
    try {
      return f();
    } catch (e) {
      failed = { format: 'unified', files: [], problems: [{ line: 1, message: `internal parser error: ${(e as Error).message}` }] };
      return failed;
    }
  };

  return {
    push(chunk: string): ParsedEdit {
      return guard(() => {
        if (ended) return parser.result();
        let text = chunk;
        if (first && text.length > 0) {
          first = false;
          if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        }
        let start = 0;
        for (;;) {
          const nl = text.indexOf('\n', start);
          if (nl < 0) break;
          const piece = text.slice(start, nl);
          if (carry.length > 0) {
            carry.push(piece);
            emit(carry.join(''));
            carry = [];
          } else emit(piece);
          start = nl + 1;
        }
        if (start < text.length) carry.push(start === 0 ? text : text.slice(start));
        return parser.result();
      });
    },
    end(): ParsedEdit {
      return guard(() => {
        if (!ended) {
          ended = true;
          if (carry.length > 0) emit(carry.join(''));
          carry = [];
          parser.end();
        }
        return parser.result();
      });
    },
  };
}
