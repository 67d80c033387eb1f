// The shell in Chromium with mocked IPC (e2e/mock-ipc.ts): Welcome, the sidebar's connection and setup progress,
// the skip link and focus rings, every screen from the sidebar, the About dialog (its values, focus trap, Escape),
// and a storage error on the main screen and in About.
import fixtures from "./app-info.fixture.json" with { type: "json" };
import {
  ensure,
  expectNoHorizontalOverflow,
  expectNoSeriousAxeViolations,
  shoot,
  test,
  contentOf,
} from "./app";
import { minimumSize } from "./sizes";

const screens = [
  { route: "welcome", title: "Welcome to Roster", placeholder: false },
  { route: "connect", title: "Connect TriNet", placeholder: false },
  { route: "mapping", title: "Map fields", placeholder: false },
  { route: "review", title: "Review and approve", placeholder: false },
  { route: "history", title: "History", placeholder: false },
  { route: "directory", title: "Directory", placeholder: false },
  { route: "settings", title: "Settings", placeholder: false },
];

test("the shell: Welcome, the sidebar, keyboard, every screen and About", async ({ openApp }) => {
  const info = fixtures.healthy;
  const page = await openApp();
  await test.step(`welcome screen shows on start`, async () => {
    const title = page.getByTestId("welcome-title");
    await title.waitFor({ timeout: 5_000 });
    ensure((await contentOf(title)).includes("Welcome to Roster"), "welcome title text is wrong");
    ensure(await page.getByTestId("welcome-connect").isVisible(), "Connect TriNet is not visible");
    ensure(await page.getByTestId("welcome-sandbox").isVisible(), "Try the sandbox company is not visible");
  });

  await test.step(`sidebar shows "Not connected" and step 1 of 3`, async () => {
    await page.getByTestId("connection-status").filter({ hasText: "Not connected" }).waitFor({ timeout: 3_000 });
    ensure((await contentOf(page.getByTestId("setup-progress"))) === "Step 1 of 3", "setup progress is wrong");
  });

  await test.step(`skip link moves focus to the content`, async () => {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => document.activeElement?.textContent);
    ensure(focused === "Skip to content", `first Tab focused "${focused}"`);
    await page.keyboard.press("Enter");
    ensure(await page.evaluate(() => document.activeElement?.id === "main-content"), "main did not get focus");
  });

  await test.step(`keyboard focus is visible on links and buttons`, async () => {
    for (const testId of ["nav-welcome", "welcome-connect", "open-about"]) {
      await page.getByTestId(testId).focus();
      const outline = await page.getByTestId(testId).evaluate((el) => {
        const style = getComputedStyle(el);
        return { matches: el.matches(":focus-visible"), style: style.outlineStyle, width: style.outlineWidth };
      });
      ensure(outline.matches, `${testId} does not match :focus-visible after keyboard focus`);
      ensure(outline.style !== "none" && outline.width !== "0px", `${testId} has no focus ring`);
    }
    await page.getByTestId("welcome-connect").focus();
  });
  await shoot(page, `focus-ring`);

  await test.step(`welcome: no serious accessibility problems`, () => expectNoSeriousAxeViolations(page));
  await shoot(page, `welcome`);

  // Welcome last: the app starts there, and clicking the current page's link is not a navigation.
  for (const screen of [...screens.slice(1), screens[0]]) {
    await test.step(`nav-${screen.route} shows "${screen.title}"`, async () => {
      await page.getByTestId(`nav-${screen.route}`).click();
      await page.locator("main h1").filter({ hasText: screen.title }).waitFor({ timeout: 3_000 });
      ensure((await page.evaluate(() => location.hash)) === `#/${screen.route}`, "address did not change");
      const current = await page.getByTestId(`nav-${screen.route}`).getAttribute("aria-current");
      ensure(current === "page", "the nav link is not marked as the current page");
      const focusedTitle = await page.evaluate(() => document.activeElement?.tagName);
      ensure(focusedTitle === "H1", `focus is on ${focusedTitle}, not the page title`);
      const badge = await page.getByTestId("coming-next").count();
      ensure(badge === (screen.placeholder ? 1 : 0), `"Coming next" badge count is ${badge}`);
    });
    await test.step(`${screen.route}: no serious accessibility problems`, () =>
      expectNoSeriousAxeViolations(page),
    );
    await shoot(page, `${screen.route}`);
  }

  await test.step(`"Connect TriNet" on Welcome leads to Connect`, async () => {
    await page.getByTestId("nav-welcome").click();
    await page.getByTestId("welcome-connect").click();
    await page.locator("main h1").filter({ hasText: "Connect TriNet" }).waitFor({ timeout: 3_000 });
  });

  await test.step(`About shows the values app_info returned`, async () => {
    await page.getByTestId("open-about").click();
    const dialog = page.getByRole("dialog", { name: "About Roster" });
    await dialog.waitFor({ timeout: 3_000 });
    ensure((await dialog.getAttribute("aria-modal")) === "true", "dialog is not aria-modal");
    const expected = {
      "about-version": info.version,
      "about-data-dir": info.data_dir,
      "about-database": info.database_path,
      "about-log-dir": info.log_dir,
      "about-connection": "Not configured",
    };
    for (const [testId, value] of Object.entries(expected)) {
      const shown = await contentOf(page.getByTestId(testId));
      ensure(shown === value, `${testId} shows "${shown}", expected "${value}"`);
    }
    ensure((await page.getByTestId("about-storage-error").count()) === 0, "a storage error shows without one");
  });
  await test.step(`About dialog: no serious accessibility problems`, () =>
    expectNoSeriousAxeViolations(page),
  );
  await shoot(page, `about`);

  await test.step(`Tab stays inside the About dialog`, async () => {
    for (let i = 0; i < 6; i += 1) {
      await page.keyboard.press("Tab");
      const inside = await page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"));
      ensure(inside, `focus left the dialog after ${i + 1} Tab presses`);
    }
  });

  await test.step(`Escape closes About and focus returns to its button`, async () => {
    await page.keyboard.press("Escape");
    await page.getByRole("dialog").waitFor({ state: "detached", timeout: 3_000 });
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
    ensure(focused === "open-about", `focus is on "${focused}" after closing`);
  });

  await page.setViewportSize(minimumSize);
  for (const route of ["welcome", "connect", "review", "settings"]) {
    await test.step(`${route} fits the minimum window size`, async () => {
      await page.getByTestId(`nav-${route}`).click();
      await page.waitForFunction((r) => location.hash === `#/${r}`, route);
      await expectNoHorizontalOverflow(page);
    });
    await shoot(page, `${route}`);
  }
  await test.step(`About fits the minimum window size`, async () => {
    await page.getByTestId("open-about").click();
    await page.getByRole("dialog").waitFor({ timeout: 3_000 });
    await expectNoHorizontalOverflow(page);
    const box = await page.getByRole("dialog").boundingBox();
    ensure(box && box.y >= 0 && box.y + box.height <= minimumSize.height, "the dialog does not fit in the window");
  });
  await shoot(page, `about`);
});

