import './style.css';
import { type Availability, changesAt, figuresText, hoursText } from './availability.js';
import { createStartAttempts } from './client-token.js';
import { type OpenChat, openConversation } from './conversation.js';
import { execute, gatewaySettingsFrom, subjectOf } from './gateway-client.js';
import type { ChatContentType, ChatSettingsQuery as ChatSettings, StartChatContactInput } from './gql/graphql.js';
import { describeFailure, describeResult, type FieldName, type Problem, type StartedChat } from './messages.js';
import { ChatAvailabilityQuery, ChatSettingsQuery, StartChatMutation } from './operations.js';
import { resumeKeptChat } from './resume.js';
import { createSessionStore } from './session-store.js';

const CONTENT_TYPE_LABELS: Record<ChatContentType, string> = {
  TEXT_PLAIN: 'Plain text',
  TEXT_MARKDOWN: 'Formatted text (Markdown)',
  APPLICATION_JSON: 'JSON',
  INTERACTIVE: 'Interactive messages (lists, pickers)',
  INTERACTIVE_RESPONSE: 'Answers to interactive messages',
};
const FIELD_NAMES: readonly FieldName[] = ['displayName', 'initialMessage', 'contentTypes'];

const gateway = gatewaySettingsFrom(window.location.search, import.meta.env);
const origin = window.location.origin;
// One kept chat per gateway and key (and signed-in customer): the same tab pointed at another
// gateway, or signed in as someone else, does not resume it there.
const subject = subjectOf(gateway.callerJwt);
const store = createSessionStore(
  window.sessionStorage,
  `${gateway.url} ${gateway.apiKey}${subject === undefined ? '' : ` ${subject}`}`,
);
let settings: ChatSettings['chatSettings'] | undefined;
let availability: Availability | undefined;

const $ = <E extends HTMLElement>(id: string) => document.getElementById(id) as E;
const form = $<HTMLFormElement>('start-form');
const displayName = $<HTMLInputElement>('displayName');
const initialMessage = $<HTMLTextAreaElement>('initialMessage');
const contentTypeOptions = $('contentTypes-options');
const start = $<HTMLButtonElement>('start');
const problem = $('problem');
const settingsStatus = $('settings-status');
const notice = $('notice');
const resumeRetry = $<HTMLButtonElement>('resume-retry');

$('connection').textContent =
  `Gateway ${gateway.url} · key ${gateway.apiKey} · this page ${origin}` +
  (gateway.trustedDocuments ? ' · trusted documents' : '') +
  (gateway.callerJwt ? ' · signed in' : '');

/** Offers the content types the tenant supports; text/plain is always on (Connect requires it). */
function offerContentTypes(types: readonly ChatContentType[]) {
  contentTypeOptions.replaceChildren(
    ...types.map((type) => {
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.name = 'contentType';
      box.value = type;
      box.checked = type === 'TEXT_PLAIN';
      box.disabled = type === 'TEXT_PLAIN';
      label.append(box, CONTENT_TYPE_LABELS[type] ?? type);
      return label;
    }),
  );
}

function applySettings(loaded: ChatSettings['chatSettings']) {
  settings = loaded;
  offerContentTypes(settings.supportedContentTypes);
  // The file picker offers what the tenant accepts, and is gone when it accepts nothing.
  $('attach-label').hidden = !settings.attachments.enabled;
  $<HTMLInputElement>('attachment').accept = settings.attachments.contentTypes.join(',');
  displayName.maxLength = settings.displayNameMaxLength;
  $('initialMessage-field').hidden = !settings.initialMessageAllowed;
  initialMessage.maxLength = settings.initialMessageMaxLength;
  settingsStatus.textContent = gateway.callerJwt
    ? `Chats run in ${settings.region}. You are signed in.`
    : settings.authenticationRequired
      ? `Chats run in ${settings.region}. This company requires a signed-in customer (a JWT from its backend): give the page one with ?jwt=.`
      : `Chats run in ${settings.region}.`;
}

function selectedContentTypes(): ChatContentType[] {
  const boxes = contentTypeOptions.querySelectorAll<HTMLInputElement>('input[name="contentType"]');
  const types = Array.from(boxes, (box) => (box.checked ? (box.value as ChatContentType) : undefined));
  return types.filter((type): type is ChatContentType => type !== undefined);
}

function clearProblem() {
  window.clearInterval(countdown);
  problem.hidden = true;
  problem.textContent = '';
  for (const name of FIELD_NAMES) {
    const element = $(name);
    element.removeAttribute('aria-invalid');
    element.classList.remove('invalid');
    const error = $(`${name}-error`);
    error.hidden = true;
    error.textContent = '';
  }
}

let countdown: number | undefined;

/** Shows a problem, highlights its fields and, with a retry delay, counts down before Start works again. */
function showProblem(shown: Problem) {
  clearProblem();
  for (const { field, message } of shown.fields) {
    if (!field) continue;
    const element = $(field);
    element.setAttribute('aria-invalid', 'true');
    element.classList.add('invalid');
    const error = $(`${field}-error`);
    error.hidden = false;
    error.textContent = error.textContent ? `${error.textContent} ${message}` : message;
  }
  const firstInvalid = shown.fields.find((f) => f.field)?.field;
  if (firstInvalid && firstInvalid !== 'contentTypes') $(firstInvalid).focus();
  let left = shown.retryAfterSeconds ?? 0;
  problem.hidden = false;
  problem.textContent = shown.message(left);
  start.disabled = left > 0;
  if (left > 0) {
    countdown = window.setInterval(() => {
      left -= 1;
      problem.textContent = shown.message(left);
      if (left <= 0) {
        window.clearInterval(countdown);
        start.disabled = false;
      }
    }, 1000);
  }
}

