// End-to-end check of the built UI (ui/dist) in Chromium with mocked IPC: screens, About, keyboard, Map fields,
// Review and History, the sidebar's setup progress,
// accessibility (axe) and layout, in light and dark, at the default and the minimum window size.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { build } from "vite";
import { runMappingWalks } from "./mapping.mjs";
import { runReviewWalks } from "./review.mjs";
import { runHistoryWalks } from "./history.mjs";
import { runDirectoryWalks } from "./directory.mjs";
import { runSettingsWalks } from "./settings.mjs";

const uiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifactsDir = path.join(uiDir, "e2e", "artifacts");
const require = createRequire(import.meta.url);
const fixtures = JSON.parse(await readFile(path.join(uiDir, "e2e", "app-info.fixture.json"), "utf8"));

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const screens = [
  { route: "welcome", title: "Welcome to Roster", placeholder: false },
  { route: "connect", title: "Connect TriNet", placeholder: false },
  { route: "mapping", title: "Map fields", placeholder: false },
  { route: "review", title: "Review and approve", placeholder: false },
  { route: "history", title: "History", placeholder: false },
  { route: "directory", title: "Directory", placeholder: false },
  { route: "settings", title: "Settings", placeholder: false },
];
const defaultSize = { width: 1200, height: 780 };
const minimumSize = { width: 960, height: 620 };

let passed = 0;
let failed = 0;

async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok    ${name}`);
  } catch (error) {
    failed += 1;
    const detail = String(error?.message ?? error).split("\n").slice(0, 12).join("\n      ");
    console.log(`FAIL  ${name}\n      ${detail}`);
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Bundles e2e/mock-ipc.ts (and @tauri-apps/api/mocks) into one script for page.addInitScript. */
async function bundleMockIpc() {
  const result = await build({
    configFile: false,
    root: uiDir,
    logLevel: "silent",
    publicDir: false,
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      outDir: path.join(artifactsDir, ".mock-ipc"),
      lib: { entry: path.join(uiDir, "e2e", "mock-ipc.ts"), formats: ["iife"], name: "RosterMockIpc" },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((o) => o.output).find((file) => file.type === "chunk");
  expect(chunk, "bundling e2e/mock-ipc.ts produced no script");
  return chunk.code;
}

async function startPreview(port) {
  const viteBin = path.join(uiDir, "node_modules", ".bin", "vite");
  const child = spawn(viteBin, ["preview", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: uiDir,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const url = `http://127.0.0.1:${port}/`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited early:\n${output}`);
    try {
      const response = await fetch(url);
      if (response.ok) return { child, url };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  child.kill("SIGKILL");
  throw new Error(`vite preview did not answer on ${url} within 20s:\n${output}`);
}

async function stopProcess(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3_000);
  await exited;
  clearTimeout(timer);
}

const axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

/** Serious and critical axe violations on the page as it is now. */
async function seriousAxeViolations(page) {
  // evaluate, not addScriptTag: the preview serves the app's CSP, which blocks injected inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const results = await window.axe.run(document, { resultTypes: ["violations"] });
    return results.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.impact} ${v.id}: ${v.help} [${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}]`);
  });
}

async function expectNoSeriousAxeViolations(page) {
  const violations = await seriousAxeViolations(page);
  expect(violations.length === 0, `axe found:\n${violations.join("\n")}`);
}

async function expectNoHorizontalOverflow(page) {
  const overflow = await page.evaluate(() => {
    const offenders = [];
    const main = document.querySelector("main");
    if (document.documentElement.scrollWidth > window.innerWidth) {
      const wide = Array.from(document.querySelectorAll("body *"))
        .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
        .filter((el) => !el.parentElement?.closest("[data-scrolls-sideways]"))
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`)
        .slice(0, 3);
      offenders.push(`document (${wide.join(", ") || "nothing visible sticks out"})`);
    }
    if (main && main.scrollWidth > main.clientWidth) offenders.push("main");
    for (const el of document.querySelectorAll("main *, [role=dialog] *, .sidebar *")) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible" && el.clientWidth > 0) {
        offenders.push(`${el.tagName.toLowerCase()}.${el.className}`);
      }
    }
    return offenders;
  });
  expect(overflow.length === 0, `content overflows horizontally: ${overflow.slice(0, 5).join(", ")}`);
}

