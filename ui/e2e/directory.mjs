// End-to-end walks of the Directory in Chromium with mocked IPC (src/test/directoryFake.ts behind
// e2e/mock-ipc.ts): 5,004 people paged as the table scrolls with a bounded DOM, search, each filter with its
// counts, no match and Clear filters, the person timeline from the keyboard and from the address, CSV export's
// confirmation, and an empty directory before any import; axe and both window sizes in each state.

const everyone = 5_004;

async function text(page, testId) {
  return ((await page.getByTestId(testId).first().textContent()) ?? "").trim();
}

async function rowCount(page) {
  return page.getByTestId("directory-row").count();
}

async function waitForTotal(page, total) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="directory-total"]')?.textContent === want,
    total,
    { timeout: 5_000 },
  );
}

/** Every drawn row's text, once the rows for `total` have arrived. */
async function rowTexts(page) {
  await page.getByTestId("directory-row").first().waitFor({ timeout: 5_000 });
  return page.getByTestId("directory-row").allTextContents();
}

async function walkDirectoryFlow(h, browser, baseUrl, mockSource, scheme) {
  await h.walkApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "healthy",
    connection: "connected",
    hash: "#/directory",
    fresh: false,
    directory: { people: everyone - 4, delayMs: 40 },
  }, "directory run", async (page) => {
    await h.check(`[${scheme}] directory: everyone's count with separators and the first rows`, async () => {
      await waitForTotal(page, "5,004");
      const said = await page.locator(".directory-summary__count").textContent();
      h.expect(said === "5,004 people", `the count says "${said}"`);
      const rows = await rowTexts(page);
      h.expect(rows.length > 5 && rows.length <= 40, `${rows.length} rows in the DOM`);
      h.expect(/Active|On leave|Pending start|Former/.test(rows[0]), `no status in "${rows[0]}"`);
      const department = await page.getByTestId("directory-filter-department").locator("option").allTextContents();
      h.expect(department[0] === "All departments" && department.some((o) => /^Engineering \([\d,]+\)$/.test(o)), `options: ${department}`);
    });
    await h.checkState(page, scheme, "directory", "directory");

    await h.check(`[${scheme}] directory: scrolling 5,004 people keeps the DOM bounded and reaches the last`, async () => {
      const scroller = page.locator(".directory-table__scroll");
      for (const share of [0.25, 0.5, 0.75]) {
        await scroller.evaluate((el, s) => (el.scrollTop = el.scrollHeight * s), share);
        await page.waitForTimeout(60);
        const drawn = await rowCount(page);
        h.expect(drawn <= 40, `${drawn} rows in the DOM at ${share * 100}%`);
      }
      await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
      const last = page.locator(`[data-testid="directory-row"][aria-rowindex="${everyone + 1}"]`);
      await last.waitFor({ timeout: 5_000 });
      h.expect(await last.isVisible(), "the last row is not visible after scrolling to the end");
      const drawn = await rowCount(page);
      h.expect(drawn <= 40, `${drawn} rows in the DOM at the end`);
    });
    await h.shoot(page, `${scheme}-directory-scrolled`);

    await h.check(`[${scheme}] directory: search finds one person by name, then by employee ID`, async () => {
      await page.getByTestId("directory-search").fill("hopper");
      await waitForTotal(page, "1");
      const rows = await rowTexts(page);
      h.expect(rows.length === 1 && rows[0].includes("Grace Hopper"), `rows: ${rows}`);
      h.expect((await page.locator(".directory-summary__count").textContent()) === "1 of 5,004 people", "the count is wrong");
      await page.getByTestId("directory-search").fill("00001000003");
      // The total stays 1, so wait for the row itself.
      await page.getByTestId("directory-row").filter({ hasText: "John Backus" }).waitFor({ timeout: 5_000 });
      h.expect((await rowTexts(page)).length === 1, "search by employee ID found more than John Backus");
      await page.getByTestId("directory-search").fill("");
      await waitForTotal(page, "5,004");
    });

    for (const [testId, value, shows] of [
      ["directory-filter-department", "Engineering", "Engineering"],
      ["directory-filter-location", "London", "London"],
      ["directory-filter-status", "on_leave", "On leave"],
    ]) {
      await h.check(`[${scheme}] directory: the ${testId.replace("directory-filter-", "")} filter shows only ${shows}`, async () => {
        const option = await page.getByTestId(testId).locator(`option[value="${value}"]`).textContent();
        const expected = option.match(/\(([\d,]+)\)$/)[1];
        await page.getByTestId(testId).selectOption(value);
        await waitForTotal(page, expected);
        const rows = await rowTexts(page);
        h.expect(rows.every((r) => r.includes(shows)), `a row without ${shows}: ${rows.find((r) => !r.includes(shows))}`);
        await page.getByTestId(testId).selectOption("");
        await waitForTotal(page, "5,004");
      });
    }

    await h.check(`[${scheme}] directory: filters combine, and no match says so with Clear filters`, async () => {
      await page.getByTestId("directory-filter-department").selectOption("Finance");
      await page.getByTestId("directory-search").fill("nobody-by-this-name");
      await page.getByTestId("directory-no-match").waitFor({ timeout: 5_000 });
      const said = await text(page, "directory-no-match");
      h.expect(said.includes("No one matches “nobody-by-this-name” with these filters"), `says "${said}"`);
      h.expect(await page.getByTestId("directory-export-csv").isDisabled(), "Export is on with no one to export");
    });
    await h.checkState(page, scheme, "directory-no-match", "directory (no match)");

    await h.check(`[${scheme}] directory: Clear filters shows everyone again`, async () => {
      await page.getByTestId("directory-no-match").getByRole("button", { name: "Clear filters" }).click();
      await waitForTotal(page, "5,004");
      h.expect((await page.getByTestId("directory-search").inputValue()) === "", "the search stayed");
      h.expect((await page.getByTestId("directory-filter-department").inputValue()) === "", "the department stayed");
    });

    await h.check(`[${scheme}] directory: arrow keys move between rows and Enter opens the timeline`, async () => {
      const first = page.getByTestId("directory-row").first();
      await first.focus();
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("ArrowDown");
      const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-rowindex"));
      h.expect(focused === "4", `focus is on row ${focused}`);
      const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      h.expect(ring !== "none", "the focused row has no focus ring");
      const personId = await page.evaluate(() => document.activeElement?.getAttribute("data-person-id"));
      await page.keyboard.press("Enter");
      const panel = page.getByTestId("person-timeline");
      await panel.waitFor({ timeout: 3_000 });
      h.expect((await page.evaluate(() => location.hash)) === `#/directory?person=${personId}`, "the address does not name the person");
      await page.getByTestId("person-change").first().waitFor({ timeout: 3_000 });
      const changes = await page.getByTestId("person-change").count();
      const events = await page.getByTestId("person-event").count();
      h.expect(changes === 3 && events >= 2, `${changes} changes and ${events} events`);
      const href = await page.getByTestId("person-change").first().getByTestId("person-import-link").getAttribute("href");
      h.expect(href === "#/history?import=42", `the import link is ${href}`);
    });
    await h.checkState(page, scheme, "directory-timeline", "directory (person timeline)");

    await h.check(`[${scheme}] directory: Tab stays in the timeline and Escape gives focus back to the row`, async () => {
      for (let i = 0; i < 8; i += 1) {
        await page.keyboard.press("Tab");
        const inside = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="person-timeline"]'));
        h.expect(inside, `focus left the panel after ${i + 1} Tab presses`);
      }
      await page.keyboard.press("Escape");
      await page.getByTestId("person-timeline").waitFor({ state: "detached", timeout: 3_000 });
      const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-rowindex"));
      h.expect(focused === "4", `focus went to ${focused}, not the row`);
      h.expect((await page.evaluate(() => location.hash)) === "#/directory", "the address still names a person");
    });

    await h.check(`[${scheme}] directory: Export CSV saves exactly the filtered people and says where`, async () => {
      const option = await page.getByTestId("directory-filter-location").locator('option[value="Austin"]').textContent();
      const expected = option.match(/\(([\d,]+)\)$/)[1];
      await page.getByTestId("directory-filter-location").selectOption("Austin");
      await waitForTotal(page, expected);
      await page.getByTestId("directory-export-csv").click();
      const done = page.getByTestId("export-done");
      await done.waitFor({ timeout: 3_000 });
      const said = await done.textContent();
      h.expect(said.includes(`${expected} people`), `says "${said}"`);
      h.expect(said.includes("roster-directory-2026-03-09.csv"), `no path in "${said}"`);
    });
    await h.checkState(page, scheme, "directory-exported", "directory (exported)");
  });

  await h.walkApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "healthy",
    connection: "connected",
    hash: "#/directory?person=3",
    fresh: false,
    directory: { people: 300 },
  }, "directory link run", async (page) => {
    await h.check(`[${scheme}] directory: #/directory?person=3 opens John Backus's timeline`, async () => {
      const panel = page.getByTestId("person-timeline");
      await panel.waitFor({ timeout: 5_000 });
      await panel.getByRole("heading", { name: "John Backus" }).waitFor({ timeout: 3_000 });
      const kinds = await page.getByTestId("person-event").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
      h.expect(kinds.includes("leaver"), `events: ${kinds}`);
      const inside = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="person-timeline"]'));
      h.expect(inside, "focus is not in the panel");
    });
    await h.checkState(page, scheme, "directory-linked", "directory (linked person)");
  });

  await h.walkApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "healthy",
    connection: "connected",
    hash: "#/directory",
    fresh: true,
  }, "directory empty run", async (page) => {
    await h.check(`[${scheme}] directory: before any import, says to run the first import in Review`, async () => {
      await page.getByTestId("directory-empty").waitFor({ timeout: 5_000 });
      const link = page.getByTestId("directory-go-review");
      h.expect((await link.getAttribute("href")) === "#/review", "the link does not lead to Review");
    });
    await h.checkState(page, scheme, "directory-empty", "directory (empty)");
  });
}

export async function runDirectoryWalks(h, browser, baseUrl, mockSource, scheme) {
  await walkDirectoryFlow(h, browser, baseUrl, mockSource, scheme);
}
