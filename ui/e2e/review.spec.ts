// Review in Chromium with mocked IPC (src/test/reviewFake.ts behind
// e2e/mock-ipc.ts): a preview streaming progress through its Channel (and cancelled once), the summary cards,
// before → after in the table, a decision on a needs-attention row, 100,000 unchanged people in a virtualised
// table, CSV export, a held import approved after the typed confirmation, History, and a stale import.
import type { Page } from "@playwright/test";
import { checkState, contentOf, ensure, expectBoundedAtEnd, seriousAxeViolations, shoot, test, textOf } from "./app";

/** Lines the fake writes by hand before the made-up unchanged people (19) plus its leavers. */
const handWritten = 19;
const leavers = 27;
const unchanged = 100_000;
/** Seqs start at 0, as in the core. */
const lastSeq = handWritten + leavers + unchanged - 1;

async function rowCount(page: Page) {
  return page.getByTestId("review-row").count();
}

/** Waits until the table shows exactly `n` loaded rows (a short filter) and every one has this kind. */
async function expectRows(page: Page, n: number, kind: string) {
  await page.waitForFunction(
    ([want, k]) => {
      const rows = Array.from(document.querySelectorAll('[data-testid="review-row"]'));
      return rows.length === want && rows.every((r) => !k || r.getAttribute("data-kind") === k);
    },
    [n, kind],
    { timeout: 5_000 },
  );
  ensure((await rowCount(page)) === n, `expected ${n} rows`);
}

