// bestchat's reference web page: a chat client on the generated
// TypeScript client and @connectrpc/connect-web, in one plain file.
// bestchatd serves it (bundled by esbuild) at / with --web; it talks to the
// server it was loaded from, or to ?api=https://other.host (that server
// must list this page's origin in --cors-origins).
//
// What it shows a web integrator: a bearer-token interceptor; a streaming
// loop over ChatEvents; stopping a generation; regenerating and editing
// (branches) and switching between them; re-attaching to an answer still
// being written after a reload (ResumeStream); bigint token counts and
// nano-USD costs; ConnectError details.
import { clone, create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import {
  ChatService,
  MessageStatus,
  type ChatEvent,
  type Conversation,
  type Message,
} from "../../gen/ts/bestchat/v1/chat_pb.js";
import { ContentPartSchema, Role, type ContentPart } from "../../gen/ts/bestchat/v1/common_pb.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// ---- Authentication: a token pasted, or passed as #token=… by make run.

const tokenKey = "bestchat.token";
const fromLink = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromLink) {
  localStorage.setItem(tokenKey, fromLink);
  history.replaceState(null, "", location.pathname + location.search); // keep the token out of the address bar
}

const auth: Interceptor = (next) => (req) => {
  req.header.set("Authorization", `Bearer ${localStorage.getItem(tokenKey) ?? ""}`);
  return next(req);
};
const baseUrl = new URLSearchParams(location.search).get("api") ?? location.origin;
const chat = createClient(ChatService, createConnectTransport({ baseUrl, interceptors: [auth] }));

// ---- State: the conversation shown, the branch of messages shown, the
// answer being streamed.

let current: Conversation | undefined;
let branch: Message[] = [];
let streaming: { messageId: string; abort: AbortController } | undefined;
// The deepest message seen below each message, so that switching to a
// sibling shows its whole branch, not just the sibling (the API lists the
// path to a leaf; it has no "children of" call).
const leafBelow = new Map<string, string>();

// ---- Small helpers.

// text is what a message says: its text parts, and a refusal in place of
// an answer.
function text(m: Message): string {
  return m.content
    .map((p) => (p.part.case === "text" ? p.part.value : p.part.case === "refusal" ? p.part.value.text : ""))
    .join("");
}

function content(s: string) {
  return [create(ContentPartSchema, { part: { case: "text", value: s } })];
}

// applyPart applies a stream's part event to the answer's content: a part
// starts at its index, a delta grows the part it names. Done for every
// event, the content equals the stored message's.
function applyPart(parts: ContentPart[], e: ChatEvent["event"]) {
  switch (e.case) {
    case "partStarted":
      parts[e.value.partIndex] = clone(ContentPartSchema, e.value.part!);
      break;
    case "textDelta": {
      const p = parts[e.value.partIndex];
      if (p?.part.case === "text") p.part.value += e.value.text;
      break;
    }
    case "refusalDelta": {
      const p = parts[e.value.partIndex];
      if (p?.part.case === "refusal") p.part.value.text += e.value.text;
      break;
    }
    case "toolCallDelta": {
      const p = parts[e.value.partIndex];
      if (p?.part.case === "toolCall") p.part.value.argumentsJson += e.value.argumentsDelta;
      break;
    }
    case "reasoningDelta": {
      const p = parts[e.value.partIndex];
      if (p?.part.case === "reasoning") {
        p.part.value.text += e.value.text;
        if (e.value.signature) p.part.value.signature = e.value.signature;
        if (e.value.providerState) p.part.value.providerState = e.value.providerState;
      }
      break;
    }
  }
}

// dollars formats nano-USD (a bigint) exactly: no floating point.
function dollars(nanos: bigint): string {
  return `$${nanos / 1_000_000_000n}.${(nanos % 1_000_000_000n).toString().padStart(9, "0")}`;
}

// showError prints a ConnectError with the field violations of a
// google.rpc.BadRequest detail, if any.
function showError(e: unknown) {
  const err = ConnectError.from(e);
  if (err.code === Code.Canceled) return; // we aborted it ourselves
  if (err.code === Code.Unauthenticated) {
    signOut("Your token was refused; paste a new one.");
    return;
  }
  const violations = err.details
    .filter((d) => "type" in d && d.type === "google.rpc.BadRequest")
    .map((d) => ("debug" in d ? JSON.stringify(d.debug) : ""));
  $("error").textContent = `${Code[err.code]}: ${err.rawMessage}${violations.length ? "\n" + violations.join("\n") : ""}`;
}

function el(tag: string, attrs: Record<string, string> = {}, ...children: (Node | string)[]) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function button(label: string, cls: string, onClick: () => void) {
  const b = el("button", { type: "button", class: cls }, label);
  b.addEventListener("click", onClick);
  return b;
}

// ---- Conversations.

