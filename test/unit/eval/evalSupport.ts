/** Helpers of the eval tests: captured CLI output and the cells of report.html's tables. */

export function captureIo(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { cwd, stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: async () => '' }, out, err };
}

/** The text of every <td data-k=K> of a report table's row, by row key. */
export function reportCells(html: string, table: string): Map<string, Record<string, string>> {
  const body = new RegExp(`<table data-table="${table}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const rows = new Map<string, Record<string, string>>();
  const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)));
  for (const m of body.matchAll(/<tr data-key="([^"]*)">([\s\S]*?)<\/tr>/g)) {
    const cells: Record<string, string> = {};
    for (const c of m[2].matchAll(/<td data-k="([^"]+)"[^>]*>([\s\S]*?)<\/td>/g)) cells[c[1]] = unescape(c[2]);
    rows.set(unescape(m[1]), cells);
  }
  return rows;
}
