// A smoke test of the generated TypeScript client against a running
// bestchatd (make run), with a streaming call:
//
//   npm run smoke -- <baseUrl> <token> [<another user's token>]
//
// The arguments fall back to BESTCHAT_URL, BESTCHAT_TOKEN and
// BESTCHAT_TOKEN_B; without a second user's token the cross-user check is
// left out. `npm run smoke` compiles it with tsc (Node 20 does not run
// TypeScript itself). internal/server's TestTypeScriptClient runs it with
// both tokens against a real server; it exits non-zero with a message on
// the first failed expectation.
import { clone, create, equals } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { ChatService, ArchiveFilter, type ChatEvent } from "../../gen/ts/bestchat/v1/chat_pb.js";
import { ContentPartSchema, type ContentPart } from "../../gen/ts/bestchat/v1/common_pb.js";

const args = process.argv.slice(2);
const baseUrl = args[0] ?? process.env.BESTCHAT_URL ?? "http://127.0.0.1:8080";
const tokenA = args[1] ?? process.env.BESTCHAT_TOKEN ?? "";
const tokenB = args[2] ?? process.env.BESTCHAT_TOKEN_B ?? "";
if (!tokenA) {
  console.error("usage: npm run smoke -- <baseUrl> <token> [<another user's token>] (or BESTCHAT_URL, BESTCHAT_TOKEN)");
  process.exit(2);
}

function client(token: string) {
  const auth: Interceptor = (next) => async (req) => {
    if (token) req.header.set("Authorization", `Bearer ${token}`);
    return next(req);
  };
  return createClient(ChatService, createConnectTransport({ baseUrl, httpVersion: "1.1", interceptors: [auth] }));
}

function check(cond: boolean, what: string): void {
  if (!cond) throw new Error(`expectation failed: ${what}`);
}

async function expectCode(p: Promise<unknown>, code: Code, what: string): Promise<ConnectError> {
  try {
    await p;
  } catch (e) {
    const err = ConnectError.from(e);
    check(err.code === code, `${what}: got ${Code[err.code]}, want ${Code[code]} (${err.message})`);
    return err;
  }
  throw new Error(`${what}: succeeded, want ${Code[code]}`);
}

// applyPart is what a client does with a stream's part events: a part
// starts at its index, a delta grows the part it names.
function applyPart(parts: ContentPart[], e: ChatEvent["event"]): void {
  switch (e.case) {
    case "partStarted":
      check(e.value.partIndex === parts.length, `part ${e.value.partIndex} announced after ${parts.length} parts`);
      parts.push(clone(ContentPartSchema, e.value.part!));
      break;
    case "textDelta": {
      const p = parts[e.value.partIndex];
      check(p?.part.case === "text", `a text delta names part ${e.value.partIndex}, a text part`);
      if (p.part.case === "text") p.part.value += e.value.text;
      break;
    }
    case "refusalDelta": {
      const p = parts[e.value.partIndex];
      check(p?.part.case === "refusal", `a refusal delta names part ${e.value.partIndex}, a refusal`);
      if (p.part.case === "refusal") p.part.value.text += e.value.text;
      break;
    }
    case "toolCallDelta": {
      const p = parts[e.value.partIndex];
      check(p?.part.case === "toolCall", `a tool call delta names part ${e.value.partIndex}, a tool call`);
      if (p.part.case === "toolCall") p.part.value.argumentsJson += e.value.argumentsDelta;
      break;
    }
    case "reasoningDelta": {
      const p = parts[e.value.partIndex];
      check(p?.part.case === "reasoning", `a reasoning delta names part ${e.value.partIndex}, a reasoning part`);
      if (p.part.case === "reasoning") {
        p.part.value.text += e.value.text;
        if (e.value.signature) p.part.value.signature = e.value.signature;
        if (e.value.providerState) p.part.value.providerState = e.value.providerState;
      }
      break;
    }
  }
}

function sameParts(a: ContentPart[], b: ContentPart[]): boolean {
  return a.length === b.length && a.every((p, i) => equals(ContentPartSchema, p, b[i]));
}

