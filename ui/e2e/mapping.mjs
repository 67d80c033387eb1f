// End-to-end walks of Map fields in Chromium with mocked IPC (src/test/mappingFake.ts behind e2e/mock-ipc.ts):
// the whole job once with the mouse alone and once with the keyboard alone, axe and screenshots in each state.

const source = "employmentInfo.customGroupA";
const exclusionSource = "employmentInfo.customGroupB";

/** Presses Tab (or Shift+Tab) until the element with this test id has focus. */
async function tabTo(page, testId, { back = false, max = 120 } = {}) {
  for (let i = 0; i < max; i += 1) {
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    if (focused === testId) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  throw new Error(`${max} ${back ? "Shift+Tab" : "Tab"} presses did not reach ${testId}`);
}

async function focusedTestId(page) {
  return page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
}

async function announcement(page) {
  await page.waitForTimeout(60);
  return (await page.getByTestId("mapping-announcer").textContent()) ?? "";
}

/** Text of one preview cell, by employee and directory field. */
async function previewCell(page, employeeId, field) {
  return page.getByTestId(`mapping-preview-row-${employeeId}`).locator(`td[data-field="${field}"]`).textContent();
}

async function waitForPreviewSettled(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid="mapping-preview"][aria-busy="true"]'));
  await page.waitForFunction(() => !document.querySelector('[data-testid="mapping-preview-status"] .spinner'));
}

/** Drags with the mouse from the middle of one element to the middle of another, in small steps. */
async function mouseDrag(page, fromTestId, toTestId, beforeDrop = async () => {}) {
  const from = page.getByTestId(fromTestId);
  const to = page.getByTestId(toTestId);
  await from.scrollIntoViewIfNeeded();
  await to.scrollIntoViewIfNeeded();
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 4, { steps: 3 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await beforeDrop();
  await page.mouse.up();
}

async function walkNotConnected(h, browser, baseUrl, mockSource, scheme) {
  await h.walkApp(browser, baseUrl, mockSource, { scheme, scenario: "healthy", hash: "#/mapping" }, "mapping (not connected) run", async (page) => {
    await h.check(`[${scheme}] mapping: not connected shows a way to Connect`, async () => {
      await page.getByTestId("mapping-not-connected").waitFor({ timeout: 5_000 });
      await page.getByTestId("mapping-go-connect").click();
      await page.locator("main h1").filter({ hasText: "Connect TriNet" }).waitFor({ timeout: 3_000 });
    });
  });
}

async function walkLoading(h, browser, baseUrl, mockSource, scheme) {
  const { context, page } = await h.openApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "healthy",
    connection: "connected",
    hash: "#/mapping",
    catalogDelay: 60_000,
  });
  try {
    await h.check(`[${scheme}] mapping: reading the catalog shows progress`, async () => {
      const loading = page.getByTestId("mapping-loading");
      await loading.waitFor({ timeout: 5_000 });
      h.expect((await loading.textContent()).includes("Reading employees from TriNet"), "no progress title");
      const text = page.getByTestId("mapping-progress-text");
      await page.waitForFunction(
        () => document.querySelector('[data-testid="mapping-progress-text"]')?.textContent?.includes("page 0 of 4"),
        null,
        { timeout: 5_000 },
      );
      h.expect((await text.textContent()).includes("0 employees so far"), `progress says "${await text.textContent()}"`);
    });
    await h.checkState(page, scheme, "mapping-loading", "mapping (reading TriNet)");
    await h.check(`[${scheme}] mapping: Cancel stops reading TriNet and offers to read again`, async () => {
      await page.getByTestId("mapping-cancel").click();
      const stopped = page.getByTestId("mapping-cancelled");
      await stopped.waitFor({ timeout: 5_000 });
      h.expect((await stopped.textContent()).includes("Nothing was changed"), "the stopped state does not reassure");
      h.expect(await page.getByTestId("mapping-read-again").isVisible(), "no way to read again");
    });
    await h.checkState(page, scheme, "mapping-cancelled", "mapping (reading stopped)");
  } finally {
    await context.close();
  }
}

