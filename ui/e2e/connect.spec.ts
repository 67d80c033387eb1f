// Connect TriNet in Chromium with mocked IPC (e2e/mock-ipc.ts): validation before any request, a wrong secret,
// a passing test, save, check, About, revoke and the record of IPC replies; the sandbox company; a connection that
// needs attention; and the sidebar's setup progress through a fresh install.
import type { Page } from "@playwright/test";
import connectFixtures from "./connection.fixture.json" with { type: "json" };
import { checkState, ensure, test, contentOf } from "./app";

const goodSecret = "good-e2e-secret-4711";
const wrongSecret = "wrong-e2e-secret-0815";

async function fill(page: Page, testId: string, value: string) {
  await page.getByTestId(testId).fill(value);
}

async function invalidFields(page: Page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("[aria-invalid=true]")).map((el) => el.getAttribute("data-testid")),
  );
}

test("connect: validation, a wrong secret, a passing test, save, check and revoke", async ({ openApp }) => {
  const creds = connectFixtures.credentials;
  const result = connectFixtures.test_result;
  const page = await openApp({ hash: "#/connect" });
  await test.step(`connect: the empty form with Save off`, async () => {
    await page.getByTestId("connect-company-id").waitFor({ timeout: 5_000 });
    ensure((await page.getByTestId("connect-client-secret").getAttribute("type")) === "password", "secret is not masked");
    ensure(await page.getByTestId("connect-save").isDisabled(), "Save is enabled before a test");
    ensure((await page.getByTestId("connect-advanced").getAttribute("aria-expanded")) === "false", "Advanced is open");
  });
  await checkState(page, "connect-empty", "connect (empty)");

  await test.step(`connect: empty, padded and non-http values are refused before any request`, async () => {
    await page.getByTestId("connect-test").click();
    let invalid = await invalidFields(page);
    ensure(invalid.length === 3, `expected 3 invalid fields, got ${invalid.join(", ")}`);
    await fill(page, "connect-company-id", ` ${creds.company_id}`);
    await fill(page, "connect-client-id", creds.client_id);
    await fill(page, "connect-client-secret", "");
    await page.getByTestId("connect-advanced").click();
    await fill(page, "connect-base-url", "ftp://api.trinet.com");
    await page.getByTestId("connect-test").click();
    invalid = await invalidFields(page);
    const expected = ["connect-company-id", "connect-client-secret", "connect-base-url"];
    ensure(JSON.stringify(invalid) === JSON.stringify(expected), `invalid fields: ${invalid.join(", ")}`);
    const text = await contentOf(page.locator("main"));
    ensure(text.includes("Copying from a web page often adds one"), "no explanation for the padded value");
    ensure(text.includes("must start with https://"), "no explanation for the bad URL");
    ensure((await page.getByTestId("connect-error").count()) === 0, "an error callout showed without a request");
  });
  await checkState(page, "connect-validation", "connect (validation errors)");

  await test.step(`connect: a wrong secret shows the bad-credentials message`, async () => {
    await fill(page, "connect-company-id", creds.company_id);
    await fill(page, "connect-base-url", "");
    await page.getByTestId("connect-advanced").click();
    await fill(page, "connect-client-secret", wrongSecret);
    await page.getByTestId("connect-test").click();
    const error = page.getByTestId("connect-error");
    await error.waitFor({ timeout: 3_000 });
    ensure((await error.getAttribute("data-code")) === "bad_credentials", "data-code is not bad_credentials");
    ensure((await error.getAttribute("role")) === "alert", "the error is not an alert");
    const text = await contentOf(error);
    ensure(text.includes("TriNet didn't accept these credentials"), `headline missing: ${text}`);
    ensure(text.includes("TriNet did not accept the Client ID and Client Secret"), `message missing: ${text}`);
    ensure(await page.getByTestId("connect-save").isDisabled(), "Save is enabled after a failed test");
  });
  await checkState(page, "connect-error", "connect (error)");

  await test.step(`connect: a passing test shows the company and scopes and turns Save on`, async () => {
    await fill(page, "connect-client-secret", goodSecret);
    await page.getByTestId("connect-secret-toggle").click();
    ensure((await page.getByTestId("connect-client-secret").getAttribute("type")) === "text", "Show did not reveal");
    ensure((await page.getByTestId("connect-secret-toggle").getAttribute("aria-pressed")) === "true", "not pressed");
    await page.getByTestId("connect-secret-toggle").click();
    await page.getByTestId("connect-test").click();
    const success = page.getByTestId("connect-success");
    await success.waitFor({ timeout: 3_000 });
    const text = await contentOf(success);
    for (const part of [result.company_name, result.legal_name, ...result.scopes]) {
      ensure(text.includes(part), `success panel lacks "${part}"`);
    }
    ensure(await page.getByTestId("connect-save").isEnabled(), "Save is still off after a pass");
    await fill(page, "connect-client-id", `${creds.client_id}x`);
    ensure(await page.getByTestId("connect-save").isDisabled(), "Save stays on after an edit");
    await fill(page, "connect-client-id", creds.client_id);
    ensure(await page.getByTestId("connect-save").isEnabled(), "Save is off for the tested values");
  });
  await checkState(page, "connect-success", "connect (success)");

  await test.step(`connect: saving shows the connected summary everywhere`, async () => {
    await page.getByTestId("connect-save").click();
    const title = page.getByTestId("connect-summary-title");
    await title.waitFor({ timeout: 3_000 });
    ensure((await contentOf(title)) === `Connected — ${result.company_name}`, `title: ${await contentOf(title)}`);
    const status = await contentOf(page.getByTestId("connection-status"));
    ensure(status.includes("Connected") && status.includes(result.company_name), `sidebar says "${status}"`);
    ensure((await contentOf(page.getByTestId("setup-progress"))) === "Step 2 of 3", "step 1 is not done");
    ensure((await page.getByTestId("sandbox-badge").count()) === 0, "a Sandbox badge shows for a real company");
    ensure((await contentOf(page.getByTestId("connect-last-verified"))) === "just now", "last verified is wrong");
    await page.getByTestId("connect-check").click();
    await page.getByText("Checked: the connection works.").waitFor({ timeout: 3_000 });
  });
  await checkState(page, "connect-connected", "connect (connected)");

  await test.step(`connect: About now says the connection is configured`, async () => {
    await page.getByTestId("open-about").click();
    await page.getByTestId("about-connection").filter({ hasText: "Configured" }).waitFor({ timeout: 3_000 });
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached", timeout: 3_000 });
  });

  await test.step(`connect: Revoke asks first, Cancel focused, erase unticked`, async () => {
    await page.getByTestId("connect-revoke").click();
    const dialog = page.getByRole("dialog", { name: "Revoke the TriNet connection?" });
    await dialog.waitFor({ timeout: 3_000 });
    ensure(!(await page.getByTestId("revoke-erase").isChecked()), "erase is ticked by default");
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    ensure(focused === "Cancel", `focus is on "${focused}"`);
    const text = await contentOf(dialog);
    ensure(text.includes("keyring") && text.includes("cannot be undone"), "the dialog does not explain itself");
  });
  await checkState(page, "connect-revoke-dialog", "connect (revoke dialog)");

  await test.step(`connect: Revoke returns to Not connected`, async () => {
    await page.getByTestId("revoke-confirm").click();
    await page.getByRole("dialog").waitFor({ state: "detached", timeout: 3_000 });
    await page.getByTestId("connection-status").filter({ hasText: "Not connected" }).waitFor({ timeout: 3_000 });
    await page.getByTestId("connect-notice").waitFor({ timeout: 3_000 });
    ensure((await page.getByTestId("connect-company-id").inputValue()) === "", "the form kept old values");
  });

  await test.step(`connect: the record of IPC replies never holds the secret`, async () => {
    const replies = await page.evaluate(() => window.__rosterIpcReplies ?? []);
    ensure(replies.length > 5, `only ${replies.length} replies were recorded`);
    const all = replies.join("\n");
    ensure(!all.includes(goodSecret) && !all.includes(wrongSecret), "a client secret came back over IPC");
    ensure(all.includes("bad_credentials"), "the rejection was not recorded");
  });

});

