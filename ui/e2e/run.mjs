// End-to-end check of the built UI (ui/dist) in Chromium with mocked IPC: screens, About, keyboard,
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
  { route: "connect", title: "Connect TriNet", placeholder: true },
  { route: "mapping", title: "Map fields", placeholder: true },
  { route: "review", title: "Review and approve", placeholder: true },
  { route: "history", title: "Import history", placeholder: true },
  { route: "directory", title: "Directory", placeholder: true },
  { route: "settings", title: "Settings", placeholder: true },
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
    if (document.documentElement.scrollWidth > window.innerWidth) offenders.push("document");
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

async function openApp(browser, baseUrl, mockSource, { scheme, scenario }) {
  const context = await browser.newContext({ viewport: defaultSize, colorScheme: scheme, reducedMotion: "reduce" });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => message.type() === "error" && problems.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  await page.addInitScript(`window.__ROSTER_E2E_SCENARIO__ = ${JSON.stringify(scenario)};`);
  await page.addInitScript(mockSource);
  await page.goto(baseUrl);
  return { context, page, problems };
}

async function walkHealthyApp(browser, baseUrl, mockSource, scheme) {
  const info = fixtures.healthy;
  const { context, page, problems } = await openApp(browser, baseUrl, mockSource, { scheme, scenario: "healthy" });
  try {
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

    await check(`[${scheme}] both welcome paths lead to Connect`, async () => {
      for (const testId of ["welcome-connect", "welcome-sandbox"]) {
        await page.getByTestId("nav-welcome").click();
        await page.getByTestId(testId).click();
        await page.locator("main h1").filter({ hasText: "Connect TriNet" }).waitFor({ timeout: 3_000 });
      }
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

    await check(`[${scheme}] no console errors or CSP violations`, async () => {
      expect(problems.length === 0, problems.join("\n"));
    });
  } finally {
    await context.close();
  }
}

async function walkStorageError(browser, baseUrl, mockSource, scheme) {
  const info = fixtures.storage_error;
  const { context, page, problems } = await openApp(browser, baseUrl, mockSource, { scheme, scenario: "storage_error" });
  try {
    await check(`[${scheme}] a storage error is shown on the main screen`, async () => {
      const banner = page.getByTestId("storage-banner");
      await banner.waitFor({ timeout: 5_000 });
      expect((await banner.textContent()).includes(info.storage_error.message), "banner lacks the message");
      await page.getByTestId("connection-status").filter({ hasText: "Connected" }).waitFor({ timeout: 3_000 });
      expect((await page.getByTestId("setup-progress").textContent()) === "Step 2 of 3", "progress ignores connection");
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
    await check(`[${scheme}] storage error run: no console errors or CSP violations`, async () => {
      expect(problems.length === 0, problems.join("\n"));
    });
  } finally {
    await context.close();
  }
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
    for (const scheme of ["light", "dark"]) {
      await walkHealthyApp(browser, preview.url, mockSource, scheme);
      await walkStorageError(browser, preview.url, mockSource, scheme);
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