async function shoot(page, name) {
  const size = page.viewportSize();
  await page.screenshot({ path: path.join(artifactsDir, `${name}-${size.width}x${size.height}.png`) });
}

async function openApp(
  browser,
  baseUrl,
  mockSource,
  {
    scheme,
    scenario,
    connection = "not_connected",
    holdSandbox = false,
    hash = "",
    catalogDelay = 150,
    review = {},
    history = undefined,
    directory = {},
    fresh = undefined,
  },
) {
  const context = await browser.newContext({ viewport: defaultSize, colorScheme: scheme, reducedMotion: "reduce" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(
    `window.__ROSTER_E2E_SCENARIO__ = ${JSON.stringify(scenario)};` +
      `window.__ROSTER_E2E_CONNECTION__ = ${JSON.stringify(connection)};` +
      `window.__ROSTER_E2E_HOLD_SANDBOX__ = ${JSON.stringify(holdSandbox)};` +
      `window.__ROSTER_E2E_CATALOG_DELAY__ = ${JSON.stringify(catalogDelay)};` +
      `window.__ROSTER_E2E_REVIEW__ = ${JSON.stringify(review)};` +
      (history === undefined ? "" : `window.__ROSTER_E2E_HISTORY__ = ${JSON.stringify(history)};`) +
      `window.__ROSTER_E2E_DIRECTORY__ = ${JSON.stringify(directory)};` +
      (fresh === undefined ? "" : `window.__ROSTER_E2E_FRESH__ = ${JSON.stringify(fresh)};`),
  );
  await page.addInitScript(mockSource);
  // As a debug build of Roster's core does (app::test_hooks): the record of IPC replies the UI fills.
  await page.addInitScript("window.__rosterIpcReplies = [];");
  // As in the Tauri window (freezePrototype): a library that assigns toString or constructor on an
  // object literal throws there, so it must throw here too.
  await page.addInitScript("Object.freeze(Object.prototype);");
  await page.goto(baseUrl + hash);
  return { context, page, problems };
}

/**
 * Opens the app with `options`, runs `body(page)`, then checks that the run (named `run` in the check) logged no
 * console errors or CSP violations; the browser context is closed either way.
 */
async function walkApp(browser, baseUrl, mockSource, options, run, body) {
  const { context, page, problems } = await openApp(browser, baseUrl, mockSource, options);
  try {
    await body(page);
    await check(`[${options.scheme}] ${run ? `${run}: ` : ""}no console errors or CSP violations`, async () => {
      expect(problems.length === 0, problems.join("\n"));
    });
  } finally {
    await context.close();
  }
}

async function walkHealthyApp(browser, baseUrl, mockSource, scheme) {
  const info = fixtures.healthy;
  await walkApp(browser, baseUrl, mockSource, { scheme, scenario: "healthy" }, "", async (page) => {
    await check(`[${scheme}] welcome screen shows on start`, async () => {
      const title = page.getByTestId("welcome-title");
      await title.waitFor({ timeout: 5_000 });
      expect((await title.textContent()).includes("Welcome to Roster"), "welcome title text is wrong");
      expect(await page.getByTestId("welcome-connect").isVisible(), "Connect TriNet is not visible");
      expect(await page.getByTestId("welcome-sandbox").isVisible(), "Try the sandbox company is not visible");
    });

    await check(`[${scheme}] sidebar shows "Not connected" and step 1 of 3`, async () => {
      await page.getByTestId("connection-status").filter({ hasText: "Not connected" }).waitFor({ timeout: 3_000 });
      expect((await page.getByTestId("setup-progress").textContent()) === "Step 1 of 3", "setup progress is wrong");
    });

    await check(`[${scheme}] skip link moves focus to the content`, async () => {
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      expect(focused === "Skip to content", `first Tab focused "${focused}"`);
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.id === "main-content"), "main did not get focus");
    });

    await check(`[${scheme}] keyboard focus is visible on links and buttons`, async () => {
      for (const testId of ["nav-welcome", "welcome-connect", "open-about"]) {
        await page.getByTestId(testId).focus();
        const outline = await page.getByTestId(testId).evaluate((el) => {
          const style = getComputedStyle(el);
          return { matches: el.matches(":focus-visible"), style: style.outlineStyle, width: style.outlineWidth };
        });
        expect(outline.matches, `${testId} does not match :focus-visible after keyboard focus`);
        expect(outline.style !== "none" && outline.width !== "0px", `${testId} has no focus ring`);
      }
      await page.getByTestId("welcome-connect").focus();
    });
    await shoot(page, `${scheme}-focus-ring`);

    await check(`[${scheme}] welcome: no serious accessibility problems`, () => expectNoSeriousAxeViolations(page));
    await shoot(page, `${scheme}-welcome`);

    // Welcome last: the app starts there, and clicking the current page's link is not a navigation.
    for (const screen of [...screens.slice(1), screens[0]]) {
      await check(`[${scheme}] nav-${screen.route} shows "${screen.title}"`, async () => {
        await page.getByTestId(`nav-${screen.route}`).click();
        await page.locator("main h1").filter({ hasText: screen.title }).waitFor({ timeout: 3_000 });
        expect((await page.evaluate(() => location.hash)) === `#/${screen.route}`, "address did not change");
        const current = await page.getByTestId(`nav-${screen.route}`).getAttribute("aria-current");
        expect(current === "page", "the nav link is not marked as the current page");
        const focusedTitle = await page.evaluate(() => document.activeElement?.tagName);
        expect(focusedTitle === "H1", `focus is on ${focusedTitle}, not the page title`);
        const badge = await page.getByTestId("coming-next").count();
        expect(badge === (screen.placeholder ? 1 : 0), `"Coming next" badge count is ${badge}`);
      });
      await check(`[${scheme}] ${screen.route}: no serious accessibility problems`, () =>
        expectNoSeriousAxeViolations(page),
      );
      await shoot(page, `${scheme}-${screen.route}`);
    }

    await check(`[${scheme}] "Connect TriNet" on Welcome leads to Connect`, async () => {
      await page.getByTestId("nav-welcome").click();
      await page.getByTestId("welcome-connect").click();
      await page.locator("main h1").filter({ hasText: "Connect TriNet" }).waitFor({ timeout: 3_000 });
    });

    await check(`[${scheme}] About shows the values app_info returned`, async () => {
      await page.getByTestId("open-about").click();
      const dialog = page.getByRole("dialog", { name: "About Roster" });
      await dialog.waitFor({ timeout: 3_000 });
      expect((await dialog.getAttribute("aria-modal")) === "true", "dialog is not aria-modal");
      const expected = {
        "about-version": info.version,
        "about-data-dir": info.data_dir,
        "about-database": info.database_path,
        "about-log-dir": info.log_dir,
        "about-connection": "Not configured",
      };
      for (const [testId, value] of Object.entries(expected)) {
        const shown = await page.getByTestId(testId).textContent();
        expect(shown === value, `${testId} shows "${shown}", expected "${value}"`);
      }
      expect((await page.getByTestId("about-storage-error").count()) === 0, "a storage error shows without one");
    });
    await check(`[${scheme}] About dialog: no serious accessibility problems`, () =>
      expectNoSeriousAxeViolations(page),
    );
    await shoot(page, `${scheme}-about`);

    await check(`[${scheme}] Tab stays inside the About dialog`, async () => {
      for (let i = 0; i < 6; i += 1) {
        await page.keyboard.press("Tab");
        const inside = await page.evaluate(() => !!document.activeElement?.closest("[role=dialog]"));
        expect(inside, `focus left the dialog after ${i + 1} Tab presses`);
      }
    });

    await check(`[${scheme}] Escape closes About and focus returns to its button`, async () => {
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "detached", timeout: 3_000 });
      const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
      expect(focused === "open-about", `focus is on "${focused}" after closing`);
    });

    await page.setViewportSize(minimumSize);
    for (const route of ["welcome", "connect", "review", "settings"]) {
      await check(`[${scheme}] ${route} fits the minimum window size`, async () => {
        await page.getByTestId(`nav-${route}`).click();
        await page.waitForFunction((r) => location.hash === `#/${r}`, route);
        await expectNoHorizontalOverflow(page);
      });
      await shoot(page, `${scheme}-${route}`);
    }
    await check(`[${scheme}] About fits the minimum window size`, async () => {
      await page.getByTestId("open-about").click();
      await page.getByRole("dialog").waitFor({ timeout: 3_000 });
      await expectNoHorizontalOverflow(page);
      const box = await page.getByRole("dialog").boundingBox();
      expect(box.y >= 0 && box.y + box.height <= minimumSize.height, "the dialog does not fit in the window");
    });
    await shoot(page, `${scheme}-about`);
  });
}

