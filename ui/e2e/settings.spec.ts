// Settings in Chromium with mocked IPC (e2e/mock-ipc.ts): the screen loaded, a schedule below
// the 5-minute minimum refused next to its field, a daily schedule with guardrails and retention saved, the
// configuration exported and imported through the (mocked) system dialogs, and the notice a held scheduled sync
// puts above every screen; axe and the minimum window size in each state.
import type { Page } from "@playwright/test";
import type { SyncOutcome } from "../src/ipc/bindings";
import { checkState, contentOf, ensure, test, textOf } from "./app";

/** Announces a scheduled sync as Rust's scheduler does; the notice it puts up and what that says. */
async function scheduledSync(page: Page, outcome: SyncOutcome) {
  await page.evaluate((o) => window.__ROSTER_E2E_SCHEDULED_SYNC__!(o), outcome);
  const banner = page.getByTestId("scheduled-sync-banner");
  await banner.waitFor({ timeout: 3_000 });
  return { banner, said: (await contentOf(banner)).trim() };
}

test("settings: schedule, guardrails, retention, configuration and the scheduled sync notices", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/settings" });
  await test.step(`settings: loads with automatic sync off and one Save`, async () => {
    await page.getByTestId("settings-form").waitFor({ timeout: 5_000 });
    ensure(await page.getByTestId("settings-schedule-off").isChecked(), "Off is not chosen");
    ensure((await page.locator("button[type=submit]").count()) === 1, "one primary action");
    ensure((await textOf(page, "settings-schedule-status")).includes("off"), "status does not say off");
  });
  await checkState(page, "settings", "settings (loaded)");

  await test.step(`settings: every 3 minutes is refused next to the field`, async () => {
    await page.getByTestId("settings-schedule-every_minutes").check();
    await page.getByTestId("settings-minutes").fill("3");
    await page.getByTestId("settings-save").click();
    const error = await textOf(page, "settings-minutes-error");
    ensure(error.includes("from 5"), `error says "${error}"`);
    ensure((await page.getByTestId("settings-minutes").getAttribute("aria-invalid")) === "true", "field not marked invalid");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    ensure(focused === "settings-minutes", `focus is on ${focused}`);
  });
  await checkState(page, "settings-invalid", "settings (invalid minutes)");

  await test.step(`settings: daily at a time with guardrails and retention saves`, async () => {
    await page.getByTestId("settings-schedule-daily").check();
    await page.getByTestId("settings-dailyAt").fill("06:30");
    await page.getByTestId("settings-maxDeactivatedPeople").fill("12");
    await page.getByTestId("settings-retention-months").check();
    await page.getByTestId("settings-retentionMonths").fill("24");
    await page.getByTestId("settings-save").click();
    await page.getByTestId("settings-status").filter({ hasText: "daily at 06:30" }).waitFor({ timeout: 3_000 });
    const status = await textOf(page, "settings-schedule-status");
    ensure(status.includes("Next sync"), `schedule status says "${status}"`);
  });
  await checkState(page, "settings-saved", "settings (saved)");

  await test.step(`settings: export and import the configuration`, async () => {
    await page.getByTestId("settings-export").click();
    await page.getByTestId("settings-share-status").filter({ hasText: "roster-configuration.json" }).waitFor({ timeout: 3_000 });
    await page.getByTestId("settings-import").click();
    await page.getByTestId("settings-share-status").filter({ hasText: "version 4" }).waitFor({ timeout: 3_000 });
    const link = page.getByRole("link", { name: /enter the client secret/ });
    ensure((await link.getAttribute("href")) === "#/connect", "no link to Connect for the secret");
  });
  await checkState(page, "settings-imported", "settings (imported)");

  await test.step(`a held scheduled sync shows a notice with a link to Review`, async () => {
    const { banner, said } = await scheduledSync(page, {
      result: "held",
      import_id: 12,
      review_import_id: 12,
      reasons: ["30 people would be deactivated: more than the limit of 25."],
      needs_attention: 3,
      new_attention: 0,
      counts: null,
      message: "Scheduled sync held import #12 for review.",
    });
    ensure(said.includes("held import #12 for review") && said.includes("more than the limit of 25"), `banner says "${said}"`);
    ensure((await banner.getByRole("link", { name: "Open Review" }).getAttribute("href")) === "#/review", "no link to Review");
  });
  await checkState(page, "scheduled-sync-held", "scheduled sync notice");
  await test.step(`the scheduled sync notice can be dismissed`, async () => {
    await page.getByTestId("scheduled-sync-dismiss").click();
    await page.getByTestId("scheduled-sync-banner").waitFor({ state: "detached", timeout: 3_000 });
  });

  await test.step(`an applied run that left items out says so, with a way to decide them`, async () => {
    const { banner, said } = await scheduledSync(page, {
      result: "applied",
      import_id: 14,
      review_import_id: null,
      reasons: ["2 items need attention and were left out; decide them in Review."],
      needs_attention: 2,
      new_attention: 1,
      counts: null,
      message: "Scheduled sync applied import #14.",
    });
    ensure(said.includes("applied import #14") && said.includes("2 items need attention"), `banner says "${said}"`);
    const link = banner.getByRole("link", { name: "Preview in Review to decide them" });
    ensure((await link.getAttribute("href")) === "#/review", "no link to Review");
  });
  await checkState(page, "scheduled-sync-left-out", "scheduled sync notice (items left out)");
});
