/**
 * A pseudo-translation of the committed English bundle (l10n/bundle.l10n.json), made by
 * @vscode/l10n-dev as for VS Code's "qps-ploc" language: every string changes ("Start" becomes
 * "Şŧȧȧřŧ") and keeps its {0} placeholders. A page handed it must show no English of the bundle.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { getL10nPseudoLocalized } from '@vscode/l10n-dev';

export function pseudoBundle(): { english: Record<string, string>; pseudo: Record<string, string> } {
  const english = JSON.parse(readFileSync(`${__dirname}/../../l10n/bundle.l10n.json`, 'utf8')) as Record<string, string>;
  return { english, pseudo: getL10nPseudoLocalized(english) as Record<string, string> };
}

/** Every text node, title, aria-label and placeholder of the page (its iframe-free DOM). */
export function shownStrings(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) if (n.textContent?.trim()) out.push(n.textContent.trim());
    for (const e of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
      for (const a of ['title', 'aria-label', 'placeholder']) {
        const v = e.getAttribute(a);
        if (v?.trim()) out.push(v.trim());
      }
    }
    return out;
  });
}

/**
 * The English of the bundle still on the page: a shown string equal to an English message without
 * placeholders, or holding a long literal piece (8+ characters) of one with placeholders.
 */
export function englishLeft(shown: string[], english: Record<string, string>, pseudo: Record<string, string>): string[] {
  const whole = new Set<string>();
  const pieces = new Set<string>();
  for (const k of Object.keys(english)) {
    if (pseudo[k] === k) continue;
    if (!/\{\d+\}/.test(k)) whole.add(k.trim());
    else for (const p of k.split(/\{\d+\}/)) if (p.trim().length >= 8 && /[a-z]{3}/i.test(p)) pieces.add(p);
  }
  return shown.filter((s) => whole.has(s) || [...pieces].some((p) => s.includes(p)));
}
