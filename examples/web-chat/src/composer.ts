import { newClientToken } from './client-token.js';
import type { MessageList } from './message-list.js';
import { createTypingNotifier } from './typing.js';

/** What became of one send. */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly id: string }
  /** `retry`: the outcome is unknown or may change (offline, a limit): the same clientToken may go again. */
  | { readonly kind: 'failed'; readonly reason: string; readonly retry: boolean };

/** Options of {@link createComposer}. */
export interface ComposerDeps {
  readonly form: HTMLFormElement;
  readonly input: HTMLTextAreaElement;
  readonly list: MessageList;
  /** Sends one message; the same `clientToken` again sends no second message. */
  readonly send: (content: string, clientToken: string) => Promise<SendOutcome>;
  /** The customer is typing (throttled here). */
  readonly typing: () => void;
}

/**
 * The message box: Enter or Send sends (Shift+Enter is a new line). Each message gets its own
 * clientToken, kept for its retries, so a message whose answer was lost is never sent twice.
 */
export function createComposer(deps: ComposerDeps) {
  const notifier = createTypingNotifier(deps.typing);
  let enabled = true;

  async function deliver(content: string, clientToken: string, shown = deps.list.pending(content)) {
    const outcome = await deps.send(content, clientToken);
    if (outcome.kind === 'sent') shown.sent(outcome.id);
    else shown.failed(outcome.reason, outcome.retry ? () => void deliver(content, clientToken, shown) : undefined);
  }

  const onSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const content = deps.input.value;
    if (!enabled || content.trim() === '') return;
    deps.input.value = '';
    void deliver(content, newClientToken());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      deps.form.requestSubmit();
    }
  };
  const onInput = () => {
    if (enabled && deps.input.value.trim() !== '') notifier.typed();
  };

  deps.form.addEventListener('submit', onSubmit);
  deps.input.addEventListener('keydown', onKeyDown);
  deps.input.addEventListener('input', onInput);
  return {
    /** The chat is over: nothing more can be sent. */
    close(): void {
      enabled = false;
      deps.form.removeEventListener('submit', onSubmit);
      deps.input.removeEventListener('keydown', onKeyDown);
      deps.input.removeEventListener('input', onInput);
    },
  };
}
