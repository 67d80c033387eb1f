// Provisioning in Chromium with mocked IPC answering the core's recorded replies (src/test/provisioningFake.ts):
// the sandbox directory as a target in one click, a push previewed, reviewed (cards, table, filter, details) and
// approved with its receipts, the tabs from the keyboard, the reconciliation report and the rules editor, then both
// in History (the push with its receipts, the reconciliation with its accounts and CSV); axe and both window sizes in
// each state, light and dark by project.
import { checkState, ensure, expect, shoot, test, textOf } from "./app";

test("provisioning: sandbox directory, push review, approve, receipts, reconciliation, rules", async ({ openApp }) => {
  const page = await openApp({ connection: "sandbox", hash: "#/provisioning", fresh: false });
  await test.step("provisioning: no target yet says what to do", async () => {
    await page.getByTestId("targets-empty").waitFor();
  });
  await checkState(page, "provisioning-empty", "provisioning: no target");

  await test.step("provisioning: the sandbox directory in one click, with what its test found", async () => {
    await page.getByTestId("target-use-sandbox").click();
    await page.getByTestId("target-capabilities").waitFor();
    const caps = await textOf(page, "target-capabilities");
    ensure(caps.includes("PATCH") && caps.includes("Bulk: up to 100 operations"), `capabilities: ${caps}`);
  });
  await checkState(page, "provisioning-target", "provisioning: target");

  await test.step("provisioning: a previewed push shows cards and the table", async () => {
    await page.getByTestId("push-preview").click();
    await page.getByTestId("push-row").first().waitFor();
    ensure((await textOf(page, "push-count-create")) === "20", "20 creates (a starter whose day, on the sandbox clock, has not come)");
    ensure((await textOf(page, "push-table-count")).startsWith("22 accounts"), "every account listed");
  });
  await checkState(page, "provisioning-push-review", "provisioning: push review");

  await test.step("provisioning: the needs-attention card filters and explains; details open from the keyboard", async () => {
    await page.getByTestId("push-card-needs_attention").click();
    const rows = await page.getByTestId("push-row").allTextContents();
    ensure(rows.length === 1 && rows[0].includes("Possible duplicate"), `rows: ${rows}`);
    await page.getByTestId("push-row-details").focus();
    await page.keyboard.press("Enter");
    await page.getByTestId("push-details").waitFor();
  });
  await checkState(page, "provisioning-details", "provisioning: details");

  await test.step("provisioning: approve sends the push and lists its receipts", async () => {
    await page.keyboard.press("Escape");
    await page.getByTestId("push-approve").click();
    await page.getByTestId("push-confirm-approve").click();
    await page.getByTestId("push-receipts").waitFor();
    const summary = await textOf(page, "push-receipts-summary");
    ensure(summary.includes("41 operations succeeded"), `summary: ${summary}`);
  });
  await checkState(page, "provisioning-receipts", "provisioning: receipts");

  await test.step("provisioning: the tabs move with the arrow keys; reconciliation lists the orphan", async () => {
    await page.getByTestId("provisioning-tab-push").focus();
    await page.keyboard.press("ArrowRight");
    await page.getByTestId("reconcile-run").click();
    await page.getByTestId("reconcile-orphans").waitFor();
    ensure((await textOf(page, "reconcile-orphans")).includes("j.doe.contractor"), "the seeded contractor is an orphan");
    ensure((await textOf(page, "reconcile-kept")).includes("kept in History as reconciliation 1"), "the run is kept");
  });
  await checkState(page, "provisioning-reconcile", "provisioning: reconciliation");

  await test.step("provisioning: the rules editor maps a directory field by keyboard and by dragging", async () => {
    await page.keyboard.press("End");
    await page.getByTestId("provisioning-tab-rules").click();
    await page.getByTestId("attribute-rules").waitFor();
    const card = page.getByTestId("rules-source-location");
    await card.focus();
    await page.keyboard.press("Space");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Space");
    // The announcer and the select update a render after the key or the drop: wait for them.
    await expect(page.getByTestId("rules-announcer")).toContainText("is now filled from Location");
    const division = page.locator('[data-drop-field="urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:division"]');
    await page.getByTestId("rules-source-department").dragTo(division);
    await expect(division.locator("select").first(), "division filled from a field by dragging").toHaveValue("field");
  });
  await checkState(page, "provisioning-rules", "provisioning: rules");

  await test.step("provisioning: a group name that differs only by case or spacing is flagged while editing", async () => {
    await page.getByRole("button", { name: "A fixed group" }).click();
    await page.getByLabel("Name of group 3").fill("all  Employees");
    await page.getByTestId("rules-group-warnings").waitFor();
    ensure((await textOf(page, "rules-group-warnings")).includes("looks like"), "look-alikes flagged");
    await page.getByTestId("rules-save").click();
    await page.getByTestId("rules-saved").waitFor();
  });
  await checkState(page, "provisioning-rules-look-alikes", "provisioning: rules with look-alike group names");
  await shoot(page, "provisioning-final");

  await test.step("history: the push is listed beside imports and opens with its receipts", async () => {
    await page.evaluate(() => {
      window.location.hash = "#/history?tab=pushes";
    });
    await page.getByTestId("history-push-row").first().waitFor();
    const rows = await page.getByTestId("history-push-row").count();
    ensure(rows === 1, `one push listed, got ${rows}`);
    ensure((await textOf(page, "history-push-row-state")) === "Applied", "applied");
    await page.getByTestId("history-push-open").click();
    await page.getByTestId("push-detail-receipts").waitFor();
    ensure((await textOf(page, "push-detail-trigger")).startsWith("In the window"), "sent from the window");
  });
  await checkState(page, "history-push-detail", "history: push detail");

  await test.step("history: the reconciliation is listed with who ran it and opens with every account it found", async () => {
    await page.getByTestId("push-detail-back").click();
    await page.getByTestId("history-tab-reconciliations").click();
    await page.getByTestId("history-reconciliation-row").first().waitFor();
    ensure((await page.getByTestId("history-reconciliation-row").count()) === 1, "one reconciliation listed");
    const row = await textOf(page, "history-reconciliation-row");
    ensure(row.includes("Sandbox directory") && row.includes("In the window"), `row: ${row}`);
    ensure((await textOf(page, "history-reconciliation-orphans")) === "1", "one orphan");
  });
  await checkState(page, "history-reconciliations", "history: reconciliations");

  await test.step("history: a reconciliation opened, exported as CSV", async () => {
    await page.getByTestId("history-reconciliation-open").click();
    await page.getByTestId("reconcile-orphans").waitFor();
    ensure((await page.evaluate(() => location.hash)) === "#/history?reconciliation=1", "the address names the run");
    ensure((await textOf(page, "reconciliation-detail-found")) === "1 orphaned, 0 missing, 1 mismatched", "counts");
    ensure((await textOf(page, "reconcile-orphans")).includes("j.doe.contractor"), "the orphan is named");
    await page.getByTestId("reconciliation-detail-export").click();
    const said = await textOf(page, "export-done");
    ensure(/roster-reconciliation-1\.csv$/.test(said), `confirmation: ${said}`);
  });
  await checkState(page, "history-reconciliation-detail", "history: reconciliation detail");
});
