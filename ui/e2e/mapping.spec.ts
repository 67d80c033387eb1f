// Map fields in Chromium with mocked IPC (src/test/mappingFake.ts behind e2e/mock-ipc.ts):
// the whole job once with the mouse alone and once with the keyboard alone, axe and screenshots in each state.
import { expect, type Page } from "@playwright/test";
import { checkState, contentOf, ensure, expectNoSeriousAxeViolations, shoot, test } from "./app";

const source = "employmentInfo.customGroupA";
const exclusionSource = "employmentInfo.customGroupB";

/** Presses Tab (or Shift+Tab) until the element with this test id has focus. */
async function tabTo(page: Page, testId: string, { back = false, max = 120 } = {}) {
  for (let i = 0; i < max; i += 1) {
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    if (focused === testId) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${max} ${back ? "Shift+Tab" : "Tab"} presses did not reach ${testId}`);
}

async function focusedTestId(page: Page) {
  return page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
}

async function announcement(page: Page) {
  await page.waitForTimeout(60);
  return contentOf(page.getByTestId("mapping-announcer"));
}

/** Text of one preview cell, by employee and directory field. */
async function previewCell(page: Page, employeeId: string, field: string) {
  return contentOf(page.getByTestId(`mapping-preview-row-${employeeId}`).locator(`td[data-field="${field}"]`));
}

/**
 * Waits for the preview to show `want` in one cell: an edit re-runs the preview after a short pause, so the cell
 * can still hold the old value when an earlier preview has just settled.
 */
async function expectPreviewCell(page: Page, employeeId: string, field: string, want: string, message: string) {
  await waitForPreviewSettled(page);
  await expect.poll(() => previewCell(page, employeeId, field), { message, timeout: 10_000 }).toBe(want);
}

async function waitForPreviewSettled(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="mapping-preview"][aria-busy="true"]'));
  await page.waitForFunction(() => !document.querySelector('[data-testid="mapping-preview-status"] .spinner'));
}

/** Drags with the mouse from the middle of one element to the middle of another, in small steps. */
async function mouseDrag(page: Page, fromTestId: string, toTestId: string, beforeDrop = async () => {}) {
  const from = page.getByTestId(fromTestId);
  const to = page.getByTestId(toTestId);
  await from.scrollIntoViewIfNeeded();
  await to.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  ensure(a && b, `${fromTestId} or ${toTestId} is not on screen`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 4, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await beforeDrop();
  await page.mouse.up();
}

test("mapping: not connected shows a way to Connect", async ({ openApp }) => {
  const page = await openApp({ hash: "#/mapping" });
  await test.step(`mapping: not connected shows a way to Connect`, async () => {
    await page.getByTestId("mapping-not-connected").waitFor({ timeout: 5_000 });
    await page.getByTestId("mapping-go-connect").click();
    await page.locator("main h1").filter({ hasText: "Connect TriNet" }).waitFor({ timeout: 3_000 });
  });
});

test("mapping: reading the catalog shows progress, and Cancel stops it", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/mapping", catalogDelay: 60_000 });
  await test.step(`mapping: reading the catalog shows progress`, async () => {
    const loading = page.getByTestId("mapping-loading");
    await loading.waitFor({ timeout: 5_000 });
    ensure((await contentOf(loading)).includes("Reading employees from TriNet"), "no progress title");
    const text = page.getByTestId("mapping-progress-text");
    await page.waitForFunction(
      () => document.querySelector('[data-testid="mapping-progress-text"]')?.textContent?.includes("page 0 of 4"),
      null,
      { timeout: 5_000 },
    );
    ensure((await contentOf(text)).includes("0 employees so far"), `progress says "${await contentOf(text)}"`);
  });
  await checkState(page, "mapping-loading", "mapping (reading TriNet)");
  await test.step(`mapping: Cancel stops reading TriNet and offers to read again`, async () => {
    await page.getByTestId("mapping-cancel").click();
    const stopped = page.getByTestId("mapping-cancelled");
    await stopped.waitFor({ timeout: 5_000 });
    ensure((await contentOf(stopped)).includes("Nothing was changed"), "the stopped state does not reassure");
    ensure(await page.getByTestId("mapping-read-again").isVisible(), "no way to read again");
  });
  await checkState(page, "mapping-cancelled", "mapping (reading stopped)");
});

test("mapping with the mouse: custom field, drag, value map, exclusion, save, history, restore", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/mapping" });
  await test.step(`mapping: TriNet fields and directory fields side by side`, async () => {
    await page.getByTestId(`mapping-source-${source}`).waitFor({ timeout: 5_000 });
    await page.getByTestId("mapping-target-department").waitFor();
    await page.getByTestId("mapping-preview").waitFor({ timeout: 3_000 });
    const card = await contentOf(page.getByTestId(`mapping-source-${source}`));
    ensure(card.includes("231 of 250 (92%)"), `fill rate missing: ${card}`);
    const select = await page.getByTestId("mapping-source-select-department").inputValue();
    ensure(select === "employmentInfo.department.deptName", `department reads ${select}`);
    const left = await page.locator(".mapping-columns > :first-child").boundingBox();
    const right = await page.locator(".mapping-columns > :last-child").boundingBox();
    ensure(left && right, "the columns are not on screen");
    ensure(right.x > left.x + left.width - 1 && Math.abs(right.y - left.y) < 2, "the columns are not side by side");
  });
  await checkState(page, "mapping-default", "mapping (default)");

  await test.step(`mapping: search filters by path and by sample value`, async () => {
    await page.getByTestId("mapping-search").fill("customGroup");
    ensure((await page.locator(".source-card").count()) === 2, "path search");
    await page.getByTestId("mapping-search").fill("San Francisco");
    const shown = await page.locator(".source-card").count();
    ensure(shown === 1, `sample search shows ${shown} cards`);
    await page.getByTestId("mapping-search").fill("");
  });

  await test.step(`mapping (mouse): add a custom field`, async () => {
    await page.getByTestId("mapping-add-field").click();
    await page.getByTestId("mapping-new-field-label").fill("Team");
    const name = await page.getByTestId("mapping-new-field-name").inputValue();
    ensure(name === "team", `derived name is "${name}"`);
    await page.getByTestId("mapping-new-field-group").click();
  });
  await checkState(page, "mapping-add-field", "mapping (add-field form)");

  await test.step(`mapping (mouse): drag ${source} onto the new field`, async () => {
    await page.getByTestId("mapping-new-field-submit").click();
    await page.getByTestId("mapping-target-team").waitFor({ timeout: 3_000 });
    await mouseDrag(page, `mapping-source-${source}`, "mapping-target-team", async () => {
      const ghost = await contentOf(page.getByTestId("mapping-drag-ghost"));
      ensure(ghost.includes("→ Team"), `the drag ghost says "${ghost}"`);
      ensure((await page.locator(".target--over").getAttribute("data-testid")) === "mapping-target-team", "Team is not highlighted");
      await shoot(page, `mapping-mouse-dragging`);
    });
    const value = await page.getByTestId("mapping-source-select-team").inputValue();
    ensure(value === source, `team reads "${value}"`);
    ensure((await announcement(page)).includes(`Dropped ${source} on Team`), "the drop was not announced");
    await page.getByTestId("mapping-unsaved").waitFor({ timeout: 2_000 });
    await expectPreviewCell(page, "00001000004", "team", "sales  team", "preview lacks the new column");
  });

  await test.step(`mapping (mouse): group names that differ by spacing are flagged`, async () => {
    const warnings = page.getByTestId("mapping-group-warnings");
    await warnings.waitFor({ timeout: 3_000 });
    const text = await contentOf(warnings);
    ensure(text.includes("sales  team") && text.includes("Sales Team"), `warning text: ${text}`);
    ensure(await page.getByTestId("mapping-save").isDisabled(), "Save is on before the acknowledgement");
    await warnings.scrollIntoViewIfNeeded();
  });
  await checkState(page, "mapping-warnings", "mapping (group warnings)");

  await test.step(`mapping (mouse): a value map row fixes the spelling`, async () => {
    await page.getByTestId("mapping-transform-team").click();
    await page.getByTestId("mapping-transform-dialog").waitFor({ timeout: 3_000 });
    await page.getByTestId("mapping-transform-type-value_map").click();
    await page.getByTestId("mapping-value-map-add-row").click();
    await page.getByTestId("mapping-value-map-from-0").fill("sales  team");
    await page.getByTestId("mapping-value-map-to-0").fill("Sales Team");
  });
  await checkState(page, "mapping-editor", "mapping (transform editor)");

  await test.step(`mapping (mouse): the preview shows the mapped value`, async () => {
    await page.getByTestId("mapping-transform-apply").click();
    await page.getByTestId("mapping-transform-dialog").waitFor({ state: "detached", timeout: 3_000 });
    await waitForPreviewSettled(page);
    await expectPreviewCell(page, "00001000004", "team", "Sales Team", "value map not applied in preview");
    await page.getByTestId("mapping-group-warnings").waitFor({ state: "detached", timeout: 3_000 });
  });

  await test.step(`mapping (mouse): exclusion marks the person Excluded`, async () => {
    const row = page.getByTestId("mapping-preview-row-00001000005");
    ensure((await row.getAttribute("data-excluded")) === "false", "excluded before the rule");
    await page.getByTestId("mapping-exclusion-source").selectOption(exclusionSource);
    ensure((await page.getByTestId("mapping-exclusion-value").inputValue()) === "Yes", "default value is not Yes");
    await waitForPreviewSettled(page);
    await row.locator("[data-kind=excluded]").waitFor({ timeout: 3_000 });
    ensure((await row.getAttribute("data-excluded")) === "true", "the row is not marked excluded");
  });

  await test.step(`mapping (mouse): save shows version 2`, async () => {
    await page.getByTestId("mapping-save").click();
    const saved = page.getByTestId("mapping-saved");
    await saved.waitFor({ timeout: 3_000 });
    const text = await contentOf(saved);
    ensure(/Saved as version 2 — the next import changes values for \d+ people/.test(text), `saved text: ${text}`);
    ensure((await page.getByTestId("mapping-unsaved").count()) === 0, "still marked unsaved");
  });
  await checkState(page, "mapping-saved", "mapping (saved)");

  await test.step(`mapping (mouse): history lists version 2`, async () => {
    await page.getByTestId("mapping-history-version-2").waitFor({ timeout: 3_000 });
    await page.getByTestId("mapping-history").scrollIntoViewIfNeeded();
  });
  await checkState(page, "mapping-history", "mapping (history)");

  await test.step(`mapping (mouse): restore version 1 after confirming`, async () => {
    await page.getByTestId("mapping-history-restore-1").click();
    await page.getByTestId("mapping-restore-dialog").waitFor({ timeout: 3_000 });
    await page.getByTestId("mapping-restore-confirm").click();
    await page.getByTestId("mapping-saved").filter({ hasText: "Restored version 1 as version 3" }).waitFor({ timeout: 3_000 });
    await page.getByTestId("mapping-history-version-3").waitFor({ timeout: 3_000 });
    ensure((await page.getByTestId("mapping-target-team").count()) === 0, "the restored mapping kept the new field");
  });
});

test("mapping with the keyboard alone: custom field, pick up and drop, value map, exclusion, save, restore", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/mapping" });
  const key = (k: string) => page.keyboard.press(k);
  await page.getByTestId(`mapping-source-${source}`).waitFor({ timeout: 5_000 });

  await test.step(`mapping (keyboard): add a custom field`, async () => {
    await tabTo(page, "mapping-add-field");
    await key("Enter");
    ensure((await focusedTestId(page)) === "mapping-new-field-label", "the label does not get focus");
    await page.keyboard.type("Team");
    await tabTo(page, "mapping-new-field-group");
    await key("Space");
    await tabTo(page, "mapping-new-field-submit");
    await key("Enter");
    await page.getByTestId("mapping-target-team").waitFor({ timeout: 3_000 });
  });

  await test.step(`mapping (keyboard): pick up, move, cancel with Escape`, async () => {
    await tabTo(page, `mapping-source-${source}`, { back: true });
    await key("Space");
    const picked = await announcement(page);
    ensure(
      picked ===
        `Picked up ${source}. Use arrow keys to choose a directory field, Space to drop, Escape to cancel.`,
      `announced "${picked}"`,
    );
    await key("ArrowDown");
    const over = page.locator(".target--over");
    ensure((await over.getAttribute("data-testid")) === "mapping-target-employee_id", "ArrowDown did not target the first field");
    await key("Escape");
    ensure((await announcement(page)).startsWith("Cancelled."), "cancel was not announced");
    ensure((await page.locator(".target--over").count()) === 0, "a target stays highlighted");
    ensure((await page.getByTestId("mapping-source-select-employee_id").inputValue()) === "employeeId", "Escape changed the mapping");
  });

  await test.step(`mapping (keyboard): Space, ArrowUp, Space maps onto the new field`, async () => {
    await key("Space");
    await key("ArrowUp");
    ensure((await page.locator(".target--over").getAttribute("data-testid")) === "mapping-target-team", "ArrowUp did not wrap to Team");
    ensure((await announcement(page)).startsWith("Team, 15 of 15."), "the target was not announced");
    await shoot(page, `mapping-keyboard-target`);
    await key("Space");
    ensure((await page.getByTestId("mapping-source-select-team").inputValue()) === source, "the drop did not map");
    ensure((await announcement(page)).includes(`Dropped ${source} on Team`), "the drop was not announced");
  });

  await test.step(`mapping (keyboard): a value map row in the transform editor`, async () => {
    await tabTo(page, "mapping-transform-team");
    await key("Enter");
    await page.getByTestId("mapping-transform-dialog").waitFor({ timeout: 3_000 });
    await tabTo(page, "mapping-transform-type-direct");
    await key("ArrowRight");
    ensure(await page.getByTestId("mapping-transform-type-value_map").isChecked(), "ArrowRight did not choose Value map");
    await tabTo(page, "mapping-value-map-add-row");
    await key("Enter");
    ensure((await page.getByTestId("mapping-value-map-from-0").inputValue()) === "Platform", "the row is not pre-filled");
    await tabTo(page, "mapping-value-map-to-0", { back: true });
    await page.keyboard.type("Platform team");
    await tabTo(page, "mapping-transform-apply");
    await key("Enter");
    await page.getByTestId("mapping-transform-dialog").waitFor({ state: "detached", timeout: 3_000 });
    ensure((await focusedTestId(page)) === "mapping-transform-team", "focus did not return to the editor button");
    await expectPreviewCell(page, "00001000002", "team", "Platform team", "preview lacks the mapped value");
  });

  await test.step(`mapping (keyboard): exclusion rule`, async () => {
    await tabTo(page, "mapping-exclusion-source");
    for (let i = 0; i < 40; i += 1) {
      if ((await page.getByTestId("mapping-exclusion-source").inputValue()) === exclusionSource) break;
      await key("ArrowDown");
    }
    ensure((await page.getByTestId("mapping-exclusion-source").inputValue()) === exclusionSource, "could not choose the field");
    await waitForPreviewSettled(page);
    await page.getByTestId("mapping-preview-row-00001000005").locator("[data-kind=excluded]").waitFor({ timeout: 3_000 });
  });

  await test.step(`mapping (keyboard): acknowledge group names, save, version 2`, async () => {
    await page.getByTestId("mapping-group-warnings").waitFor({ timeout: 3_000 });
    await tabTo(page, "mapping-acknowledge");
    await key("Space");
    await tabTo(page, "mapping-save");
    await key("Enter");
    const saved = page.getByTestId("mapping-saved");
    await saved.waitFor({ timeout: 3_000 });
    ensure((await contentOf(saved)).includes("Saved as version 2"), "save result lacks version 2");
    await page.getByTestId("mapping-history-version-2").waitFor({ timeout: 3_000 });
  });

  await test.step(`mapping (keyboard): view a version, then restore version 1`, async () => {
    await tabTo(page, "mapping-history-view-1");
    await key("Enter");
    await page.getByTestId("mapping-version-dialog").filter({ hasText: "Legal first name" }).waitFor({ timeout: 3_000 });
    await key("Escape");
    await page.getByTestId("mapping-version-dialog").waitFor({ state: "detached", timeout: 3_000 });
    await tabTo(page, "mapping-history-restore-1");
    await key("Enter");
    await page.getByTestId("mapping-restore-dialog").waitFor({ timeout: 3_000 });
    await tabTo(page, "mapping-restore-confirm");
    await key("Enter");
    await page.getByTestId("mapping-history-version-3").waitFor({ timeout: 3_000 });
    ensure((await contentOf(page.getByTestId("mapping-saved"))).includes("version 3"), "restore result missing");
  });

});

/** Leaving Map fields with unsaved changes asks first: Keep editing stays, Discard changes leaves. */
test("mapping: leaving with unsaved changes asks first", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/mapping" });
  await test.step(`mapping guard: leaving with unsaved changes opens the dialog`, async () => {
    await page.getByTestId(`mapping-source-${source}`).waitFor({ timeout: 5_000 });
    await page.getByTestId("mapping-source-select-job_title").selectOption(source);
    await page.getByTestId("mapping-unsaved").waitFor({ timeout: 2_000 });
    await page.getByTestId("nav-review").click();
    const dialog = page.getByTestId("nav-guard-dialog");
    await dialog.waitFor({ timeout: 3_000 });
    const text = await contentOf(dialog);
    ensure(text.includes("Discard unsaved mapping changes?"), `dialog text: ${text}`);
    ensure((await focusedTestId(page)) === "nav-guard-keep", "Keep editing does not have focus");
    ensure(new URL(page.url()).hash === "#/mapping", `the address moved to ${page.url()}`);
  });
  await test.step(`mapping guard dialog: no serious accessibility problems`, () =>
    expectNoSeriousAxeViolations(page),
  );
  await shoot(page, `mapping-nav-guard`);

  await test.step(`mapping guard: Keep editing stays with the edit intact`, async () => {
    await page.getByTestId("nav-guard-keep").click();
    await page.getByTestId("nav-guard-dialog").waitFor({ state: "detached", timeout: 3_000 });
    ensure(new URL(page.url()).hash === "#/mapping", `the address moved to ${page.url()}`);
    const value = await page.getByTestId("mapping-source-select-job_title").inputValue();
    ensure(value === source, `job_title reads "${value}"`);
    await page.getByTestId("mapping-unsaved").waitFor({ timeout: 2_000 });
  });

  await test.step(`mapping guard: Discard changes goes to the chosen screen`, async () => {
    await page.getByTestId("nav-settings").click();
    await page.getByTestId("nav-guard-dialog").waitFor({ timeout: 3_000 });
    await page.getByTestId("nav-guard-discard").click();
    await page.getByTestId("nav-guard-dialog").waitFor({ state: "detached", timeout: 3_000 });
    await page.waitForFunction(() => window.location.hash === "#/settings", null, { timeout: 3_000 });
    ensure((await page.getByTestId("mapping-unsaved").count()) === 0, "Map fields is still shown");
    ensure((await page.getByTestId("nav-settings").getAttribute("aria-current")) === "page", "Settings is not current");
  });
});