async function walkStorageError(browser, baseUrl, mockSource, scheme) {
  const info = fixtures.storage_error;
  await walkApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "storage_error",
    connection: "storage_error",
  }, "storage error run", async (page) => {
    await check(`[${scheme}] a storage error is shown on the main screen`, async () => {
      const banner = page.getByTestId("storage-banner");
      await banner.waitFor({ timeout: 5_000 });
      expect((await banner.textContent()).includes(info.storage_error.message), "banner lacks the message");
      // connection_status fails with the same storage error, so the sidebar must not claim anything.
      await page.getByTestId("connection-status").filter({ hasText: "Status unavailable" }).waitFor({ timeout: 3_000 });
      expect((await page.getByTestId("setup-progress").textContent()) === "Step 1 of 3", "progress claims a connection");
    });
    await shoot(page, `${scheme}-storage-error`);

    await check(`[${scheme}] About shows the storage error prominently`, async () => {
      await page.getByTestId("open-about").click();
      const callout = page.getByTestId("about-storage-error");
      await callout.waitFor({ timeout: 3_000 });
      expect((await callout.getAttribute("role")) === "alert", "the storage error is not an alert");
      expect((await callout.textContent()).includes(info.storage_error.message), "callout lacks the message");
      expect((await page.getByTestId("about-connection").textContent()) === "Configured", "connection is wrong");
    });
    await check(`[${scheme}] About with a storage error: no serious accessibility problems`, () =>
      expectNoSeriousAxeViolations(page),
    );
    await shoot(page, `${scheme}-about-storage-error`);
  });
}