async function walkMouse(h, browser, baseUrl, mockSource, scheme) {
  await h.walkApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "healthy",
    connection: "connected",
    hash: "#/mapping",
  }, "mapping (mouse) run", async (page) => {
    await h.check(`[${scheme}] mapping: TriNet fields and directory fields side by side`, async () => {
      await page.getByTestId(`mapping-source-${source}`).waitFor({ timeout: 5_000 });
      await page.getByTestId("mapping-target-department").waitFor();
      await page.getByTestId("mapping-preview").waitFor({ timeout: 3_000 });
      const card = await page.getByTestId(`mapping-source-${source}`).textContent();
      h.expect(card.includes("231 of 250 (92%)"), `fill rate missing: ${card}`);
      const select = await page.getByTestId("mapping-source-select-department").inputValue();
      h.expect(select === "employmentInfo.department.deptName", `department reads ${select}`);
      const left = await page.locator(".mapping-columns > :first-child").boundingBox();
      const right = await page.locator(".mapping-columns > :last-child").boundingBox();
      h.expect(right.x > left.x + left.width - 1 && Math.abs(right.y - left.y) < 2, "the columns are not side by side");
    });
    await h.checkState(page, scheme, "mapping-default", "mapping (default)");

    await h.check(`[${scheme}] mapping: search filters by path and by sample value`, async () => {
      await page.getByTestId("mapping-search").fill("customGroup");
      h.expect((await page.locator(".source-card").count()) === 2, "path search");
      await page.getByTestId("mapping-search").fill("San Francisco");
      const shown = await page.locator(".source-card").count();
      h.expect(shown === 1, `sample search shows ${shown} cards`);
      await page.getByTestId("mapping-search").fill("");
    });

    await h.check(`[${scheme}] mapping (mouse): add a custom field`, async () => {
      await page.getByTestId("mapping-add-field").click();
      await page.getByTestId("mapping-new-field-label").fill("Team");
      const name = await page.getByTestId("mapping-new-field-name").inputValue();
      h.expect(name === "team", `derived name is "${name}"`);
      await page.getByTestId("mapping-new-field-group").click();
    });
    await h.checkState(page, scheme, "mapping-add-field", "mapping (add-field form)");

    await h.check(`[${scheme}] mapping (mouse): drag ${source} onto the new field`, async () => {
      await page.getByTestId("mapping-new-field-submit").click();
      await page.getByTestId("mapping-target-team").waitFor({ timeout: 3_000 });
      await mouseDrag(page, `mapping-source-${source}`, "mapping-target-team", async () => {
        const ghost = await page.getByTestId("mapping-drag-ghost").textContent();
        h.expect(ghost.includes("→ Team"), `the drag ghost says "${ghost}"`);
        h.expect((await page.locator(".target--over").getAttribute("data-testid")) === "mapping-target-team", "Team is not highlighted");
        await h.shoot(page, `${scheme}-mapping-mouse-dragging`);
      });
      const value = await page.getByTestId("mapping-source-select-team").inputValue();
      h.expect(value === source, `team reads "${value}"`);
      h.expect((await announcement(page)).includes(`Dropped ${source} on Team`), "the drop was not announced");
      await page.getByTestId("mapping-unsaved").waitFor({ timeout: 2_000 });
      await waitForPreviewSettled(page);
      h.expect((await previewCell(page, "00001000004", "team")) === "sales  team", "preview lacks the new column");
    });

    await h.check(`[${scheme}] mapping (mouse): group names that differ by spacing are flagged`, async () => {
      const warnings = page.getByTestId("mapping-group-warnings");
      await warnings.waitFor({ timeout: 3_000 });
      const text = await warnings.textContent();
      h.expect(text.includes("sales  team") && text.includes("Sales Team"), `warning text: ${text}`);
      h.expect(await page.getByTestId("mapping-save").isDisabled(), "Save is on before the acknowledgement");
      await warnings.scrollIntoViewIfNeeded();
    });
    await h.checkState(page, scheme, "mapping-warnings", "mapping (group warnings)");

    await h.check(`[${scheme}] mapping (mouse): a value map row fixes the spelling`, async () => {
      await page.getByTestId("mapping-transform-team").click();
      await page.getByTestId("mapping-transform-dialog").waitFor({ timeout: 3_000 });
      await page.getByTestId("mapping-transform-type-value_map").click();
      await page.getByTestId("mapping-value-map-add-row").click();
      await page.getByTestId("mapping-value-map-from-0").fill("sales  team");
      await page.getByTestId("mapping-value-map-to-0").fill("Sales Team");
    });
    await h.checkState(page, scheme, "mapping-editor", "mapping (transform editor)");

    await h.check(`[${scheme}] mapping (mouse): the preview shows the mapped value`, async () => {
      await page.getByTestId("mapping-transform-apply").click();
      await page.getByTestId("mapping-transform-dialog").waitFor({ state: "detached", timeout: 3_000 });
      await waitForPreviewSettled(page);
      h.expect((await previewCell(page, "00001000004", "team")) === "Sales Team", "value map not applied in preview");
      await page.getByTestId("mapping-group-warnings").waitFor({ state: "detached", timeout: 3_000 });
    });

    await h.check(`[${scheme}] mapping (mouse): exclusion marks the person Excluded`, async () => {
      const row = page.getByTestId("mapping-preview-row-00001000005");
      h.expect((await row.getAttribute("data-excluded")) === "false", "excluded before the rule");
      await page.getByTestId("mapping-exclusion-source").selectOption(exclusionSource);
      h.expect((await page.getByTestId("mapping-exclusion-value").inputValue()) === "Yes", "default value is not Yes");
      await waitForPreviewSettled(page);
      await row.locator("[data-kind=excluded]").waitFor({ timeout: 3_000 });
      h.expect((await row.getAttribute("data-excluded")) === "true", "the row is not marked excluded");
    });

    await h.check(`[${scheme}] mapping (mouse): save shows version 2`, async () => {
      await page.getByTestId("mapping-save").click();
      const saved = page.getByTestId("mapping-saved");
      await saved.waitFor({ timeout: 3_000 });
      const text = await saved.textContent();
      h.expect(/Saved as version 2 — the next import changes values for \d+ people/.test(text), `saved text: ${text}`);
      h.expect((await page.getByTestId("mapping-unsaved").count()) === 0, "still marked unsaved");
    });
    await h.checkState(page, scheme, "mapping-saved", "mapping (saved)");

    await h.check(`[${scheme}] mapping (mouse): history lists version 2`, async () => {
      await page.getByTestId("mapping-history-version-2").waitFor({ timeout: 3_000 });
      await page.getByTestId("mapping-history").scrollIntoViewIfNeeded();
    });
    await h.checkState(page, scheme, "mapping-history", "mapping (history)");

    await h.check(`[${scheme}] mapping (mouse): restore version 1 after confirming`, async () => {
      await page.getByTestId("mapping-history-restore-1").click();
      await page.getByTestId("mapping-restore-dialog").waitFor({ timeout: 3_000 });
      await page.getByTestId("mapping-restore-confirm").click();
      await page.getByTestId("mapping-saved").filter({ hasText: "Restored version 1 as version 3" }).waitFor({ timeout: 3_000 });
      await page.getByTestId("mapping-history-version-3").waitFor({ timeout: 3_000 });
      h.expect((await page.getByTestId("mapping-target-team").count()) === 0, "the restored mapping kept the new field");
    });
  });
}