async function main(): Promise<void> {
  const a = client(tokenA);

  const { conversation } = await a.createConversation({ title: "TS 500% off" });
  check(!!conversation && conversation.title === "TS 500% off", "created title");
  const id = conversation!.id;

  const updated = await a.updateConversation({
    conversation: { id, pinned: true },
    updateMask: { paths: ["pinned"] },
  });
  check(updated.conversation?.pinned === true, "pinned via update_mask");

  const found = await a.listConversations({ query: "500%", archived: ArchiveFilter.EXCLUDE });
  check(found.conversations.length === 1 && found.conversations[0].id === id, "literal search finds it");
  check(found.conversations[0].searchMatch?.titleMatched === true, "search match says the title matched");
  const none = await a.listConversations({ query: "500_%" });
  check(none.conversations.length === 0, "underscore is literal");
  await expectCode(a.listConversations({ query: "%" }), Code.InvalidArgument, "a query without three letters or digits");

  const stats = await a.getConversationStats({ conversationId: id });
  check(stats.stats?.messageCount === 0, "a bounded count (int32) arrives as a number");
  check(stats.stats?.costNanos === 0n, "money (int64) arrives as bigint");

  if (tokenB) {
    await expectCode(client(tokenB).getConversation({ conversationId: id }), Code.NotFound, "other user's conversation");
  } else {
    console.log("(no second user's token: cross-user check left out)");
  }
  await expectCode(client("").listConversations({}), Code.Unauthenticated, "no token");
  const bad = await expectCode(
    a.editMessage({ messageId: "not-a-uuid", content: [create(ContentPartSchema, { part: { case: "text", value: "x" } })] }),
    Code.InvalidArgument,
    "bad id",
  );
  const fields = bad.details.flatMap((d) =>
    "debug" in d && d.type === "google.rpc.BadRequest"
      ? ((d.debug as { fieldViolations?: { field: string }[] }).fieldViolations ?? []).map((v) => v.field)
      : [],
  );
  check(fields.includes("message_id"), `BadRequest field violations name message_id: ${JSON.stringify(fields)}`);

  // Stream an answer: events arrive as the model writes, each delta naming
  // the part of the answer's content it grows.
  let text = "";
  const parts: ContentPart[] = [];
  let stored: ContentPart[] = [];
  let messageId = "";
  let lastSeq = 0;
  let outputTokens = -1n;
  for await (const { event } of a.sendMessage({
    conversationId: id,
    content: [create(ContentPartSchema, { part: { case: "text", value: "Say hello in 5 words" } })],
    requestId: crypto.randomUUID(),
  })) {
    if (!event) continue;
    check(typeof event.seq === "number", `seq is a number, not ${typeof event.seq}`);
    lastSeq = event.seq; // resume from here with resumeStream({ messageId, afterSeq: lastSeq })
    applyPart(parts, event.event);
    switch (event.event.case) {
      case "assistantStarted":
        messageId = event.event.value.messageId;
        break;
      case "textDelta":
        text += event.event.value.text;
        break;
      case "completed":
        outputTokens = event.event.value.message?.usage?.outputTokens ?? -1n;
        stored = event.event.value.message?.content ?? [];
        break;
    }
  }
  check(stored.length > 0 && sameParts(parts, stored), "the parts streamed rebuild the stored content");
  check(text.length > 0, "streamed some text");
  console.log(`streamed: ${text}`);
  check(messageId !== "" && lastSeq > 0 && outputTokens > 0n, "assistant id, seq and usage arrive");

  // Re-attach from the start: the whole answer is replayed.
  let replayed = "";
  const replayedParts: ContentPart[] = [];
  for await (const { event } of a.resumeStream({ messageId, afterSeq: 0 })) {
    if (!event) continue;
    applyPart(replayedParts, event.event);
    if (event.event.case === "textDelta") replayed += event.event.value.text;
  }
  check(replayed === text, "resumeStream replays the same text");
  check(sameParts(replayedParts, stored), "resumeStream's parts rebuild the stored content");

  await a.deleteConversation({ conversationId: id });
  await expectCode(a.getConversation({ conversationId: id }), Code.NotFound, "deleted");
  console.log("ts smoke ok");
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