const connectFixtures = JSON.parse(await readFile(path.join(uiDir, "e2e", "connection.fixture.json"), "utf8"));
const goodSecret = "good-e2e-secret-4711";
const wrongSecret = "wrong-e2e-secret-0815";

/** Axe and a screenshot at both window sizes, and no sideways overflow at the small one. */
async function checkState(page, scheme, name, label) {
  await check(`[${scheme}] ${label}: no serious accessibility problems`, () => expectNoSeriousAxeViolations(page));
  await shoot(page, `${scheme}-${name}`);
  await page.setViewportSize(minimumSize);
  await check(`[${scheme}] ${label}: fits the minimum window size`, () => expectNoHorizontalOverflow(page));
  await shoot(page, `${scheme}-${name}`);
  await page.setViewportSize(defaultSize);
}

async function fill(page, testId, value) {
  await page.getByTestId(testId).fill(value);
}

async function invalidFields(page) {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll("[aria-invalid=true]")).map((el) => el.getAttribute("data-testid")),
  );
}

async function walkConnect(browser, baseUrl, mockSource, scheme) {
  const creds = connectFixtures.credentials;
  const result = connectFixtures.test_result;
  await walkApp(browser, baseUrl, mockSource, { scheme, scenario: "healthy", hash: "#/connect" }, "connect run", async (page) => {
    await check(`[${scheme}] connect: the empty form with Save off`, async () => {
      await page.getByTestId("connect-company-id").waitFor({ timeout: 5_000 });
      expect((await page.getByTestId("connect-client-secret").getAttribute("type")) === "password", "secret is not masked");
      expect(await page.getByTestId("connect-save").isDisabled(), "Save is enabled before a test");
      expect((await page.getByTestId("connect-advanced").getAttribute("aria-expanded")) === "false", "Advanced is open");
    });
    await checkState(page, scheme, "connect-empty", "connect (empty)");

    await check(`[${scheme}] connect: empty, padded and non-http values are refused before any request`, async () => {
      await page.getByTestId("connect-test").click();
      let invalid = await invalidFields(page);
      expect(invalid.length === 3, `expected 3 invalid fields, got ${invalid.join(", ")}`);
      await fill(page, "connect-company-id", ` ${creds.company_id}`);
      await fill(page, "connect-client-id", creds.client_id);
      await fill(page, "connect-client-secret", "");
      await page.getByTestId("connect-advanced").click();
      await fill(page, "connect-base-url", "ftp://api.trinet.com");
      await page.getByTestId("connect-test").click();
      invalid = await invalidFields(page);
      const expected = ["connect-company-id", "connect-client-secret", "connect-base-url"];
      expect(JSON.stringify(invalid) === JSON.stringify(expected), `invalid fields: ${invalid.join(", ")}`);
      const text = await page.locator("main").textContent();
      expect(text.includes("Copying from a web page often adds one"), "no explanation for the padded value");
      expect(text.includes("must start with https://"), "no explanation for the bad URL");
      expect((await page.getByTestId("connect-error").count()) === 0, "an error callout showed without a request");
    });
    await checkState(page, scheme, "connect-validation", "connect (validation errors)");

    await check(`[${scheme}] connect: a wrong secret shows the bad-credentials message`, async () => {
      await fill(page, "connect-company-id", creds.company_id);
      await fill(page, "connect-base-url", "");
      await page.getByTestId("connect-advanced").click();
      await fill(page, "connect-client-secret", wrongSecret);
      await page.getByTestId("connect-test").click();
      const error = page.getByTestId("connect-error");
      await error.waitFor({ timeout: 3_000 });
      expect((await error.getAttribute("data-code")) === "bad_credentials", "data-code is not bad_credentials");
      expect((await error.getAttribute("role")) === "alert", "the error is not an alert");
      const text = await error.textContent();
      expect(text.includes("TriNet didn't accept these credentials"), `headline missing: ${text}`);
      expect(text.includes("TriNet did not accept the Client ID and Client Secret"), `message missing: ${text}`);
      expect(await page.getByTestId("connect-save").isDisabled(), "Save is enabled after a failed test");
    });
    await checkState(page, scheme, "connect-error", "connect (error)");

    await check(`[${scheme}] connect: a passing test shows the company and scopes and turns Save on`, async () => {
      await fill(page, "connect-client-secret", goodSecret);
      await page.getByTestId("connect-secret-toggle").click();
      expect((await page.getByTestId("connect-client-secret").getAttribute("type")) === "text", "Show did not reveal");
      expect((await page.getByTestId("connect-secret-toggle").getAttribute("aria-pressed")) === "true", "not pressed");
      await page.getByTestId("connect-secret-toggle").click();
      await page.getByTestId("connect-test").click();
      const success = page.getByTestId("connect-success");
      await success.waitFor({ timeout: 3_000 });
      const text = await success.textContent();
      for (const part of [result.company_name, result.legal_name, ...result.scopes]) {
        expect(text.includes(part), `success panel lacks "${part}"`);
      }
      expect(await page.getByTestId("connect-save").isEnabled(), "Save is still off after a pass");
      await fill(page, "connect-client-id", `${creds.client_id}x`);
      expect(await page.getByTestId("connect-save").isDisabled(), "Save stays on after an edit");
      await fill(page, "connect-client-id", creds.client_id);
      expect(await page.getByTestId("connect-save").isEnabled(), "Save is off for the tested values");
    });
    await checkState(page, scheme, "connect-success", "connect (success)");

    await check(`[${scheme}] connect: saving shows the connected summary everywhere`, async () => {
      await page.getByTestId("connect-save").click();
      const title = page.getByTestId("connect-summary-title");
      await title.waitFor({ timeout: 3_000 });
      expect((await title.textContent()) === `Connected — ${result.company_name}`, `title: ${await title.textContent()}`);
      const status = await page.getByTestId("connection-status").textContent();
      expect(status.includes("Connected") && status.includes(result.company_name), `sidebar says "${status}"`);
      expect((await page.getByTestId("setup-progress").textContent()) === "Step 2 of 3", "step 1 is not done");
      expect((await page.getByTestId("sandbox-badge").count()) === 0, "a Sandbox badge shows for a real company");
      expect((await page.getByTestId("connect-last-verified").textContent()) === "just now", "last verified is wrong");
      await page.getByTestId("connect-check").click();
      await page.getByText("Checked: the connection works.").waitFor({ timeout: 3_000 });
    });
    await checkState(page, scheme, "connect-connected", "connect (connected)");

    await check(`[${scheme}] connect: About now says the connection is configured`, async () => {
      await page.getByTestId("open-about").click();
      await page.getByTestId("about-connection").filter({ hasText: "Configured" }).waitFor({ timeout: 3_000 });
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "detached", timeout: 3_000 });
    });

    await check(`[${scheme}] connect: Revoke asks first, Cancel focused, erase unticked`, async () => {
      await page.getByTestId("connect-revoke").click();
      const dialog = page.getByRole("dialog", { name: "Revoke the TriNet connection?" });
      await dialog.waitFor({ timeout: 3_000 });
      expect(!(await page.getByTestId("revoke-erase").isChecked()), "erase is ticked by default");
      const focused = await page.evaluate(() => document.activeElement?.textContent);
      expect(focused === "Cancel", `focus is on "${focused}"`);
      const text = await dialog.textContent();
      expect(text.includes("keyring") && text.includes("cannot be undone"), "the dialog does not explain itself");
    });
    await checkState(page, scheme, "connect-revoke-dialog", "connect (revoke dialog)");

    await check(`[${scheme}] connect: Revoke returns to Not connected`, async () => {
      await page.getByTestId("revoke-confirm").click();
      await page.getByRole("dialog").waitFor({ state: "detached", timeout: 3_000 });
      await page.getByTestId("connection-status").filter({ hasText: "Not connected" }).waitFor({ timeout: 3_000 });
      await page.getByTestId("connect-notice").waitFor({ timeout: 3_000 });
      expect((await page.getByTestId("connect-company-id").inputValue()) === "", "the form kept old values");
    });

    await check(`[${scheme}] connect: the record of IPC replies never holds the secret`, async () => {
      const replies = await page.evaluate(() => window.__rosterIpcReplies ?? []);
      expect(replies.length > 5, `only ${replies.length} replies were recorded`);
      const all = replies.join("\n");
      expect(!all.includes(goodSecret) && !all.includes(wrongSecret), "a client secret came back over IPC");
      expect(all.includes("bad_credentials"), "the rejection was not recorded");
    });

  });
}