test("review: a preview streamed and cancelled, the cards, decisions, 100,000 rows, export, approve, History", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/review", review: { unchanged, deactivated: leavers, pages: 8, pageDelayMs: 250 } });
  await test.step(`review: no open import shows what a preview does and its button`, async () => {
    await page.getByTestId("review-empty").waitFor({ timeout: 5_000 });
    ensure(await page.getByTestId("review-preview").isEnabled(), "Preview import is off");
    const eyebrow = await contentOf(page.locator(".page-header__eyebrow"));
    ensure(eyebrow.startsWith("Step 3 of 3"), `eyebrow says "${eyebrow}"`);
  });
  await checkState(page, "review-empty", "review (nothing open)");

  await test.step(`review: a preview streams progress and Cancel stops it`, async () => {
    await page.getByTestId("review-preview").click();
    await page.getByTestId("review-progress").waitFor({ timeout: 3_000 });
    const bar = page.getByRole("progressbar");
    await page.waitForFunction(() => Number(document.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow")) > 0, null, {
      timeout: 5_000,
    });
    const now = Number(await bar.getAttribute("aria-valuenow"));
    ensure(now > 0 && now < 100, `progress is ${now}%`);
    const said = await textOf(page, "review-progress-text");
    ensure(/page \d+ of 8 · [\d,]+ employees so far/.test(said), `progress says "${said}"`);
    await shoot(page, `review-progress`);
    ensure((await seriousAxeViolations(page)).length === 0, "axe found problems on the progress panel");
    await page.getByTestId("review-cancel").click();
    await page.getByTestId("review-notice").filter({ hasText: "Preview cancelled" }).waitFor({ timeout: 5_000 });
    await page.getByTestId("review-empty").waitFor({ timeout: 3_000 });
  });

  await test.step(`review: a finished preview shows a card per kind with its count`, async () => {
    await page.getByTestId("review-preview").click();
    await page.getByTestId("review-count-new").waitFor({ timeout: 10_000 });
    const expected = {
      new: "3",
      updated: "5",
      deactivated: String(leavers),
      reactivated: "1",
      leave_started: "2",
      leave_ended: "1",
      unchanged: "100,000",
      excluded: "2",
      needs_attention: "5",
    };
    for (const [kind, count] of Object.entries(expected)) {
      const shown = await textOf(page, `review-count-${kind}`);
      ensure(shown === count, `${kind} shows ${shown}, expected ${count}`);
    }
    await page.getByTestId("review-guardrail").waitFor();
    ensure(await page.getByTestId("review-approve").isDisabled(), "Approve is on before the typed confirmation");
    // Needs attention opens first, since those people need a decision.
    ensure((await page.getByTestId("review-card-needs_attention").getAttribute("aria-pressed")) === "true", "needs attention not shown first");
    await expectRows(page, 5, "needs_attention");
  });
  await checkState(page, "review-held", "review (held import)");

  await test.step(`review: a decision on a possible duplicate, taken back and made again`, async () => {
    const row = page.getByTestId("review-row").filter({ hasText: "Possible duplicate" });
    const link = row.getByTestId("resolve-link");
    await link.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="review-announcer"]')?.textContent?.includes("Same person"));
    ensure((await link.getAttribute("aria-pressed")) === "true", "Same person is not shown as chosen");
    ensure((await contentOf(page.getByTestId("review-card-needs_attention"))).includes("4 undecided"), "the card still says 5 undecided");
    await link.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="review-announcer"]')?.textContent?.includes("taken back"));
    ensure((await link.getAttribute("aria-pressed")) === "false", "undo did not take the decision back");
    await link.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="review-announcer"]')?.textContent?.includes("Same person"));
    const invalid = page.getByTestId("review-row").filter({ hasText: "Invalid record" });
    ensure((await invalid.locator("button[data-testid^=resolve-]").count()) === 1, "an invalid record offers more than Leave out");
    await page.getByTestId("review-reason").selectOption("privacy_block");
    await expectRows(page, 1, "needs_attention");
    await page.getByTestId("review-reason").selectOption("");
    await expectRows(page, 5, "needs_attention");
  });
  await checkState(page, "review-attention", "review (needs attention)");

  await test.step(`review: the Updated card shows each changed field as before → after`, async () => {
    await page.getByTestId("review-card-updated").click();
    await expectRows(page, 5, "updated");
    const grace = await contentOf(page.getByTestId("review-row").filter({ hasText: "Grace Hopper" }));
    ensure(grace.includes("Job title: Staff Engineer → Principal Engineer"), `Grace's row: ${grace}`);
    const backus = await contentOf(page.getByTestId("review-row").filter({ hasText: "John Backus" }));
    ensure(backus.includes("Location: New York → (empty)"), `John's row: ${backus}`);
    await page.getByTestId("review-row").filter({ hasText: "Alan Turing" }).getByTestId("review-row-details").click();
    const details = page.getByTestId("review-details");
    await details.waitFor({ timeout: 3_000 });
    const all = await contentOf(details);
    ensure(all.includes("Preferred name") && all.includes("—") && all.includes("Al"), `details: ${all}`);
    ensure(all.includes("Employment type") && all.includes("Contractor") && all.includes("Full-time"), `details: ${all}`);
  });
  await checkState(page, "review-details", "review (change details)");

  await test.step(`review: search narrows the table by name`, async () => {
    await page.keyboard.press("Escape");
    await page.getByTestId("review-details").waitFor({ state: "detached", timeout: 3_000 });
    await page.getByTestId("review-search").fill("hopper");
    await expectRows(page, 1, "updated");
    await page.getByTestId("review-search").fill("");
    await expectRows(page, 5, "updated");
  });
  await checkState(page, "review-updated", "review (updated)");

  await test.step(`review: 100,000 unchanged people scroll smoothly with a bounded number of rows`, async () => {
    await page.getByTestId("review-card-unchanged").click();
    await page.waitForFunction(() => document.querySelector('[data-testid="review-table"]')?.getAttribute("data-total") === "100000");
    await page.getByTestId("review-row").first().waitFor({ timeout: 5_000 });
    const atTop = await rowCount(page);
    ensure(atTop > 0 && atTop <= 40, `${atTop} rows in the DOM at the top`);
    const scroller = page.locator(".change-table__scroll");
    for (const share of [0.25, 0.5, 0.75]) {
      await scroller.evaluate((el, s) => (el.scrollTop = el.scrollHeight * s), share);
      await page.waitForTimeout(50);
    }
    const last = page.locator(`[data-testid="review-row"][data-seq="${lastSeq}"]`);
    await expectBoundedAtEnd(scroller, last, page.getByTestId("review-row"));
    const rowIndex = await last.getAttribute("aria-rowindex");
    ensure(rowIndex === String(unchanged + 1), `the last row's aria-rowindex is ${rowIndex}`);
  });
  await shoot(page, `review-large`);

  await test.step(`review: Export CSV says where the file was saved and how many lines it has`, async () => {
    await page.getByTestId("review-export").click();
    const done = page.getByTestId("export-done");
    await done.waitFor({ timeout: 3_000 });
    const said = await contentOf(done);
    ensure(/^Saved [\d,]+ lines to \/.*\/roster-import-4\.csv$/.test(said), `confirmation: ${said}`);
  });

  await test.step(`review: typing the confirmation turns Approve on`, async () => {
    const input = page.getByTestId("review-guardrail-input");
    await input.fill("APPL");
    ensure(await page.getByTestId("review-approve").isDisabled(), "Approve is on for a partial word");
    await input.fill("apply");
    await page.getByTestId("review-guardrail").filter({ hasText: "Confirmed" }).waitFor({ timeout: 2_000 });
    ensure(await page.getByTestId("review-approve").isEnabled(), "Approve stays off after typing APPLY");
    await page.getByTestId("review-guardrail").scrollIntoViewIfNeeded();
  });
  await checkState(page, "review-confirmed", "review (guardrail confirmed)");

  await test.step(`review: Approve asks first and says what stays out`, async () => {
    await page.getByTestId("review-approve").click();
    const dialog = page.getByTestId("review-approve-dialog");
    await dialog.waitFor({ timeout: 3_000 });
    const said = await contentOf(dialog);
    ensure(said.includes("4 needs-attention items have no decision"), `dialog: ${said}`);
    ensure(said.includes("1 decided item is applied"), `dialog: ${said}`);
    ensure(said.includes(`${leavers} people would be deactivated`), `dialog: ${said}`);
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    ensure(focused === "Cancel", `focus is on "${focused}"`);
  });
  await checkState(page, "review-approve-dialog", "review (approve dialog)");

  await test.step(`review: approving shows what was applied`, async () => {
    await page.getByTestId("review-confirm-approve").click();
    await page.getByTestId("review-applied").waitFor({ timeout: 5_000 });
    ensure((await textOf(page, "review-applied-left-out")) === "4", "left-out count is wrong");
    ensure((await textOf(page, "review-applied-attention")) === "1", "applied attention count is wrong");
  });
  await checkState(page, "review-applied", "review (applied)");

  await test.step(`history: the applied import is listed first`, async () => {
    await page.getByTestId("review-go-history").click();
    await page.locator("main h1").filter({ hasText: "History" }).waitFor({ timeout: 3_000 });
    const first = page.getByTestId("history-row").first();
    await first.waitFor({ timeout: 3_000 });
    ensure((await first.getAttribute("data-outcome")) === "applied", "the newest import is not applied");
    ensure((await first.getAttribute("data-import-id")) === "4", "the newest import is not import 4");
    const counts = await contentOf(first.getByTestId("history-counts"));
    ensure(counts === `+3 new · 5 updated · ${leavers} deactivated · 1 reactivated · 2 on leave · 1 back from leave · 2 excluded · 5 need attention`, `counts: ${counts}`);
    ensure((await page.locator('[data-testid="history-row"][data-outcome="rejected"]').count()) === 1, "the fixture's rejected import is missing");
  });
  await checkState(page, "history", "history");
});