/** Shows the chat instead of the form: just started, or resumed after a reload. */
function showChat(chat: OpenChat) {
  clearProblem();
  notice.hidden = true;
  form.hidden = true;
  openConversation({ gateway, store, attachmentPolicy: () => settings?.attachments, onNewChat: showForm }, chat);
}

function showStarted(chat: StartedChat) {
  store.keep(chat.participantToken);
  showChat({ ...chat, state: 'WAITING' });
}

/** The start form, for a first chat or the next one, with whether chat is open now. */
function showForm() {
  form.hidden = false;
  start.disabled = false;
  attempts.reset();
  if (availability) void loadAvailability();
}

/** Says whether chat is open (until when, or back when) and the agents' figures; unknown parts are left out. */
function showAvailability() {
  const hours = availability ? hoursText(availability, new Date()) : undefined;
  const figures = availability ? figuresText(availability) : undefined;
  $('hours').textContent = hours ?? '';
  $('hours').hidden = hours === undefined;
  $('hours').classList.toggle('closed', availability?.open === false);
  $('agents').textContent = figures ?? '';
  $('agents').hidden = figures === undefined;
  $('availability').hidden = hours === undefined && figures === undefined;
}

/** Asks chatAvailability (x-api-key only; it never fails, but the gateway may be unreachable: nothing shown then). */
async function loadAvailability() {
  const outcome = await execute(gateway, ChatAvailabilityQuery, {});
  availability = outcome.kind === 'data' ? outcome.data.chatAvailability : undefined;
  showAvailability();
}

// "in 3 h" ages: said again every half minute while the form shows, and asked again once it is no longer true.
window.setInterval(() => {
  if (form.hidden || !availability) return;
  const changes = changesAt(availability);
  if (changes && changes.getTime() <= Date.now()) void loadAvailability();
  else showAvailability();
}, 30_000);

const attempts = createStartAttempts();
let busy = false;
form.addEventListener('input', () => attempts.reset());

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  // Disabled at once, so the second click of a double click never reaches this handler.
  if (busy || start.disabled) return;
  busy = true;
  start.disabled = true;
  const message = initialMessage.value;
  const input: StartChatContactInput = {
    participantDetails: { displayName: displayName.value },
    clientToken: attempts.token(),
    supportedMessagingContentTypes: selectedContentTypes(),
    ...(message.trim() && !$('initialMessage-field').hidden
      ? { initialMessage: { contentType: 'TEXT_PLAIN', content: message } }
      : {}),
  };
  try {
    const outcome = await execute(gateway, StartChatMutation, { input });
    if (outcome.kind !== 'data') {
      showProblem(describeFailure(outcome, gateway, origin));
      return;
    }
    const result = outcome.data.startChatContact;
    // Unknown outcome (a deadline may pass after Connect acted): keep the token for "try again".
    if (result.__typename !== 'ChatUnavailableError') attempts.settled();
    const view = describeResult(result, availability?.timeZone ?? null);
    if (view.kind === 'started') showStarted(view.chat);
    else showProblem(view);
    // The hours said open (or could not say), the gateway says closed: ask again for what to show.
    if (result.__typename === 'ChatClosedError') void loadAvailability();
  } finally {
    busy = false;
  }
});

async function loadSettings() {
  const outcome = await execute(gateway, ChatSettingsQuery, {});
  if (outcome.kind === 'data') {
    applySettings(outcome.data.chatSettings);
    return;
  }
  // Without settings only text/plain is offered; Start stays usable and shows the refusal again.
  offerContentTypes(['TEXT_PLAIN']);
  settingsStatus.textContent = 'Chat settings could not be loaded.';
  showProblem(describeFailure(outcome, gateway, origin));
}

/** A chat kept in this tab (a reload) is shown again; an ended one is forgotten and a new one offered. */
async function resume() {
  resumeRetry.hidden = true;
  const outcome = await resumeKeptChat(gateway, store);
  if (outcome.kind === 'resume') {
    // The region is the tenant's (chatSession does not repeat it): from the settings, asked at the same time.
    await settingsLoaded;
    showChat({ ...outcome, region: settings?.region ?? '' });
    return;
  }
  if (outcome.kind === 'unknown') {
    notice.textContent = `Your chat cannot be reached right now (${outcome.reason}).`;
    notice.hidden = false;
    resumeRetry.hidden = false;
    return;
  }
  notice.textContent = outcome.kind === 'ended' ? 'Your previous chat has ended. You can start a new one.' : '';
  notice.hidden = outcome.kind !== 'ended';
  showForm();
}

resumeRetry.addEventListener('click', () => void resume());
// Hidden before the first paint when a chat is kept (or may be found for a signed-in customer), so
// the form does not flash during the resume.
if (store.token() !== undefined || gateway.callerJwt) form.hidden = true;
const settingsLoaded = loadSettings();
void loadAvailability();
void resume();