test("the sandbox company: starting, the Sandbox badge, leaving", async ({ openApp }) => {
  const sandbox = connectFixtures.sandbox;
  const page = await openApp({ holdSandbox: true });
  await test.step(`sandbox: Welcome shows progress while the sandbox starts`, async () => {
    await page.getByTestId("connection-status").filter({ hasText: "Not connected" }).waitFor({ timeout: 5_000 });
    await page.getByTestId("welcome-sandbox").click();
    await page.getByTestId("welcome-sandbox").filter({ hasText: "Starting the sandbox company…" }).waitFor({ timeout: 3_000 });
    ensure(await page.getByTestId("welcome-sandbox").isDisabled(), "the button stays enabled while starting");
  });
  await checkState(page, "welcome-sandbox-starting", "welcome (starting the sandbox)");

  await test.step(`sandbox: lands on Connect as "Connected — ${sandbox.company_name}" with the Sandbox badge`, async () => {
    await page.evaluate(() => window.__ROSTER_E2E_RELEASE_SANDBOX__?.());
    await page.locator("main h1").filter({ hasText: "Connect TriNet" }).waitFor({ timeout: 3_000 });
    const title = await contentOf(page.getByTestId("connect-summary-title"));
    ensure(title === `Connected — ${sandbox.company_name}`, `title is "${title}"`);
    const badges = page.getByTestId("sandbox-badge");
    ensure((await badges.count()) === 2, `expected the badge in the sidebar and the page header, got ${await badges.count()}`);
    ensure((await badges.first().isVisible()) && (await badges.last().isVisible()), "a Sandbox badge is hidden");
    const status = await contentOf(page.getByTestId("connection-status"));
    ensure(status.includes("Connected") && status.includes(sandbox.company_name), `sidebar says "${status}"`);
    await page.getByTestId("nav-history").click();
    await page.locator("main h1").filter({ hasText: "History" }).waitFor({ timeout: 3_000 });
    ensure((await page.getByTestId("sandbox-badge").count()) === 2, "the badge is not on every screen");
    await page.getByTestId("nav-connect").click();
    await page.getByTestId("connect-summary-title").waitFor({ timeout: 3_000 });
  });
  await checkState(page, "connect-sandbox", "connect (sandbox)");

  await test.step(`sandbox: revoking is worded as leaving the sandbox`, async () => {
    ensure((await contentOf(page.getByTestId("connect-revoke"))) === "Leave the sandbox…", "revoke label is wrong");
    await page.getByTestId("connect-revoke").click();
    await page.getByRole("dialog", { name: "Leave the sandbox?" }).waitFor({ timeout: 3_000 });
    await page.getByTestId("revoke-confirm").click();
    await page.getByTestId("connection-status").filter({ hasText: "Not connected" }).waitFor({ timeout: 3_000 });
    ensure((await page.getByTestId("sandbox-badge").count()) === 0, "the Sandbox badge stayed after leaving");
  });

});

