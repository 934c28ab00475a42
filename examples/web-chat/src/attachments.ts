import { newClientToken } from './client-token.js';
import {
  ChatAttachmentUrlQuery,
  CompleteChatAttachmentUploadMutation,
  StartChatAttachmentUploadMutation,
} from './conversation-operations.js';
import { type ChatCredentials, execute, type GatewayOutcome, type GatewaySettings } from './gateway-client.js';

/** What the tenant accepts (chatSettings.attachments), once the settings are loaded. */
export interface AttachmentPolicy {
  readonly enabled: boolean;
  readonly contentTypes: readonly string[];
  readonly maxSizeBytes: number;
}

/** The upload's part of the page. */
export interface UploadElements {
  readonly input: HTMLInputElement;
  readonly box: HTMLElement;
  readonly name: HTMLElement;
  readonly progress: HTMLProgressElement;
  readonly status: HTMLElement;
  readonly retry: HTMLButtonElement;
}

/** Options of {@link createAttachments}. */
export interface AttachmentDeps {
  readonly gateway: GatewaySettings;
  readonly chat: ChatCredentials;
  readonly elements: UploadElements;
  readonly policy: () => AttachmentPolicy | undefined;
  /** Tells the customer something went wrong outside the upload box (a download). */
  readonly report: (message: string) => void;
}

/** A header the browser sets itself and refuses from scripts (the URL is presigned for its value anyway). */
const BROWSER_HEADERS = new Set(['content-length', 'host']);

/**
 * PUTs the bytes with XMLHttpRequest, the one browser API that reports upload progress, straight to
 * Connect's storage (never through the gateway), with exactly the headers the URL was signed for.
 */
function put(
  url: string,
  headers: readonly { name: string; value: string }[],
  file: File,
  onProgress: (share: number) => void,
) {
  return new Promise<number>((resolve) => {
    const request = new XMLHttpRequest();
    request.open('PUT', url);
    for (const { name, value } of headers) {
      if (!BROWSER_HEADERS.has(name.toLowerCase())) request.setRequestHeader(name, value);
    }
    request.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    });
    request.addEventListener('load', () => resolve(request.status));
    // No status: the storage could not be reached, or the browser refused its answer (CORS).
    for (const failure of ['error', 'abort', 'timeout']) request.addEventListener(failure, () => resolve(0));
    request.send(file);
  });
}

/** The message for a result that is not the payload, or for no result. */
function failureOf(outcome: GatewayOutcome<unknown>, result?: { message?: string }): string {
  if (outcome.kind === 'data') return result?.message ?? 'the chat did not accept it';
  if (outcome.kind === 'refused') return outcome.message;
  return 'the chat service cannot be reached';
}

/**
 * Files in the chat: start the upload, PUT the bytes with progress, complete it (the stream then
 * shows the ChatAttachmentItem); and a download URL on each click of an attachment in the list.
 * A failed upload offers a retry with the same clientToken: it starts no second upload.
 */
export function createAttachments(deps: AttachmentDeps) {
  const { input, box, name, progress, status, retry } = deps.elements;
  let retrying: (() => void) | undefined;

  const show = (text: string, share?: number) => {
    box.hidden = false;
    status.textContent = text;
    if (share !== undefined) progress.value = Math.round(share * 100);
  };
  const fail = (text: string, again?: () => void) => {
    show(`Upload failed: ${text}`);
    retrying = again;
    retry.hidden = !again;
  };

  async function upload(file: File, clientToken: string) {
    retry.hidden = true;
    name.textContent = file.name;
    show('Uploading…', 0);
    const again = () => void upload(file, clientToken);
    const started = await execute(
      deps.gateway,
      StartChatAttachmentUploadMutation,
      { input: { name: file.name, contentType: file.type, sizeBytes: file.size, clientToken } },
      deps.chat,
    );
    const start = started.kind === 'data' ? started.data.startChatAttachmentUpload : undefined;
    if (start?.__typename !== 'StartChatAttachmentUploadPayload') {
      // A refused file stays refused; anything else may work on a retry.
      return fail(failureOf(started, start), start?.__typename === 'InvalidInputError' ? undefined : again);
    }
    const stored = await put(start.uploadUrl, start.headersToInclude, file, (share) =>
      show(`Uploading… ${Math.round(share * 100)}%`, share),
    );
    if (stored < 200 || stored >= 300) {
      return fail(stored === 0 ? 'the file storage cannot be reached' : `the file storage answered ${stored}`, again);
    }
    const completed = await execute(
      deps.gateway,
      CompleteChatAttachmentUploadMutation,
      { attachmentId: start.attachmentId },
      deps.chat,
    );
    const complete = completed.kind === 'data' ? completed.data.completeChatAttachmentUpload : undefined;
    if (complete?.__typename !== 'CompleteChatAttachmentUploadPayload')
      return fail(failureOf(completed, complete), again);
    show('Uploaded', 1);
  }

  const onChange = () => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const policy = deps.policy();
    if (policy && file.size > policy.maxSizeBytes) {
      name.textContent = file.name;
      return fail(`files may be at most ${Math.floor(policy.maxSizeBytes / 1_048_576)} MB`);
    }
    void upload(file, newClientToken());
  };
  const onRetry = () => retrying?.();

  input.addEventListener('change', onChange);
  retry.addEventListener('click', onRetry);
  return {
    /** Opens a download URL of the attachment in a new tab. */
    async open(attachmentId: string): Promise<void> {
      const outcome = await execute(deps.gateway, ChatAttachmentUrlQuery, { attachmentId }, deps.chat);
      const result = outcome.kind === 'data' ? outcome.data.chatAttachmentUrl : undefined;
      if (result?.__typename !== 'ChatAttachmentUrl') {
        deps.report(`The file cannot be opened: ${failureOf(outcome, result)}.`);
        return;
      }
      window.open(result.url, '_blank', 'noopener');
    },
    close(): void {
      input.removeEventListener('change', onChange);
      retry.removeEventListener('click', onRetry);
      retry.hidden = true;
    },
  };
}