async function walkSandbox(browser, baseUrl, mockSource, scheme) {
  const sandbox = connectFixtures.sandbox;
  await walkApp(browser, baseUrl, mockSource, { scheme, scenario: "healthy", holdSandbox: true }, "sandbox run", async (page) => {
    await check(`[${scheme}] sandbox: Welcome shows progress while the sandbox starts`, async () => {
      await page.getByTestId("connection-status").filter({ hasText: "Not connected" }).waitFor({ timeout: 5_000 });
      await page.getByTestId("welcome-sandbox").click();
      await page.getByTestId("welcome-sandbox").filter({ hasText: "Starting the sandbox company…" }).waitFor({ timeout: 3_000 });
      expect(await page.getByTestId("welcome-sandbox").isDisabled(), "the button stays enabled while starting");
    });
    await checkState(page, scheme, "welcome-sandbox-starting", "welcome (starting the sandbox)");

    await check(`[${scheme}] sandbox: lands on Connect as "Connected — ${sandbox.company_name}" with the Sandbox badge`, async () => {
      await page.evaluate(() => window.__ROSTER_E2E_RELEASE_SANDBOX__?.());
      await page.locator("main h1").filter({ hasText: "Connect TriNet" }).waitFor({ timeout: 3_000 });
      const title = await page.getByTestId("connect-summary-title").textContent();
      expect(title === `Connected — ${sandbox.company_name}`, `title is "${title}"`);
      const badges = page.getByTestId("sandbox-badge");
      expect((await badges.count()) === 2, `expected the badge in the sidebar and the page header, got ${await badges.count()}`);
      expect((await badges.first().isVisible()) && (await badges.last().isVisible()), "a Sandbox badge is hidden");
      const status = await page.getByTestId("connection-status").textContent();
      expect(status.includes("Connected") && status.includes(sandbox.company_name), `sidebar says "${status}"`);
      await page.getByTestId("nav-history").click();
      await page.locator("main h1").filter({ hasText: "History" }).waitFor({ timeout: 3_000 });
      expect((await page.getByTestId("sandbox-badge").count()) === 2, "the badge is not on every screen");
      await page.getByTestId("nav-connect").click();
      await page.getByTestId("connect-summary-title").waitFor({ timeout: 3_000 });
    });
    await checkState(page, scheme, "connect-sandbox", "connect (sandbox)");

    await check(`[${scheme}] sandbox: revoking is worded as leaving the sandbox`, async () => {
      expect((await page.getByTestId("connect-revoke").textContent()) === "Leave the sandbox…", "revoke label is wrong");
      await page.getByTestId("connect-revoke").click();
      await page.getByRole("dialog", { name: "Leave the sandbox?" }).waitFor({ timeout: 3_000 });
      await page.getByTestId("revoke-confirm").click();
      await page.getByTestId("connection-status").filter({ hasText: "Not connected" }).waitFor({ timeout: 3_000 });
      expect((await page.getByTestId("sandbox-badge").count()) === 0, "the Sandbox badge stayed after leaving");
    });

  });
}

