// The Directory in Chromium with mocked IPC (src/test/directoryFake.ts behind
// e2e/mock-ipc.ts): 5,004 people paged as the table scrolls with a bounded DOM, search, each filter with its
// counts, no match and Clear filters, the person timeline from the keyboard and from the address, CSV export's
// confirmation, and an empty directory before any import; axe and both window sizes in each state.
import type { Page } from "@playwright/test";
import { checkState, contentOf, ensure, expectBoundedAtEnd, shoot, test, textOf } from "./app";

const everyone = 5_004;

async function rowCount(page: Page) {
  return page.getByTestId("directory-row").count();
}

async function waitForTotal(page: Page, total: string) {
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="directory-total"]')?.textContent === want,
    total,
    { timeout: 5_000 },
  );
}

/** Every drawn row's text, once the rows for `total` have arrived. */
async function rowTexts(page: Page) {
  await page.getByTestId("directory-row").first().waitFor({ timeout: 5_000 });
  return page.getByTestId("directory-row").allTextContents();
}

test("directory: 5,004 people scrolled, searched, filtered, a timeline from the keyboard, export", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/directory", fresh: false, directory: { people: everyone - 4, delayMs: 40 } });
  await test.step(`directory: everyone's count with separators and the first rows`, async () => {
    await waitForTotal(page, "5,004");
    const said = await contentOf(page.locator(".directory-summary__count"));
    ensure(said === "5,004 people", `the count says "${said}"`);
    const rows = await rowTexts(page);
    ensure(rows.length > 5 && rows.length <= 40, `${rows.length} rows in the DOM`);
    ensure(/Active|On leave|Pending start|Former/.test(rows[0]), `no status in "${rows[0]}"`);
    const department = await page.getByTestId("directory-filter-department").locator("option").allTextContents();
    ensure(department[0] === "All departments" && department.some((o) => /^Engineering \([\d,]+\)$/.test(o)), `options: ${department}`);
  });
  await checkState(page, "directory", "directory");

  await test.step(`directory: scrolling 5,004 people keeps the DOM bounded and reaches the last`, async () => {
    const scroller = page.locator(".directory-table__scroll");
    for (const share of [0.25, 0.5, 0.75]) {
      await scroller.evaluate((el, s) => (el.scrollTop = el.scrollHeight * s), share);
      await page.waitForTimeout(60);
      const drawn = await rowCount(page);
      ensure(drawn <= 40, `${drawn} rows in the DOM at ${share * 100}%`);
    }
    const last = page.locator(`[data-testid="directory-row"][aria-rowindex="${everyone + 1}"]`);
    await expectBoundedAtEnd(scroller, last, page.getByTestId("directory-row"));
  });
  await shoot(page, `directory-scrolled`);

  await test.step(`directory: search finds one person by name, then by employee ID`, async () => {
    await page.getByTestId("directory-search").fill("hopper");
    await waitForTotal(page, "1");
    const rows = await rowTexts(page);
    ensure(rows.length === 1 && rows[0].includes("Grace Hopper"), `rows: ${rows}`);
    ensure((await contentOf(page.locator(".directory-summary__count"))) === "1 of 5,004 people", "the count is wrong");
    await page.getByTestId("directory-search").fill("00001000003");
    // The total stays 1, so wait for the row itself.
    await page.getByTestId("directory-row").filter({ hasText: "John Backus" }).waitFor({ timeout: 5_000 });
    ensure((await rowTexts(page)).length === 1, "search by employee ID found more than John Backus");
    await page.getByTestId("directory-search").fill("");
    await waitForTotal(page, "5,004");
  });

  for (const [testId, value, shows] of [
    ["directory-filter-department", "Engineering", "Engineering"],
    ["directory-filter-location", "London", "London"],
    ["directory-filter-status", "on_leave", "On leave"],
  ]) {
    await test.step(`directory: the ${testId.replace("directory-filter-", "")} filter shows only ${shows}`, async () => {
      const option = await contentOf(page.getByTestId(testId).locator(`option[value="${value}"]`));
      const expected = option.match(/\(([\d,]+)\)$/)?.[1];
      ensure(expected, `no count in "${option}"`);
      await page.getByTestId(testId).selectOption(value);
      await waitForTotal(page, expected);
      const rows = await rowTexts(page);
      ensure(rows.every((r) => r.includes(shows)), `a row without ${shows}: ${rows.find((r) => !r.includes(shows))}`);
      await page.getByTestId(testId).selectOption("");
      await waitForTotal(page, "5,004");
    });
  }

  await test.step(`directory: filters combine, and no match says so with Clear filters`, async () => {
    await page.getByTestId("directory-filter-department").selectOption("Finance");
    await page.getByTestId("directory-search").fill("nobody-by-this-name");
    await page.getByTestId("directory-no-match").waitFor({ timeout: 5_000 });
    const said = await textOf(page, "directory-no-match");
    ensure(said.includes("No one matches “nobody-by-this-name” with these filters"), `says "${said}"`);
    ensure(await page.getByTestId("directory-export-csv").isDisabled(), "Export is on with no one to export");
  });
  await checkState(page, "directory-no-match", "directory (no match)");

  await test.step(`directory: Clear filters shows everyone again`, async () => {
    await page.getByTestId("directory-no-match").getByRole("button", { name: "Clear filters" }).click();
    await waitForTotal(page, "5,004");
    ensure((await page.getByTestId("directory-search").inputValue()) === "", "the search stayed");
    ensure((await page.getByTestId("directory-filter-department").inputValue()) === "", "the department stayed");
  });

  await test.step(`directory: arrow keys move between rows and Enter opens the timeline`, async () => {
    const first = page.getByTestId("directory-row").first();
    await first.focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-rowindex"));
    ensure(focused === "4", `focus is on row ${focused}`);
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    ensure(ring !== "none", "the focused row has no focus ring");
    const personId = await page.evaluate(() => document.activeElement?.getAttribute("data-person-id"));
    await page.keyboard.press("Enter");
    const panel = page.getByTestId("person-timeline");
    await panel.waitFor({ timeout: 3_000 });
    ensure((await page.evaluate(() => location.hash)) === `#/directory?person=${personId}`, "the address does not name the person");
    await page.getByTestId("person-change").first().waitFor({ timeout: 3_000 });
    const changes = await page.getByTestId("person-change").count();
    const events = await page.getByTestId("person-event").count();
    ensure(changes === 3 && events >= 2, `${changes} changes and ${events} events`);
    const href = await page.getByTestId("person-change").first().getByTestId("person-import-link").getAttribute("href");
    ensure(href === "#/history?import=42", `the import link is ${href}`);
  });
  await checkState(page, "directory-timeline", "directory (person timeline)");

  await test.step(`directory: Tab stays in the timeline and Escape gives focus back to the row`, async () => {
    for (let i = 0; i < 8; i += 1) {
      await page.keyboard.press("Tab");
      const inside = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="person-timeline"]'));
      ensure(inside, `focus left the panel after ${i + 1} Tab presses`);
    }
    await page.keyboard.press("Escape");
    await page.getByTestId("person-timeline").waitFor({ state: "detached", timeout: 3_000 });
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-rowindex"));
    ensure(focused === "4", `focus went to ${focused}, not the row`);
    ensure((await page.evaluate(() => location.hash)) === "#/directory", "the address still names a person");
  });

  await test.step(`directory: Export CSV saves exactly the filtered people and says where`, async () => {
    const option = await contentOf(page.getByTestId("directory-filter-location").locator('option[value="Austin"]'));
    const expected = option.match(/\(([\d,]+)\)$/)?.[1];
    ensure(expected, `no count in "${option}"`);
    await page.getByTestId("directory-filter-location").selectOption("Austin");
    await waitForTotal(page, expected);
    await page.getByTestId("directory-export-csv").click();
    const done = page.getByTestId("export-done");
    await done.waitFor({ timeout: 3_000 });
    const said = await contentOf(done);
    ensure(said.includes(`${expected} people`), `says "${said}"`);
    ensure(said.includes("roster-directory-2026-03-09.csv"), `no path in "${said}"`);
  });
  await checkState(page, "directory-exported", "directory (exported)");
});

test("directory: an address naming a person opens their timeline", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/directory?person=3", fresh: false, directory: { people: 300 } });
  await test.step(`directory: #/directory?person=3 opens John Backus's timeline`, async () => {
    const panel = page.getByTestId("person-timeline");
    await panel.waitFor({ timeout: 5_000 });
    await panel.getByRole("heading", { name: "John Backus" }).waitFor({ timeout: 3_000 });
    const kinds = await page.getByTestId("person-event").evaluateAll((els) => els.map((e) => e.getAttribute("data-kind")));
    ensure(kinds.includes("leaver"), `events: ${kinds}`);
    const inside = await page.evaluate(() => !!document.activeElement?.closest('[data-testid="person-timeline"]'));
    ensure(inside, "focus is not in the panel");
  });
  await checkState(page, "directory-linked", "directory (linked person)");
});

test("directory: before any import, a way to Review", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/directory", fresh: true });
  await test.step(`directory: before any import, says to run the first import in Review`, async () => {
    await page.getByTestId("directory-empty").waitFor({ timeout: 5_000 });
    const link = page.getByTestId("directory-go-review");
    ensure((await link.getAttribute("href")) === "#/review", "the link does not lead to Review");
  });
  await checkState(page, "directory-empty", "directory (empty)");
});
