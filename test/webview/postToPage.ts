/** Posting a host message into a webview page under test, as panel.webview.postMessage does. */
import type { Page } from 'playwright-core';

/**
 * Resolves once the page has handled the message: postMessage delivers in a later task, and the
 * page's own listener (added first) runs before the one added here.
 */
export function postToPage(page: Page, message: unknown): Promise<void> {
  return page.evaluate(
    (msg) =>
      new Promise<void>((resolve) => {
        const wanted = JSON.stringify(msg);
        const onMessage = (e: MessageEvent): void => {
          if (JSON.stringify(e.data) !== wanted) return;
          window.removeEventListener('message', onMessage);
          resolve();
        };
        window.addEventListener('message', onMessage);
        window.postMessage(msg, '*');
      }),
    message as never,
  );
}