async function walkNeedsAttention(browser, baseUrl, mockSource, scheme) {
  await walkApp(browser, baseUrl, mockSource, {
    scheme,
    scenario: "healthy",
    connection: "needs_attention",
    hash: "#/connect",
  }, "needs attention run", async (page) => {
    await check(`[${scheme}] needs attention: the reason, what to do, and the form to re-enter`, async () => {
      await page.getByTestId("connection-status").filter({ hasText: "Needs attention" }).waitFor({ timeout: 5_000 });
      const problem = await page.getByTestId("connect-problem").textContent();
      expect(problem.includes(connectFixtures.needs_attention.problem.message), "the problem message is missing");
      expect((await page.getByTestId("connect-company-id").inputValue()) === "ACME01", "the form is not pre-filled");
      const title = await page.locator(".connection-status").getAttribute("title");
      expect(title?.includes("employee.pii:read"), `sidebar tooltip is "${title}"`);
    });
    await check(`[${scheme}] needs attention: the sidebar flags Connect and keeps the mapping and imports done`, async () => {
      await page.getByTestId("setup-progress").filter({ hasText: "Check Connect" }).waitFor({ timeout: 3_000 });
      const markers = () =>
        page.evaluate(() =>
          ["connect", "mapping", "review"].map((route) =>
            document.querySelector(`[data-testid="nav-${route}"] .step-marker`)?.className.replace(/^step-marker step-marker--/, ""),
          ),
        );
      await page.waitForFunction(
        () => document.querySelector('[data-testid="nav-review"] .step-marker')?.classList.contains("step-marker--done"),
        null,
        { timeout: 3_000 },
      );
      expect((await markers()).join() === "attention,done,done", `markers: ${await markers()}`);
    });
    await checkState(page, scheme, "connect-needs-attention", "connect (needs attention)");
  });
}

