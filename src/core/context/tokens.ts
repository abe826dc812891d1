/** Token counting with gpt-tokenizer (o200k), loaded on first use. */
let counter: ((text: string) => number) | undefined;
let loading: Promise<(text: string) => number> | undefined;

export async function tokenCounter(): Promise<(text: string) => number> {
  if (counter) return counter;
  loading ??= import('gpt-tokenizer').then((m) => (counter = (t: string) => (t ? m.countTokens(t) : 0)));
  return loading;
}

export async function countTokens(text: string): Promise<number> {
  return (await tokenCounter())(text);
}
