/**
 * A markdown code block that its content cannot close: the fence is one backtick longer than the
 * longest run of backticks in the text. Used for file text in VS Code hovers (MarkdownString), so
 * a proposed line of ``` cannot end the block and turn the rest of the file into markdown (links,
 * remote images).
 */
export function fencedCode(text: string, lang = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `\n${fence}${lang}\n${text}\n${fence}\n`;
}