async function walkKeyboard(h, browser, baseUrl, mockSource, scheme) {
  await h.walkApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "healthy",
    connection: "connected",
    hash: "#/mapping",
  }, "mapping (keyboard) run", async (page) => {
    const key = (k) => page.keyboard.press(k);
    await page.getByTestId(`mapping-source-${source}`).waitFor({ timeout: 5_000 });

    await h.check(`[${scheme}] mapping (keyboard): add a custom field`, async () => {
      await tabTo(page, "mapping-add-field");
      await key("Enter");
      h.expect((await focusedTestId(page)) === "mapping-new-field-label", "the label does not get focus");
      await page.keyboard.type("Team");
      await tabTo(page, "mapping-new-field-group");
      await key("Space");
      await tabTo(page, "mapping-new-field-submit");
      await key("Enter");
      await page.getByTestId("mapping-target-team").waitFor({ timeout: 3_000 });
    });

    await h.check(`[${scheme}] mapping (keyboard): pick up, move, cancel with Escape`, async () => {
      await tabTo(page, `mapping-source-${source}`, { back: true });
      await key("Space");
      const picked = await announcement(page);
      h.expect(
        picked ===
          `Picked up ${source}. Use arrow keys to choose a directory field, Space to drop, Escape to cancel.`,
        `announced "${picked}"`,
      );
      await key("ArrowDown");
      const over = page.locator(".target--over");
      h.expect((await over.getAttribute("data-testid")) === "mapping-target-employee_id", "ArrowDown did not target the first field");
      await key("Escape");
      h.expect((await announcement(page)).startsWith("Cancelled."), "cancel was not announced");
      h.expect((await page.locator(".target--over").count()) === 0, "a target stays highlighted");
      h.expect((await page.getByTestId("mapping-source-select-employee_id").inputValue()) === "employeeId", "Escape changed the mapping");
    });

    await h.check(`[${scheme}] mapping (keyboard): Space, ArrowUp, Space maps onto the new field`, async () => {
      await key("Space");
      await key("ArrowUp");
      h.expect((await page.locator(".target--over").getAttribute("data-testid")) === "mapping-target-team", "ArrowUp did not wrap to Team");
      h.expect((await announcement(page)).startsWith("Team, 15 of 15."), "the target was not announced");
      await h.shoot(page, `${scheme}-mapping-keyboard-target`);
      await key("Space");
      h.expect((await page.getByTestId("mapping-source-select-team").inputValue()) === source, "the drop did not map");
      h.expect((await announcement(page)).includes(`Dropped ${source} on Team`), "the drop was not announced");
    });

    await h.check(`[${scheme}] mapping (keyboard): a value map row in the transform editor`, async () => {
      await tabTo(page, "mapping-transform-team");
      await key("Enter");
      await page.getByTestId("mapping-transform-dialog").waitFor({ timeout: 3_000 });
      await tabTo(page, "mapping-transform-type-direct");
      await key("ArrowRight");
      h.expect(await page.getByTestId("mapping-transform-type-value_map").isChecked(), "ArrowRight did not choose Value map");
      await tabTo(page, "mapping-value-map-add-row");
      await key("Enter");
      h.expect((await page.getByTestId("mapping-value-map-from-0").inputValue()) === "Platform", "the row is not pre-filled");
      await tabTo(page, "mapping-value-map-to-0", { back: true });
      await page.keyboard.type("Platform team");
      await tabTo(page, "mapping-transform-apply");
      await key("Enter");
      await page.getByTestId("mapping-transform-dialog").waitFor({ state: "detached", timeout: 3_000 });
      h.expect((await focusedTestId(page)) === "mapping-transform-team", "focus did not return to the editor button");
      await waitForPreviewSettled(page);
      h.expect((await previewCell(page, "00001000002", "team")) === "Platform team", "preview lacks the mapped value");
    });

    await h.check(`[${scheme}] mapping (keyboard): exclusion rule`, async () => {
      await tabTo(page, "mapping-exclusion-source");
      for (let i = 0; i < 40; i += 1) {
        if ((await page.getByTestId("mapping-exclusion-source").inputValue()) === exclusionSource) break;
        await key("ArrowDown");
      }
      h.expect((await page.getByTestId("mapping-exclusion-source").inputValue()) === exclusionSource, "could not choose the field");
      await waitForPreviewSettled(page);
      await page.getByTestId("mapping-preview-row-00001000005").locator("[data-kind=excluded]").waitFor({ timeout: 3_000 });
    });

    await h.check(`[${scheme}] mapping (keyboard): acknowledge group names, save, version 2`, async () => {
      await page.getByTestId("mapping-group-warnings").waitFor({ timeout: 3_000 });
      await tabTo(page, "mapping-acknowledge");
      await key("Space");
      await tabTo(page, "mapping-save");
      await key("Enter");
      const saved = page.getByTestId("mapping-saved");
      await saved.waitFor({ timeout: 3_000 });
      h.expect((await saved.textContent()).includes("Saved as version 2"), "save result lacks version 2");
      await page.getByTestId("mapping-history-version-2").waitFor({ timeout: 3_000 });
    });

    await h.check(`[${scheme}] mapping (keyboard): view a version, then restore version 1`, async () => {
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
      h.expect((await page.getByTestId("mapping-saved").textContent()).includes("version 3"), "restore result missing");
    });

  });
}

