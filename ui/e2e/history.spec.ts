// History in Chromium with mocked IPC (src/test/reviewFake.ts and historyFake.ts behind
// e2e/mock-ipc.ts) over 300 imports made every other day up to today: the timeline and its filters with a
// bounded DOM, the first import as the baseline and an old one whose details retention removed, an import's detail
// (mapping version, before → after, a person's timeline link, Export CSV), the
// charts (SVG, their sentences and tables), and lifecycle events: who joined Engineering last quarter, exported.
import type { Page } from "@playwright/test";
import { checkState, contentOf, ensure, test, textOf } from "./app";

const imports = 300;
/** As a retention setting of a year: older imports keep their counts but not who changed. */
const keepDetailsDays = 365;

async function rowCount(page: Page, testId: string) {
  return page.getByTestId(testId).count();
}

async function attrs(page: Page, testId: string, name: string) {
  return page.getByTestId(testId).evaluateAll((rows, attr) => rows.map((r) => r.getAttribute(attr)), name);
}

test("history: 300 imports, filters, the baseline, an import, charts and lifecycle events", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/history", history: { imports, keepDetailsDays } });
  await test.step(`history: ${imports} imports newest first, only the rows in view in the page`, async () => {
    await page.getByTestId("history-row").first().waitFor({ timeout: 5_000 });
    await page.getByTestId("history-count").filter({ hasText: `${imports} imports` }).waitFor({ timeout: 3_000 });
    const ids = (await attrs(page, "history-row", "data-import-id")).map(Number);
    ensure(ids[0] === imports && ids.every((id, i) => i === 0 || id < ids[i - 1]), `ids: ${ids.slice(0, 5)}`);
    ensure((await rowCount(page, "history-row")) < 40, `${await rowCount(page, "history-row")} rows in the DOM`);
    const people = await page.getByTestId("history-row").first().locator(".import-row__people").evaluate((el) => getComputedStyle(el).textAlign);
    ensure(people === "right", `the people column is aligned ${people}`);
  });
  await checkState(page, "history", "history (timeline)");

  await test.step(`history: scrolling to the end loads the oldest import and keeps the DOM small`, async () => {
    await page.locator(".vtable__scroll").evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.locator('[data-testid="history-row"][data-import-id="1"]').waitFor({ timeout: 5_000 });
    ensure((await rowCount(page, "history-row")) < 40, "too many rows after scrolling");
  });
  await checkState(page, "history-oldest", "history (the oldest imports)");

  await test.step(`history: the first import is the baseline, and old imports say retention removed their details`, async () => {
    const first = page.locator('[data-testid="history-row"][data-import-id="1"]');
    const baseline = await contentOf(first.getByTestId("history-baseline"));
    ensure(/^Baseline: [\d,]+ people already employed$/.test(baseline), `baseline row: ${baseline}`);
    const removed = await contentOf(first.getByTestId("history-details-removed"));
    ensure(removed === "Details removed by the retention setting", `old row: ${removed}`);
    await first.getByTestId("history-open").click();
    const note = await contentOf(page.getByTestId("import-detail-baseline"));
    ensure(note.includes("not counted as joiners"), `baseline note: ${note}`);
    await page.getByTestId("import-detail-details-removed").waitFor({ timeout: 3_000 });
    const empty = await contentOf(page.getByTestId("import-lines-empty"));
    ensure(empty.startsWith("Details removed by the retention setting") && !empty.includes("changed no one"), `empty: ${empty}`);
  });
  await checkState(page, "history-baseline", "history (the baseline, details removed)");

  await test.step(`history: back to the newest imports`, async () => {
    await page.getByTestId("import-detail-back").click();
    await page.getByTestId("history-row").first().waitFor({ timeout: 3_000 });
    await page.locator(".vtable__scroll").evaluate((el) => (el.scrollTop = 0));
    await page.locator(`[data-testid="history-row"][data-import-id="${imports}"]`).waitFor({ timeout: 5_000 });
  });

  await test.step(`history: the outcome filter shows failed imports with why they failed`, async () => {
    await page.getByTestId("history-filter-outcome").selectOption("failed");
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('[data-testid="history-row"]')];
      return rows.length > 0 && rows.every((r) => r.getAttribute("data-outcome") === "failed");
    }, null, { timeout: 5_000 });
    const text = await contentOf(page.getByTestId("history-row").first());
    ensure(/TriNet (could not be reached|answered 503)/.test(text), `failed row: ${text}`);
  });
  await checkState(page, "history-failed", "history (failed imports)");

  await test.step(`history: the date filters narrow to planned days in range`, async () => {
    await page.getByTestId("history-filter-outcome").selectOption("");
    const today = new Date();
    const from = new Date(today.getFullYear(), today.getMonth() - 1, 1).toISOString().slice(0, 10);
    await page.getByTestId("history-filter-from").fill(from);
    await page.waitForFunction((f) => {
      const rows = [...document.querySelectorAll('[data-testid="history-row"] time[datetime]:not([datetime*="T"])')];
      return rows.length > 0 && rows.every((t) => (t.getAttribute("datetime") ?? "") >= f);
    }, from, { timeout: 5_000 });
    const count = await contentOf(page.getByTestId("history-count"));
    ensure(Number(count.replace(/\D/g, "")) < 40, `count after from=${from}: ${count}`);
    await page.getByTestId("history-filter-clear").click();
    await page.getByTestId("history-count").filter({ hasText: `${imports} imports` }).waitFor({ timeout: 3_000 });
  });

  let opened: string | null = null;
  await test.step(`history: opening an applied import shows its mapping version and before → after`, async () => {
    const row = page.locator('[data-testid="history-row"][data-outcome="applied"]').first();
    opened = await row.getAttribute("data-import-id");
    await row.click();
    const detail = page.getByTestId("import-detail");
    await detail.waitFor({ timeout: 3_000 });
    ensure((await page.evaluate(() => location.hash)) === `#/history?import=${opened}`, "the address does not name the import");
    const version = await contentOf(page.getByTestId("import-detail-mapping-version"));
    ensure(/^Version \d+$/.test(version), `mapping version: ${version}`);
    await page.getByTestId("import-line").first().waitFor({ timeout: 3_000 });
    const kinds = await attrs(page, "import-line", "data-kind");
    ensure(!kinds.includes("unchanged"), "unchanged people show by default");
    await page.getByTestId("import-filter-kind").selectOption("updated");
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="import-line"]')].every((r) => r.getAttribute("data-kind") === "updated"));
    const fact = await contentOf(page.getByTestId("import-line-fact").first());
    ensure(fact.includes(" → "), `no before → after: ${fact}`);
    const link = await page.getByTestId("import-line-person").first().getAttribute("href");
    ensure(/^#\/directory\?person=\d+$/.test(link ?? ""), `person link: ${link}`);
  });
  await checkState(page, "history-detail", "history (an import)");

  await test.step(`history: Export CSV says where the import's file went`, async () => {
    await page.getByTestId("import-export-csv").click();
    const said = await contentOf(page.getByTestId("export-done"));
    ensure(new RegExp(`^Saved [\\d,]+ rows to /.*/roster-import-${opened}\\.csv$`).test(said), `confirmation: ${said}`);
    await page.getByTestId("import-detail-back").click();
    await page.getByTestId("history-row").first().waitFor({ timeout: 3_000 });
  });

  await test.step(`history: charts draw SVG with a sentence each, and switch to tables`, async () => {
    await page.getByTestId("history-tab-charts").click();
    for (const id of ["chart-headcount", "chart-flows"]) {
      const card = page.getByTestId(id);
      const canvas = card.locator("canvas").first();
      await canvas.waitFor({ timeout: 5_000 });
      // Chart.js drew something: the canvas has opaque pixels.
      const inked = await canvas.evaluate((c: HTMLCanvasElement) => {
        const { width, height } = c;
        const pixels = c.getContext("2d")!.getImageData(0, 0, width, height).data;
        let n = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n += 1;
        return n;
      });
      ensure(inked > 500, `${id} drew ${inked} pixels`);
      const legend = await contentOf(card.getByTestId("chart-legend"));
      ensure(legend.length > 0, `${id} has no legend text`);
    }
    const summary = await contentOf(page.getByTestId("chart-headcount-summary"));
    ensure(/^Headcount [\d,]+ on .+, (up|down) [\d,]+ since /.test(summary), `headcount summary: ${summary}`);
    const flows = await contentOf(page.getByTestId("chart-flows-summary"));
    ensure(/[\d,]+ joiners, [\d,]+ leavers and [\d,]+ rehires?/.test(flows), `flows summary: ${flows}`);
  });
  await checkState(page, "history-charts", "history (charts)");

  await test.step(`history: "Show as table" gives the same numbers as a table`, async () => {
    await page.getByTestId("chart-headcount-toggle").click();
    const rows = await page.getByTestId("chart-headcount-table").locator("tbody tr").count();
    ensure(rows > 100, `${rows} headcount rows`);
    await page.getByTestId("chart-flows-toggle").click();
    const months = await page.getByTestId("chart-flows-table").locator("tbody tr").count();
    ensure(months >= 12, `${months} months`);
    ensure((await page.getByTestId("chart-flows").locator("canvas").count()) === 0, "the chart stayed");
  });
  await checkState(page, "history-charts-table", "history (charts as tables)");

  await test.step(`history: who joined Engineering last quarter`, async () => {
    await page.getByTestId("history-tab-events").click();
    await page.getByTestId("events-row").first().waitFor({ timeout: 5_000 });
    await page.getByTestId("events-filter-kind").selectOption("joiner");
    await page.locator('[data-testid="events-filter-department"] option[value="Engineering"]').waitFor({ state: "attached", timeout: 3_000 });
    await page.getByTestId("events-filter-department").selectOption("Engineering");
    await page.getByTestId("events-last-quarter").click();
    const from = await page.getByTestId("events-from").inputValue();
    const to = await page.getByTestId("events-to").inputValue();
    ensure(/^\d{4}-(01|04|07|10)-01$/.test(from) && to > from, `range ${from} – ${to}`);
    await page.waitForFunction(
      ([f, t]) => {
        const rows = [...document.querySelectorAll('[data-testid="events-row"]')];
        return (
          rows.length > 0 &&
          rows.every(
            (r) =>
              r.getAttribute("data-event-kind") === "joiner" &&
              r.getAttribute("data-department") === "Engineering" &&
              (r.getAttribute("data-day") ?? "") >= f &&
              (r.getAttribute("data-day") ?? "") <= t,
          )
        );
      },
      [from, to],
      { timeout: 5_000 },
    );
  });
  await checkState(page, "history-events", "history (events: Engineering joiners last quarter)");

  await test.step(`history: exporting the events exports exactly the filtered ones`, async () => {
    const count = Number((await contentOf(page.getByTestId("events-count"))).replace(/\D/g, ""));
    await page.getByTestId("events-export-csv").click();
    const said = await contentOf(page.getByTestId("export-done"));
    const expected = `Saved ${count.toLocaleString()} ${count === 1 ? "event" : "events"} to `;
    ensure(said.startsWith(expected) && /roster-events-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/.test(said), `confirmation: ${said}`);
  });
  await checkState(page, "history-events-exported", "history (events exported)");
});

/** A new install: every part of History says what to do next. */
test("history: a new install says what to do next on each tab", async ({ openApp }) => {
  const page = await openApp({ connection: "connected", hash: "#/history", fresh: true });
  await test.step(`history (empty): each tab says what to do next`, async () => {
    await page.getByTestId("history-empty").waitFor({ timeout: 5_000 });
    await page.getByTestId("history-tab-reconciliations").click();
    const none = await textOf(page, "reconciliation-timeline-empty");
    ensure(none.includes("roster reconcile --target NAME"), `reconciliations: ${none}`);
    await page.getByTestId("history-tab-charts").click();
    await page.getByTestId("charts-empty").waitFor({ timeout: 3_000 });
    await page.getByTestId("history-tab-events").click();
    await page.getByTestId("events-empty").waitFor({ timeout: 3_000 });
  });
  await checkState(page, "history-empty-events", "history (empty)");
});