test("a storage error on the main screen and in About", async ({ openApp }) => {
  const info = fixtures.storage_error;
  const page = await openApp({ scenario: "storage_error", connection: "storage_error" });
  await test.step(`a storage error is shown on the main screen`, async () => {
    const banner = page.getByTestId("storage-banner");
    await banner.waitFor({ timeout: 5_000 });
    ensure((await contentOf(banner)).includes(info.storage_error.message), "banner lacks the message");
    // connection_status fails with the same storage error, so the sidebar must not claim anything.
    await page.getByTestId("connection-status").filter({ hasText: "Status unavailable" }).waitFor({ timeout: 3_000 });
    ensure((await contentOf(page.getByTestId("setup-progress"))) === "Step 1 of 3", "progress claims a connection");
  });
  await shoot(page, `storage-error`);

  await test.step(`About shows the storage error prominently`, async () => {
    await page.getByTestId("open-about").click();
    const callout = page.getByTestId("about-storage-error");
    await callout.waitFor({ timeout: 3_000 });
    ensure((await callout.getAttribute("role")) === "alert", "the storage error is not an alert");
    ensure((await contentOf(callout)).includes(info.storage_error.message), "callout lacks the message");
    ensure((await contentOf(page.getByTestId("about-connection"))) === "Configured", "connection is wrong");
  });
  await test.step(`About with a storage error: no serious accessibility problems`, () =>
    expectNoSeriousAxeViolations(page),
  );
  await shoot(page, `about-storage-error`);
});