/** Leaving Map fields with unsaved changes asks first: Keep editing stays, Discard changes leaves. */
async function walkNavigationGuard(h, browser, baseUrl, mockSource, scheme) {
  await h.walkApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "healthy",
    connection: "connected",
    hash: "#/mapping",
  }, "mapping guard run", async (page) => {
    await h.check(`[${scheme}] mapping guard: leaving with unsaved changes opens the dialog`, async () => {
      await page.getByTestId(`mapping-source-${source}`).waitFor({ timeout: 5_000 });
      await page.getByTestId("mapping-source-select-job_title").selectOption(source);
      await page.getByTestId("mapping-unsaved").waitFor({ timeout: 2_000 });
      await page.getByTestId("nav-review").click();
      const dialog = page.getByTestId("nav-guard-dialog");
      await dialog.waitFor({ timeout: 3_000 });
      const text = await dialog.textContent();
      h.expect(text.includes("Discard unsaved mapping changes?"), `dialog text: ${text}`);
      h.expect((await focusedTestId(page)) === "nav-guard-keep", "Keep editing does not have focus");
      h.expect(new URL(page.url()).hash === "#/mapping", `the address moved to ${page.url()}`);
    });
    await h.check(`[${scheme}] mapping guard dialog: no serious accessibility problems`, () =>
      h.expectNoSeriousAxeViolations(page),
    );
    await h.shoot(page, `${scheme}-mapping-nav-guard`);

    await h.check(`[${scheme}] mapping guard: Keep editing stays with the edit intact`, async () => {
      await page.getByTestId("nav-guard-keep").click();
      await page.getByTestId("nav-guard-dialog").waitFor({ state: "detached", timeout: 3_000 });
      h.expect(new URL(page.url()).hash === "#/mapping", `the address moved to ${page.url()}`);
      const value = await page.getByTestId("mapping-source-select-job_title").inputValue();
      h.expect(value === source, `job_title reads "${value}"`);
      await page.getByTestId("mapping-unsaved").waitFor({ timeout: 2_000 });
    });

    await h.check(`[${scheme}] mapping guard: Discard changes goes to the chosen screen`, async () => {
      await page.getByTestId("nav-settings").click();
      await page.getByTestId("nav-guard-dialog").waitFor({ timeout: 3_000 });
      await page.getByTestId("nav-guard-discard").click();
      await page.getByTestId("nav-guard-dialog").waitFor({ state: "detached", timeout: 3_000 });
      await page.waitForFunction(() => window.location.hash === "#/settings", null, { timeout: 3_000 });
      h.expect((await page.getByTestId("mapping-unsaved").count()) === 0, "Map fields is still shown");
      h.expect((await page.getByTestId("nav-settings").getAttribute("aria-current")) === "page", "Settings is not current");
    });
  });
}

export async function runMappingWalks(h, browser, baseUrl, mockSource, scheme) {
  await walkNotConnected(h, browser, baseUrl, mockSource, scheme);
  await walkLoading(h, browser, baseUrl, mockSource, scheme);
  await walkMouse(h, browser, baseUrl, mockSource, scheme);
  await walkKeyboard(h, browser, baseUrl, mockSource, scheme);
  await walkNavigationGuard(h, browser, baseUrl, mockSource, scheme);
}
