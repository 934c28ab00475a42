/**
 * The argument of amazon-connect-chatjs's `connect.ChatSession.create` for a customer, as the
 * library's `index.d.ts` declares it (`CustomerChatSessionArgs`: `chatDetails`, `options.region`,
 * `type`, `disableCSM`). Declared here so the example needs no dependency on the library.
 */
export interface CustomerChatSessionArgs {
  readonly chatDetails: {
    readonly contactId: string;
    readonly participantId: string;
    readonly participantToken: string;
  };
  /** Without it chatjs assumes us-west-2: always pass the region the gateway returned. */
  readonly options: { readonly region: string };
  readonly type: 'CUSTOMER';
  /** Client-side metrics sent to AWS; off for an example. */
  readonly disableCSM: boolean;
}

/** A started chat as the gateway returns it (`StartChatContactPayload`). */
export interface StartedChat {
  readonly contactId: string;
  readonly participantId: string;
  readonly participantToken: string;
  readonly region: string;
}

/** Builds the exact object to pass to `connect.ChatSession.create(…)`. */
export function chatSessionArgs(chat: StartedChat): CustomerChatSessionArgs {
  return {
    chatDetails: {
      contactId: chat.contactId,
      participantId: chat.participantId,
      participantToken: chat.participantToken,
    },
    options: { region: chat.region },
    type: 'CUSTOMER',
    disableCSM: true,
  };
}