async function loadConversations() {
  const query = $<HTMLInputElement>("search").value;
  // The server searches only for three letters or digits in a row (it
  // refuses shorter text): keep the current list while the user types.
  if (query.trim() !== "" && !/[\p{L}\p{N}]{3}/u.test(query)) return;
  const { conversations } = await chat.listConversations({ query, pageSize: 50 });
  const ul = $("conversations");
  ul.replaceChildren(
    ...conversations.map((c) => {
      const li = el("li", { "data-id": c.id, class: c.id === current?.id ? "current" : "" }, c.title || `Untitled ${c.id.slice(0, 8)}`);
      li.addEventListener("click", () => openConversation(c).catch(showError));
      return li;
    }),
  );
}

async function openConversation(c: Conversation, leafId = "") {
  streaming?.abort.abort(); // stop reading the other conversation's stream (its answer goes on)
  current = c;
  localStorage.setItem("bestchat.conversation", c.id);
  await showBranch(leafId);
  await loadConversations();
  // An answer still being written (another tab, or before a reload):
  // re-attach from its first event and follow it to the end.
  const live = branch.find((m) => m.status === MessageStatus.STREAMING);
  if (live) await follow(chat.resumeStream({ messageId: live.id, afterSeq: 0 }, { signal: newStream(live.id) }), live.parentId);
}

// showBranch lists the active branch, or the path to leafId.
async function showBranch(leafId = "") {
  const { messages } = await chat.listMessages({ conversationId: current!.id, leafMessageId: leafId, pageSize: 200 });
  branch = messages;
  const leaf = messages.at(-1)?.id;
  if (leaf) for (const m of messages) leafBelow.set(m.id, leaf);
  render();
}

// ---- Rendering: one div per message, with its actions.

function render() {
  $("messages").replaceChildren(...branch.map(renderMessage));
  $("messages").scrollTop = $("messages").scrollHeight;
  $("stop").hidden = !streaming;
  $("send").hidden = !!streaming;
}

function renderMessage(m: Message): HTMLElement {
  const role = m.role === Role.USER ? "user" : m.role === Role.ASSISTANT ? "assistant" : "system";
  const meta = el("div", { class: "meta" });
  if (m.siblingIds.length > 1) {
    const i = m.siblingIds.indexOf(m.id);
    meta.append(
      button("‹", "prev-branch", () => switchBranch(m, i - 1)),
      el("span", { class: "branch" }, `${i + 1}/${m.siblingIds.length}`),
      button("›", "next-branch", () => switchBranch(m, i + 1)),
    );
  }
  if (role === "assistant") {
    const status = MessageStatus[m.status].toLowerCase();
    meta.append(el("span", { class: "status" }, status));
    if (m.usage) meta.append(el("span", { class: "tokens" }, `${m.usage.inputTokens} in · ${m.usage.outputTokens} out`));
    if (m.status !== MessageStatus.STREAMING) {
      meta.append(el("span", { class: "cost" }, m.costNanos === undefined ? "cost unknown" : dollars(m.costNanos)));
      meta.append(button("Regenerate", "regenerate", () => regenerate(m).catch(showError)));
    }
  } else if (role === "user" && !streaming) {
    meta.append(button("Edit", "edit", () => startEdit(m)));
  }
  const body = el("div", { class: "msg", "data-id": m.id, "data-role": role }, el("div", { class: "text" }, text(m)));
  const list = sources(m);
  if (list) body.append(list);
  body.append(meta);
  return body;
}

// sources lists the sources an answer cites (its source parts, each URL
// once, in order) as numbered links under its text; a URL that is not
// http(s) is shown, never linked.
function sources(m: Message): HTMLElement | undefined {
  const items = m.content.flatMap((p) => (p.part.case === "source" ? [p.part.value] : []));
  if (items.length === 0) return undefined;
  return el(
    "ol",
    { class: "sources" },
    ...items.map((s) => {
      const label = s.title || s.url || "a document of the request";
      const safe = /^https?:\/\//i.test(s.url);
      const item = safe ? el("a", { href: s.url, target: "_blank", rel: "noopener noreferrer" }, label) : el("span", {}, label);
      if (s.citedText) item.setAttribute("title", s.citedText);
      return el("li", {}, item);
    }),
  );
}

// switchBranch shows a sibling's branch (down to the leaf last seen below
// it) and makes it the conversation's active branch on the server, so the
// next message, another tab and a reload all follow it.
function switchBranch(m: Message, i: number) {
  const sibling = m.siblingIds[(i + m.siblingIds.length) % m.siblingIds.length];
  const leaf = leafBelow.get(sibling) ?? sibling;
  chat
    .updateConversation({ conversation: { id: current!.id, activeLeafId: leaf }, updateMask: { paths: ["active_leaf_id"] } })
    .then(({ conversation }) => showBranch(conversation?.activeLeafId ?? leaf))
    .catch(showError);
}

// ---- Streaming: SendMessage, RegenerateMessage and ResumeStream all
// stream ChatEvents; one loop shows them.

function newStream(messageId: string): AbortSignal {
  streaming = { messageId, abort: new AbortController() };
  return streaming.abort.signal;
}

