/** The chat view's webview entry point. */
import '../l10n';
import { parseChatHostMessage } from '../../protocol/chat';
import { ChatApp } from './app';
import { connectHost } from './vscodeApi';

const host = connectHost();
const app = new ChatApp(document.getElementById('root')!, host);
window.addEventListener('message', (e: MessageEvent) => {
  const r = parseChatHostMessage(e.data);
  if (r.ok) app.handle(r.message);
  else console.warn(`Forge chat: ignored ${r.error}`);
});
host.post({ type: 'ready' });
