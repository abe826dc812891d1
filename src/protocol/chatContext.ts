/**
 * The chat input's messages about context: the @-mention list (asked by the webview, answered by
 * the host from its listing) and the context bar's chips (what the next request will carry).
 */
import * as z from 'zod/mini';
import { lazySchema } from '../core/lazySchema';

export { SLASH_COMMANDS } from '../core/agent/slashCommands';

export const mentionKind = lazySchema(() => z.enum(['file', 'folder', 'symbol', 'problems', 'changes', 'selection', 'terminal']));

export const mentionItem = lazySchema(() => z.object({ kind: mentionKind, label: z.string(), detail: z.optional(z.string()), insert: z.string() }));

/** One piece of context of the next request. */
export const contextChip = lazySchema(() => z.object({
  /** The mention's text (`@file:src/a.ts`) or a fixed name (`editor`, `rules`, `repoMap`, `plan`, ...). */
  key: z.string(),
  kind: z.enum(['mention', 'editor', 'workspace', 'rules', 'repoMap', 'plan']),
  label: z.string(),
  tokens: z.number(),
  /** "at most": the repo map fills what the budget leaves. */
  estimate: z.optional(z.boolean()),
  /** Why its content is withheld (ignored, secret, not found): the model is told so instead. */
  withheld: z.optional(z.string()),
  /** Open shows it (a file, a line). */
  openable: z.optional(z.boolean()),
  /** Cannot be removed (the rules files and the plan always go). */
  fixed: z.optional(z.boolean()),
}));

export const mentionQuery = lazySchema(() => z.object({ type: z.literal('mentionQuery'), id: z.int(), query: z.string() }));
export const mentionItems = lazySchema(() => z.object({ type: z.literal('mentionItems'), id: z.int(), items: z.array(mentionItem) }));
/** What the input holds now (debounced): the host answers with `context`. */
export const contextPreview = lazySchema(() => z.object({ type: z.literal('contextPreview'), text: z.string(), mode: z.enum(['new', 'continue']) }));
export const contextChips = lazySchema(() => z.object({ type: z.literal('context'), chips: z.array(contextChip), window: z.number() }));
export const openContext = lazySchema(() => z.object({ type: z.literal('openContext'), key: z.string() }));
/** Files or folders dropped on the input (from the explorer or a tab, with Shift held): the host answers with `insertMentions`. */
export const droppedUris = lazySchema(() => z.object({ type: z.literal('droppedUris'), uris: z.array(z.string()) }));
/** Mention text for the input, at the caret (`@file:src/a.ts @folder:src`). */
export const insertMentions = lazySchema(() => z.object({ type: z.literal('insertMentions'), text: z.string() }));

export type MentionItemMessage = z.infer<typeof mentionItem>;
export type ContextChip = z.infer<typeof contextChip>;