// follow shows a stream's events: the answer appears token by token below
// parentId, its usage and cost when it completes.
async function follow(events: AsyncIterable<{ event?: ChatEvent }>, parentId: string) {
  $("error").textContent = "";
  let answer: Message | undefined;
  try {
    for await (const { event } of events) {
      if (!event) continue;
      const e = event.event;
      switch (e.case) {
        case "userMessage": // SendMessage: our message, now stored
          branch.push(e.value.message!);
          parentId = e.value.message!.id;
          break;
        case "assistantStarted": {
          streaming!.messageId = e.value.messageId;
          const parent = branch.findIndex((m) => m.id === parentId);
          branch = branch.slice(0, parent + 1); // a regenerated answer replaces the one shown
          answer = branch.find((m) => m.id === e.value.messageId);
          if (!answer) {
            answer = { ...branch[0], id: e.value.messageId, role: Role.ASSISTANT, content: content(""), status: MessageStatus.STREAMING, siblingIds: [], usage: undefined, costNanos: 0n };
            branch.push(answer);
          }
          answer.content = [];
          break;
        }
        case "partStarted":
        case "textDelta":
        case "reasoningDelta":
        case "toolCallDelta":
        case "refusalDelta":
          applyPart(answer!.content, e);
          break;
        case "completed":
          Object.assign(answer!, e.value.message);
          break;
        case "failed": // the stream's error follows; show what was kept
          if (e.value.message) Object.assign(answer!, e.value.message);
          break;
      }
      render();
    }
  } finally {
    streaming = undefined;
  }
  await showBranch(answer?.id ?? ""); // sibling counts and the stored message
  await loadConversations();
}

async function send(s: string) {
  const parent = branch.at(-1)?.id ?? "";
  const signal = newStream("");
  render();
  await follow(
    chat.sendMessage(
      { conversationId: current!.id, content: content(s), parentMessageId: parent, requestId: crypto.randomUUID() },
      { signal },
    ),
    parent,
  );
}

async function regenerate(m: Message) {
  const signal = newStream("");
  render();
  await follow(chat.regenerateMessage({ messageId: m.id, requestId: crypto.randomUUID() }, { signal }), m.parentId);
}

// startEdit turns a user message into a form; saving adds a sibling (a new
// branch) and asks for its answer.
function startEdit(m: Message) {
  const div = document.querySelector<HTMLElement>(`.msg[data-id="${m.id}"]`)!;
  const area = el("textarea", { class: "edit-text" }) as HTMLTextAreaElement;
  area.value = text(m);
  const save = button("Save and answer", "save-edit", async () => {
    try {
      const { message } = await chat.editMessage({ messageId: m.id, content: content(area.value) });
      await showBranch(message!.id);
      const signal = newStream("");
      render();
      await follow(chat.regenerateMessage({ messageId: message!.id, requestId: crypto.randomUUID() }, { signal }), message!.id);
    } catch (e) {
      showError(e);
    }
  });
  div.replaceChildren(area, save, button("Cancel", "cancel-edit", render));
}

// ---- Wiring.

function signOut(why = "") {
  localStorage.removeItem(tokenKey);
  $("signin").hidden = false;
  $("app").hidden = true;
  $("signout").hidden = true;
  $("who").textContent = why;
}

async function start() {
  $("signin").hidden = true;
  $("app").hidden = false;
  $("signout").hidden = false;
  const sub = JSON.parse(atob((localStorage.getItem(tokenKey) ?? "..").split(".")[1].replace(/-/g, "+").replace(/_/g, "/")) || "{}").sub;
  $("who").textContent = sub ? `signed in as ${sub}` : "";
  await loadConversations();
  const last = localStorage.getItem("bestchat.conversation");
  if (last) {
    const { conversation } = await chat.getConversation({ conversationId: last }).catch(() => ({ conversation: undefined }));
    if (conversation) await openConversation(conversation);
  }
}

$("signin-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  localStorage.setItem(tokenKey, $<HTMLInputElement>("token").value.trim());
  start().catch(showError);
});
$("signout").addEventListener("click", () => signOut());
$("search").addEventListener("input", () => loadConversations().catch(showError));
$("new").addEventListener("click", async () => {
  try {
    const { conversation } = await chat.createConversation({});
    await openConversation(conversation!);
  } catch (e) {
    showError(e);
  }
});
$("composer").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const input = $<HTMLTextAreaElement>("input");
  if (!current || !input.value.trim() || streaming) return;
  const s = input.value;
  input.value = "";
  send(s).catch(showError);
});
$("stop").addEventListener("click", () => {
  // Stop the generation itself (any tab, any replica); its stream then
  // ends with the partial answer, marked cancelled.
  if (streaming?.messageId) chat.cancelGeneration({ messageId: streaming.messageId }).catch(showError);
});

if (localStorage.getItem(tokenKey)) start().catch(showError);
else signOut();