test("a connection that needs attention: why, what to do, and the sidebar", async ({ openApp }) => {
  const page = await openApp({ connection: "needs_attention", hash: "#/connect" });
  await test.step(`needs attention: the reason, what to do, and the form to re-enter`, async () => {
    await page.getByTestId("connection-status").filter({ hasText: "Needs attention" }).waitFor({ timeout: 5_000 });
    const problem = await contentOf(page.getByTestId("connect-problem"));
    ensure(problem.includes(connectFixtures.needs_attention.problem.message), "the problem message is missing");
    ensure((await page.getByTestId("connect-company-id").inputValue()) === "ACME01", "the form is not pre-filled");
    const title = await page.locator(".connection-status").getAttribute("title");
    ensure(title?.includes("employee.pii:read"), `sidebar tooltip is "${title}"`);
  });
  await test.step(`needs attention: the sidebar flags Connect and keeps the mapping and imports done`, async () => {
    await page.getByTestId("setup-progress").filter({ hasText: "Check Connect" }).waitFor({ timeout: 3_000 });
    const markers = () =>
      page.evaluate(() =>
        ["connect", "mapping", "review"].map((route) =>
          document.querySelector(`[data-testid="nav-${route}"] .step-marker`)?.className.replace(/^step-marker step-marker--/, ""),
        ),
      );
    await page.waitForFunction(
      () => document.querySelector('[data-testid="nav-review"] .step-marker')?.classList.contains("step-marker--done"),
      null,
      { timeout: 3_000 },
    );
    ensure((await markers()).join() === "attention,done,done", `markers: ${await markers()}`);
  });
  await checkState(page, "connect-needs-attention", "connect (needs attention)");
});

/** The sidebar's setup progress follows a fresh, connected install: save a mapping, then approve an import. */
test("setup progress on a fresh install: save a mapping, then approve an import", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/mapping", fresh: true, review: { pageDelayMs: 30 } });
  const progress = page.getByTestId("setup-progress");
  const markers = () =>
    page.evaluate(() =>
      ["connect", "mapping", "review"].map((route) =>
        document.querySelector(`[data-testid="nav-${route}"] .step-marker`)?.className.replace(/^step-marker step-marker--/, ""),
      ),
    );
  await test.step(`setup progress: connected with nothing mapped is step 2`, async () => {
    await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor({ timeout: 5_000 });
    await progress.filter({ hasText: "Step 2 of 3" }).waitFor({ timeout: 3_000 });
    ensure((await markers()).join() === "done,current,upcoming", `markers: ${await markers()}`);
  });

  await test.step(`setup progress: saving the first mapping moves on to step 3`, async () => {
    const save = page.getByTestId("mapping-save");
    await save.waitFor({ timeout: 5_000 });
    await page.waitForFunction(() => !(document.querySelector('[data-testid="mapping-save"]') as HTMLButtonElement | null)?.disabled, null, { timeout: 5_000 });
    await save.click();
    await page.getByTestId("mapping-saved").waitFor({ timeout: 3_000 });
    await progress.filter({ hasText: "Step 3 of 3" }).waitFor({ timeout: 3_000 });
    ensure((await markers()).join() === "done,done,current", `markers: ${await markers()}`);
  });
  await checkState(page, "setup-mapped", "setup progress (mapped)");

  await test.step(`setup progress: approving an import says Done`, async () => {
    await page.getByTestId("nav-review").click();
    await page.getByTestId("review-preview").click();
    const approve = page.getByTestId("review-approve");
    await approve.waitFor({ timeout: 5_000 });
    await approve.click();
    await page.getByTestId("review-confirm-approve").click();
    await page.getByTestId("review-applied").waitFor({ timeout: 5_000 });
    await progress.filter({ hasText: "Done" }).waitFor({ timeout: 3_000 });
    ensure((await contentOf(progress)) === "Done, all 3 steps complete", `progress: ${await contentOf(progress)}`);
    ensure((await markers()).join() === "done,done,done", `markers: ${await markers()}`);
  });
  await checkState(page, "setup-done", "setup progress (done)");

});