/** An import that went stale while open: the error offers Preview again; then a rejection. */
test("review: a stale import offers Preview again, and the new one is rejected", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/review", review: { openAtStart: true, staleOnApprove: true, pageDelayMs: 30 } });
  await test.step(`review (stale): approving a stale import offers Preview again`, async () => {
    await page.getByTestId("review-count-new").waitFor({ timeout: 5_000 });
    ensure((await page.getByTestId("review-guardrail").count()) === 0, "a guardrail banner shows for a small import");
    await page.getByTestId("review-approve").click();
    await page.getByTestId("review-confirm-approve").click();
    const error = page.getByTestId("review-error");
    await error.waitFor({ timeout: 3_000 });
    ensure((await error.getAttribute("data-code")) === "import_stale", "the error is not import_stale");
    ensure((await contentOf(error)).includes("Your directory changed since this preview"), "no headline");
    await page.getByTestId("review-approve-dialog").waitFor({ state: "detached", timeout: 3_000 });
    await page.getByTestId("review-approve").waitFor({ state: "detached", timeout: 3_000 });
    ensure(await page.getByTestId("review-reject").isEnabled(), "Reject is not available");
  });
  await checkState(page, "review-stale", "review (stale)");

  await test.step(`review (stale): Preview again plans a new import, which can be rejected`, async () => {
    await page.getByTestId("review-preview-again").click();
    await page.locator(".import-bar__title").filter({ hasText: "Import 5" }).waitFor({ timeout: 5_000 });
    ensure((await page.getByTestId("review-error").count()) === 0, "the stale error stayed");
    await page.getByTestId("review-reject").click();
    await page.getByTestId("review-confirm-reject").click();
    await page.getByTestId("review-rejected").waitFor({ timeout: 3_000 });
    await page.getByTestId("review-go-history").click();
    await page.locator('[data-testid="history-row"][data-import-id="5"][data-outcome="rejected"]').waitFor({ timeout: 3_000 });
    await page.locator('[data-testid="history-row"][data-import-id="4"][data-outcome="superseded"]').waitFor({ timeout: 3_000 });
  });
});
