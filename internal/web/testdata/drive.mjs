// Drives the reference page in headless Chromium (Debian's, through
// playwright-core) against a live bestchatd with the simulated model:
//
//   node drive.mjs <chromium> <profile dir> <base URL> <token> <expected.json>
//
// expected.json holds the simulated replies the steps below must show.
// Prints "web ok" at the end; exits 1 with the failed step otherwise.
// Run by internal/web's TestPageInChromium.
import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";

const [executablePath, profile, baseUrl, token, expectedFile] = process.argv.slice(2);
const want = JSON.parse(readFileSync(expectedFile, "utf8"));
let step = "launch";

const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
context.setDefaultTimeout(60_000);
const page = context.pages()[0] ?? (await context.newPage());
const pageErrors = [];
page.on("pageerror", (e) => pageErrors.push(String(e)));

const last = (role) => page.locator(`.msg[data-role="${role}"]`).last();
const textOf = async (loc) => (await loc.locator(".text").textContent()) ?? "";
const statusOf = async (loc) => (await loc.locator(".status").textContent()) ?? "";
function check(cond, what) {
  if (!cond) throw new Error(what);
}

// waitStreaming waits until the last answer is streaming with at least
// `words` words shown, and returns that partial text.
async function waitStreaming(words) {
  await page.waitForFunction((n) => {
    const m = [...document.querySelectorAll('.msg[data-role="assistant"]')].at(-1);
    return m?.querySelector(".status")?.textContent === "streaming" &&
      (m.querySelector(".text")?.textContent ?? "").trim().split(/\s+/).length >= n;
  }, words);
  return textOf(last("assistant"));
}

async function waitStatus(status) {
  await page.waitForFunction((s) => [...document.querySelectorAll('.msg[data-role="assistant"]')].at(-1)?.querySelector(".status")?.textContent === s, status);
}

async function send(text) {
  await page.fill("#input", text);
  await page.click("#send");
}

try {
  step = "sign in with the dev token link";
  await page.goto(`${baseUrl}/#token=${token}`);
  await page.waitForSelector("#app:not([hidden])");
  check(!page.url().includes("token="), "the token stays in the address bar");

  step = "create a conversation";
  await page.click("#new");
  await page.waitForSelector("#conversations li.current");

  step = "stream an answer token by token";
  await send(want.hello.prompt);
  const partial = await waitStreaming(3);
  check(partial.length < want.hello.reply.length, `no partial text seen: ${partial}`);
  await waitStatus("completed");
  check((await textOf(last("assistant"))) === want.hello.reply, `answer: ${await textOf(last("assistant"))}`);
  check(/\d+ in · \d+ out/.test(await last("assistant").locator(".tokens").textContent()), "tokens shown");
  check(/^\$\d+\.\d{9}$/.test(await last("assistant").locator(".cost").textContent()), "cost shown");

  step = "stop an answer";
  await send(want.long.prompt);
  await waitStreaming(5);
  await page.click("#stop");
  await waitStatus("cancelled");
  const stopped = await textOf(last("assistant"));
  check(stopped.length > 0 && stopped.length < want.long.reply.length && want.long.reply.startsWith(stopped), `stopped text: ${stopped.length} chars`);
  await page.waitForSelector("#send:not([hidden])");

  step = "regenerate the first answer (a new branch)";
  await page.locator('.msg[data-role="assistant"]').first().locator(".regenerate").click();
  await page.waitForFunction(() => document.querySelector('.msg[data-role="assistant"] .branch')?.textContent === "2/2");
  await waitStatus("completed");
  check((await page.locator('.msg[data-role="assistant"]').count()) === 1, "the regenerated branch holds one answer");

  step = "switch back to the first branch";
  await page.locator('.msg[data-role="assistant"] .prev-branch').first().click();
  await page.waitForFunction(() => document.querySelector('.msg[data-role="assistant"] .branch')?.textContent === "1/2");
  await page.waitForFunction(() => document.querySelectorAll('.msg[data-role="assistant"]').length === 2);
  check((await statusOf(last("assistant"))) === "cancelled", "the first branch keeps the stopped answer");

  step = "the branch switched to is the conversation's after a reload";
  await page.reload();
  await page.waitForSelector("#app:not([hidden])");
  await page.waitForFunction(() => document.querySelector('.msg[data-role="assistant"] .branch')?.textContent === "1/2");
  check((await statusOf(last("assistant"))) === "cancelled", "the reloaded page shows the first branch");

  step = "edit the first message (a new branch) and get its answer";
  await page.locator('.msg[data-role="user"]').first().locator(".edit").click();
  await page.fill(".edit-text", want.edit.prompt);
  await page.click(".save-edit");
  await page.waitForFunction(() => document.querySelector('.msg[data-role="user"] .branch')?.textContent === "2/2");
  await waitStatus("completed");
  check((await textOf(page.locator('.msg[data-role="user"]').first())) === want.edit.prompt, "edited text shown");
  check((await textOf(last("assistant"))) === want.edit.reply, `edited answer: ${await textOf(last("assistant"))}`);

  step = "re-attach to an answer after a reload";
  await send(want.resume.prompt);
  await waitStreaming(5);
  await page.reload();
  await page.waitForSelector("#app:not([hidden])");
  const afterReload = await waitStreaming(1); // the page re-attached to a live answer
  check(afterReload.length < want.resume.reply.length, "the answer finished before the page re-attached");
  await waitStatus("completed");
  check((await textOf(last("assistant"))) === want.resume.reply, `re-attached answer: ${(await textOf(last("assistant"))).length} chars, want ${want.resume.reply.length}`);

  step = "show the sources an answer cites";
  const answers = await page.locator('.msg[data-role="assistant"]').count();
  await send(want.cite.prompt);
  await page.waitForFunction((n) => document.querySelectorAll('.msg[data-role="assistant"]').length > n, answers);
  await waitStatus("completed");
  const links = await last("assistant").locator(".sources a").evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute("href")]));
  check(JSON.stringify(links) === JSON.stringify(want.cite.sources), `sources: ${JSON.stringify(links)}`);
  check((await textOf(last("assistant"))) === want.cite.reply, `cited answer: ${await textOf(last("assistant"))}`);

  step = "search";
  await page.fill("#search", "no conversation has this");
  await page.waitForFunction(() => document.querySelectorAll("#conversations li").length === 0);

  check(pageErrors.length === 0, `page errors: ${pageErrors.join("; ")}`);
  console.log("web ok");
} catch (e) {
  const err = await page.locator("#error").textContent().catch(() => "");
  console.error(`step "${step}" failed: ${e instanceof Error ? e.message : e}\npage error box: ${err}\npage errors: ${pageErrors.join("; ")}`);
  process.exitCode = 1;
} finally {
  await context.close();
}
