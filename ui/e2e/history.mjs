// End-to-end walk of History in Chromium with mocked IPC (src/test/reviewFake.ts and historyFake.ts behind
// e2e/mock-ipc.ts) over 300 imports made every other day up to today: the timeline and its filters with a
// bounded DOM, the first import as the baseline and an old one whose details retention removed, an import's detail
// (mapping version, before → after, a person's timeline link, Export CSV), the
// charts (SVG, their sentences and tables), and lifecycle events: who joined Engineering last quarter, exported.

const imports = 300;
/** As a retention setting of a year: older imports keep their counts but not who changed. */
const keepDetailsDays = 365;

async function rowCount(page, testId) {
  return page.getByTestId(testId).count();
}

async function attrs(page, testId, name) {
  return page.getByTestId(testId).evaluateAll((rows, attr) => rows.map((r) => r.getAttribute(attr)), name);
}

async function walkHistory(h, browser, baseUrl, mockSource, scheme) {
  const options = { scheme, scenario: "healthy", connection: "connected", hash: "#/history", history: { imports, keepDetailsDays } };
  await h.walkApp(browser, baseUrl, mockSource, options, "history run", async (page) => {
    await h.check(`[${scheme}] history: ${imports} imports newest first, only the rows in view in the page`, async () => {
      await page.getByTestId("history-row").first().waitFor({ timeout: 5_000 });
      await page.getByTestId("history-count").filter({ hasText: `${imports} imports` }).waitFor({ timeout: 3_000 });
      const ids = (await attrs(page, "history-row", "data-import-id")).map(Number);
      h.expect(ids[0] === imports && ids.every((id, i) => i === 0 || id < ids[i - 1]), `ids: ${ids.slice(0, 5)}`);
      h.expect((await rowCount(page, "history-row")) < 40, `${await rowCount(page, "history-row")} rows in the DOM`);
      const people = await page.getByTestId("history-row").first().locator(".import-row__people").evaluate((el) => getComputedStyle(el).textAlign);
      h.expect(people === "right", `the people column is aligned ${people}`);
    });
    await h.checkState(page, scheme, "history", "history (timeline)");

    await h.check(`[${scheme}] history: scrolling to the end loads the oldest import and keeps the DOM small`, async () => {
      await page.locator(".vtable__scroll").evaluate((el) => (el.scrollTop = el.scrollHeight));
      await page.locator('[data-testid="history-row"][data-import-id="1"]').waitFor({ timeout: 5_000 });
      h.expect((await rowCount(page, "history-row")) < 40, "too many rows after scrolling");
    });
    await h.checkState(page, scheme, "history-oldest", "history (the oldest imports)");

    await h.check(`[${scheme}] history: the first import is the baseline, and old imports say retention removed their details`, async () => {
      const first = page.locator('[data-testid="history-row"][data-import-id="1"]');
      const baseline = await first.getByTestId("history-baseline").textContent();
      h.expect(/^Baseline: [\d,]+ people already employed$/.test(baseline), `baseline row: ${baseline}`);
      const removed = await first.getByTestId("history-details-removed").textContent();
      h.expect(removed === "Details removed by the retention setting", `old row: ${removed}`);
      await first.getByTestId("history-open").click();
      const note = await page.getByTestId("import-detail-baseline").textContent();
      h.expect(note.includes("not counted as joiners"), `baseline note: ${note}`);
      await page.getByTestId("import-detail-details-removed").waitFor({ timeout: 3_000 });
      const empty = await page.getByTestId("import-lines-empty").textContent();
      h.expect(empty.startsWith("Details removed by the retention setting") && !empty.includes("changed no one"), `empty: ${empty}`);
    });
    await h.checkState(page, scheme, "history-baseline", "history (the baseline, details removed)");

    await h.check(`[${scheme}] history: back to the newest imports`, async () => {
      await page.getByTestId("import-detail-back").click();
      await page.getByTestId("history-row").first().waitFor({ timeout: 3_000 });
      await page.locator(".vtable__scroll").evaluate((el) => (el.scrollTop = 0));
      await page.locator(`[data-testid="history-row"][data-import-id="${imports}"]`).waitFor({ timeout: 5_000 });
    });

    await h.check(`[${scheme}] history: the outcome filter shows failed imports with why they failed`, async () => {
      await page.getByTestId("history-filter-outcome").selectOption("failed");
      await page.waitForFunction(() => {
        const rows = [...document.querySelectorAll('[data-testid="history-row"]')];
        return rows.length > 0 && rows.every((r) => r.getAttribute("data-outcome") === "failed");
      }, null, { timeout: 5_000 });
      const text = await page.getByTestId("history-row").first().textContent();
      h.expect(/TriNet (could not be reached|answered 503)/.test(text), `failed row: ${text}`);
    });
    await h.checkState(page, scheme, "history-failed", "history (failed imports)");

    await h.check(`[${scheme}] history: the date filters narrow to planned days in range`, async () => {
      await page.getByTestId("history-filter-outcome").selectOption("");
      const today = new Date();
      const from = new Date(today.getFullYear(), today.getMonth() - 1, 1).toISOString().slice(0, 10);
      await page.getByTestId("history-filter-from").fill(from);
      await page.waitForFunction((f) => {
        const rows = [...document.querySelectorAll('[data-testid="history-row"] time[datetime]:not([datetime*="T"])')];
        return rows.length > 0 && rows.every((t) => t.getAttribute("datetime") >= f);
      }, from, { timeout: 5_000 });
      const count = await page.getByTestId("history-count").textContent();
      h.expect(Number(count.replace(/\D/g, "")) < 40, `count after from=${from}: ${count}`);
      await page.getByTestId("history-filter-clear").click();
      await page.getByTestId("history-count").filter({ hasText: `${imports} imports` }).waitFor({ timeout: 3_000 });
    });

    let opened;
    await h.check(`[${scheme}] history: opening an applied import shows its mapping version and before → after`, async () => {
      const row = page.locator('[data-testid="history-row"][data-outcome="applied"]').first();
      opened = await row.getAttribute("data-import-id");
      await row.click();
      const detail = page.getByTestId("import-detail");
      await detail.waitFor({ timeout: 3_000 });
      h.expect((await page.evaluate(() => location.hash)) === `#/history?import=${opened}`, "the address does not name the import");
      const version = await page.getByTestId("import-detail-mapping-version").textContent();
      h.expect(/^Version \d+$/.test(version), `mapping version: ${version}`);
      await page.getByTestId("import-line").first().waitFor({ timeout: 3_000 });
      const kinds = await attrs(page, "import-line", "data-kind");
      h.expect(!kinds.includes("unchanged"), "unchanged people show by default");
      await page.getByTestId("import-filter-kind").selectOption("updated");
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="import-line"]')].every((r) => r.getAttribute("data-kind") === "updated"));
      const fact = await page.getByTestId("import-line-fact").first().textContent();
      h.expect(fact.includes(" → "), `no before → after: ${fact}`);
      const link = await page.getByTestId("import-line-person").first().getAttribute("href");
      h.expect(/^#\/directory\?person=\d+$/.test(link), `person link: ${link}`);
    });
    await h.checkState(page, scheme, "history-detail", "history (an import)");

    await h.check(`[${scheme}] history: Export CSV says where the import's file went`, async () => {
      await page.getByTestId("import-export-csv").click();
      const said = await page.getByTestId("export-done").textContent();
      h.expect(new RegExp(`^Saved [\\d,]+ rows to /.*/roster-import-${opened}\\.csv$`).test(said), `confirmation: ${said}`);
      await page.getByTestId("import-detail-back").click();
      await page.getByTestId("history-row").first().waitFor({ timeout: 3_000 });
    });

    await h.check(`[${scheme}] history: charts draw SVG with a sentence each, and switch to tables`, async () => {
      await page.getByTestId("history-tab-charts").click();
      for (const id of ["chart-headcount", "chart-flows"]) {
        const card = page.getByTestId(id);
        const canvas = card.locator("canvas").first();
        await canvas.waitFor({ timeout: 5_000 });
        // Chart.js drew something: the canvas has opaque pixels.
        const inked = await canvas.evaluate((c) => {
          const { width, height } = c;
          const pixels = c.getContext("2d").getImageData(0, 0, width, height).data;
          let n = 0;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) n += 1;
          return n;
        });
        h.expect(inked > 500, `${id} drew ${inked} pixels`);
        const legend = await card.getByTestId("chart-legend").textContent();
        h.expect(legend.length > 0, `${id} has no legend text`);
      }
      const summary = await page.getByTestId("chart-headcount-summary").textContent();
      h.expect(/^Headcount [\d,]+ on .+, (up|down) [\d,]+ since /.test(summary), `headcount summary: ${summary}`);
      const flows = await page.getByTestId("chart-flows-summary").textContent();
      h.expect(/[\d,]+ joiners, [\d,]+ leavers and [\d,]+ rehires?/.test(flows), `flows summary: ${flows}`);
    });
    await h.checkState(page, scheme, "history-charts", "history (charts)");

    await h.check(`[${scheme}] history: "Show as table" gives the same numbers as a table`, async () => {
      await page.getByTestId("chart-headcount-toggle").click();
      const rows = await page.getByTestId("chart-headcount-table").locator("tbody tr").count();
      h.expect(rows > 100, `${rows} headcount rows`);
      await page.getByTestId("chart-flows-toggle").click();
      const months = await page.getByTestId("chart-flows-table").locator("tbody tr").count();
      h.expect(months >= 12, `${months} months`);
      h.expect((await page.getByTestId("chart-flows").locator("canvas").count()) === 0, "the chart stayed");
    });
    await h.checkState(page, scheme, "history-charts-table", "history (charts as tables)");

    await h.check(`[${scheme}] history: who joined Engineering last quarter`, async () => {
      await page.getByTestId("history-tab-events").click();
      await page.getByTestId("events-row").first().waitFor({ timeout: 5_000 });
      await page.getByTestId("events-filter-kind").selectOption("joiner");
      await page.locator('[data-testid="events-filter-department"] option[value="Engineering"]').waitFor({ state: "attached", timeout: 3_000 });
      await page.getByTestId("events-filter-department").selectOption("Engineering");
      await page.getByTestId("events-last-quarter").click();
      const from = await page.getByTestId("events-from").inputValue();
      const to = await page.getByTestId("events-to").inputValue();
      h.expect(/^\d{4}-(01|04|07|10)-01$/.test(from) && to > from, `range ${from} – ${to}`);
      await page.waitForFunction(
        ([f, t]) => {
          const rows = [...document.querySelectorAll('[data-testid="events-row"]')];
          return (
            rows.length > 0 &&
            rows.every(
              (r) =>
                r.getAttribute("data-event-kind") === "joiner" &&
                r.getAttribute("data-department") === "Engineering" &&
                r.getAttribute("data-day") >= f &&
                r.getAttribute("data-day") <= t,
            )
          );
        },
        [from, to],
        { timeout: 5_000 },
      );
    });
    await h.checkState(page, scheme, "history-events", "history (events: Engineering joiners last quarter)");

    await h.check(`[${scheme}] history: exporting the events exports exactly the filtered ones`, async () => {
      const count = Number((await page.getByTestId("events-count").textContent()).replace(/\D/g, ""));
      await page.getByTestId("events-export-csv").click();
      const said = await page.getByTestId("export-done").textContent();
      const expected = `Saved ${count.toLocaleString()} ${count === 1 ? "event" : "events"} to `;
      h.expect(said.startsWith(expected) && /roster-events-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/.test(said), `confirmation: ${said}`);
    });
    await h.checkState(page, scheme, "history-events-exported", "history (events exported)");
  });
}

/** A new install: every part of History says what to do next. */
async function walkEmptyHistory(h, browser, baseUrl, mockSource, scheme) {
  const options = { scheme, scenario: "healthy", connection: "connected", hash: "#/history", fresh: true };
  await h.walkApp(browser, baseUrl, mockSource, options, "history (empty) run", async (page) => {
    await h.check(`[${scheme}] history (empty): each tab says what to do next`, async () => {
      await page.getByTestId("history-empty").waitFor({ timeout: 5_000 });
      await page.getByTestId("history-tab-charts").click();
      await page.getByTestId("charts-empty").waitFor({ timeout: 3_000 });
      await page.getByTestId("history-tab-events").click();
      await page.getByTestId("events-empty").waitFor({ timeout: 3_000 });
    });
    await h.checkState(page, scheme, "history-empty-events", "history (empty)");
  });
}

export async function runHistoryWalks(h, browser, baseUrl, mockSource, scheme) {
  await walkHistory(h, browser, baseUrl, mockSource, scheme);
  await walkEmptyHistory(h, browser, baseUrl, mockSource, scheme);
}