/** The sidebar's setup progress follows a fresh, connected install: save a mapping, then approve an import. */
async function walkSetupProgress(browser, baseUrl, mockSource, scheme) {
  const options = {
    scheme,
    scenario: "healthy",
    connection: "connected",
    hash: "#/mapping",
    fresh: true,
    review: { pageDelayMs: 30 },
  };
  await walkApp(browser, baseUrl, mockSource, options, "setup progress run", async (page) => {
    const progress = page.getByTestId("setup-progress");
    const markers = () =>
      page.evaluate(() =>
        ["connect", "mapping", "review"].map((route) =>
          document.querySelector(`[data-testid="nav-${route}"] .step-marker`)?.className.replace(/^step-marker step-marker--/, ""),
        ),
      );
    await check(`[${scheme}] setup progress: connected with nothing mapped is step 2`, async () => {
      await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor({ timeout: 5_000 });
      await progress.filter({ hasText: "Step 2 of 3" }).waitFor({ timeout: 3_000 });
      expect((await markers()).join() === "done,current,upcoming", `markers: ${await markers()}`);
    });

    await check(`[${scheme}] setup progress: saving the first mapping moves on to step 3`, async () => {
      const save = page.getByTestId("mapping-save");
      await save.waitFor({ timeout: 5_000 });
      await page.waitForFunction(() => !document.querySelector('[data-testid="mapping-save"]')?.disabled, null, { timeout: 5_000 });
      await save.click();
      await page.getByTestId("mapping-saved").waitFor({ timeout: 3_000 });
      await progress.filter({ hasText: "Step 3 of 3" }).waitFor({ timeout: 3_000 });
      expect((await markers()).join() === "done,done,current", `markers: ${await markers()}`);
    });
    await checkState(page, scheme, "setup-mapped", "setup progress (mapped)");

    await check(`[${scheme}] setup progress: approving an import says Done`, async () => {
      await page.getByTestId("nav-review").click();
      await page.getByTestId("review-preview").click();
      const approve = page.getByTestId("review-approve");
      await approve.waitFor({ timeout: 5_000 });
      await approve.click();
      await page.getByTestId("review-confirm-approve").click();
      await page.getByTestId("review-applied").waitFor({ timeout: 5_000 });
      await progress.filter({ hasText: "Done" }).waitFor({ timeout: 3_000 });
      expect((await progress.textContent()) === "Done, all 3 steps complete", `progress: ${await progress.textContent()}`);
      expect((await markers()).join() === "done,done,done", `markers: ${await markers()}`);
    });
    await checkState(page, scheme, "setup-done", "setup progress (done)");

  });
}

