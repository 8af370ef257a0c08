// A smoke test of the generated TypeScript client against a running
// bestchatd: node smoke.js <baseUrl> <tokenA> <tokenB>. Run by
// internal/server's TestTypeScriptClient after tsc compiles it; exits
// non-zero with a message on the first failed expectation.
import { create } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-node";
import { ChatService, ArchiveFilter } from "../../gen/ts/bestchat/v1/chat_pb.js";
import { ContentPartSchema } from "../../gen/ts/bestchat/v1/common_pb.js";

const [baseUrl, tokenA, tokenB] = process.argv.slice(2);

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

async function main(): Promise<void> {
  const a = client(tokenA);
  const b = client(tokenB);

  const { conversation } = await a.createConversation({ title: "TS 50% off" });
  check(!!conversation && conversation.title === "TS 50% off", "created title");
  const id = conversation!.id;

  const updated = await a.updateConversation({
    conversation: { id, pinned: true },
    updateMask: { paths: ["pinned"] },
  });
  check(updated.conversation?.pinned === true, "pinned via update_mask");

  const found = await a.listConversations({ query: "50%", archived: ArchiveFilter.EXCLUDE });
  check(found.conversations.length === 1 && found.conversations[0].id === id, "literal search finds it");
  const none = await a.listConversations({ query: "5_%" });
  check(none.conversations.length === 0, "underscore is literal");

  const stats = await a.getConversationStats({ conversationId: id });
  check(stats.stats?.messageCount === 0n, "int64 arrives as bigint");

  await expectCode(b.getConversation({ conversationId: id }), Code.NotFound, "other user's conversation");
  await expectCode(client("").listConversations({}), Code.Unauthenticated, "no token");
  const bad = await expectCode(
    a.editMessage({ messageId: "not-a-uuid", content: [create(ContentPartSchema, { part: { case: "text", value: "x" } })] }),
    Code.InvalidArgument,
    "bad id",
  );
  check(bad.findDetails !== undefined && bad.rawMessage.includes("message_id"), "violation names message_id");

  await a.deleteConversation({ conversationId: id });
  await expectCode(a.getConversation({ conversationId: id }), Code.NotFound, "deleted");
  console.log("ts smoke ok");
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
