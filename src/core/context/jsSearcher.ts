/** The pure-JS Searcher: reads every non-ignored, non-secret text file through the Workspace port. */
import type { SearchQuery, SearchResult, Searcher, Workspace } from '../ports';
import { globMatcher, walkFiles } from './fileIndex';
import type { IgnoreRules } from './ignoreRules';
import { isSecretPath } from './secrets';

/** Files larger than this are skipped (generated or data files). */
const MAX_FILE_BYTES = 1_000_000;

export function buildMatcher(q: Pick<SearchQuery, 'pattern' | 'isRegex' | 'caseSensitive'>): RegExp {
  const source = q.isRegex ? q.pattern : q.pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(source, q.caseSensitive ? '' : 'i');
}

export class JsSearcher implements Searcher {
  constructor(private readonly workspace: Workspace, private readonly rules: IgnoreRules) {}

  async search(q: SearchQuery, signal?: AbortSignal): Promise<SearchResult> {
    const re = buildMatcher(q);
    const include = q.include ? globMatcher(q.include) : undefined;
    const { files } = await walkFiles(this.workspace, this.rules, { signal });
    const matches: SearchResult['matches'] = [];
    for (const path of files) {
      if (signal?.aborted) break;
      if (isSecretPath(path) || (include && !include(path))) continue;
      const st = await this.workspace.stat(path);
      if (!st || st.size > MAX_FILE_BYTES) continue;
      let text: string;
      try {
        text = await this.workspace.readText(path);
      } catch {
        continue;
      }
      if (text.includes('\u0000')) continue;
      const lines = text.split(/\r?\n/);
      for (let i = 0; i < lines.length; i++) {
        if (!re.test(lines[i])) continue;
        if (matches.length >= q.maxResults) return { matches, truncated: true };
        matches.push({ path, line: i + 1, text: lines[i] });
      }
    }
    return { matches, truncated: false };
  }
}