const walkHelpers = {
  check,
  expect,
  checkState,
  openApp,
  walkApp,
  shoot,
  seriousAxeViolations,
  expectNoSeriousAxeViolations,
  minimumSize,
  defaultSize,
};

function walkMapping(browser, baseUrl, mockSource, scheme) {
  return runMappingWalks(walkHelpers, browser, baseUrl, mockSource, scheme);
}

function walkReview(browser, baseUrl, mockSource, scheme) {
  return runReviewWalks(walkHelpers, browser, baseUrl, mockSource, scheme);
}

function walkHistory(browser, baseUrl, mockSource, scheme) {
  return runHistoryWalks(walkHelpers, browser, baseUrl, mockSource, scheme);
}

function walkDirectory(browser, baseUrl, mockSource, scheme) {
  return runDirectoryWalks(walkHelpers, browser, baseUrl, mockSource, scheme);
}

function walkSettings(browser, baseUrl, mockSource, scheme) {
  return runSettingsWalks(walkHelpers, browser, baseUrl, mockSource, scheme);
}

async function main() {
  if (!existsSync(path.join(uiDir, "dist", "index.html"))) {
    throw new Error("ui/dist is missing: run `npm run build` first.");
  }
  await mkdir(artifactsDir, { recursive: true });
  const mockSource = await bundleMockIpc();
  let preview;
  let browser;
  try {
    preview = await startPreview(await freePort());
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs });
    // E2E_ONLY=mapping (or any walk's name) runs just that part while working on it.
    const only = process.env.E2E_ONLY;
    const walks = {
      healthy: walkHealthyApp,
      storage: walkStorageError,
      connect: walkConnect,
      sandbox: walkSandbox,
      attention: walkNeedsAttention,
      mapping: walkMapping,
      review: walkReview,
      history: walkHistory,
      directory: walkDirectory,
      progress: walkSetupProgress,
      settings: walkSettings,
    };
    for (const scheme of ["light", "dark"]) {
      for (const [name, walk] of Object.entries(walks)) {
        if (!only || only.split(",").includes(name)) await walk(browser, preview.url, mockSource, scheme);
      }
    }
  } finally {
    await browser?.close().catch(() => {});
    await stopProcess(preview?.child);
  }
}

try {
  await main();
} catch (error) {
  failed += 1;
  console.log(`FAIL  e2e run aborted\n      ${error?.stack ?? error}`);
}
console.log(`Screenshots: ${path.relative(process.cwd(), artifactsDir) || "."}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
