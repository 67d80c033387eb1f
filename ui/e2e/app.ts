// What every e2e spec shares: `test` with an `openApp` fixture (the built UI with mocked IPC, as Roster's window
// would load it, failing the test on any console error or CSP violation), and the checks the walks repeat: axe,
// sideways overflow, screenshots in e2e/artifacts named by colour scheme and window size.
/// <reference types="node" />
import path from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Locator, type Page } from "@playwright/test";
import type { DirectoryFakeOptions } from "../src/test/directoryFake";
import type { ReviewFakeOptions } from "../src/test/reviewFake";
import { defaultSize, minimumSize } from "./sizes";

const artifactsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "artifacts");

/** How the mocked core behaves for one test; read by e2e/mock-ipc.ts from window.__ROSTER_E2E_*__. */
export interface AppOptions {
  scenario?: "healthy" | "storage_error";
  connection?: "not_connected" | "connected" | "needs_attention" | "storage_error" | "sandbox";
  holdSandbox?: boolean;
  /** Where the app opens, e.g. "#/review". */
  hash?: string;
  catalogDelay?: number;
  review?: ReviewFakeOptions;
  history?: { imports: number; keepDetailsDays?: number };
  directory?: DirectoryFakeOptions;
  fresh?: boolean;
}

export const test = base.extend<{ openApp: (options?: AppOptions) => Promise<Page> }>({
  openApp: async ({ page }, provide) => {
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    await provide(async (options = {}) => {
      const {
        scenario = "healthy",
        connection = "not_connected",
        holdSandbox = false,
        hash = "",
        catalogDelay = 150,
        review = {},
        history,
        directory = {},
        fresh,
      } = options;
      const globals: Record<string, unknown> = {
        SCENARIO: scenario,
        CONNECTION: connection,
        HOLD_SANDBOX: holdSandbox,
        CATALOG_DELAY: catalogDelay,
        REVIEW: review,
        HISTORY: history,
        DIRECTORY: directory,
        FRESH: fresh,
      };
      await page.addInitScript(
        Object.entries(globals)
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => `window.__ROSTER_E2E_${name}__ = ${JSON.stringify(value)};`)
          .join("\n"),
      );
      await page.addInitScript({ path: process.env.ROSTER_E2E_MOCK_IPC! });
      // As a debug build of Roster's core does (app::test_hooks): the record of IPC replies the UI fills.
      await page.addInitScript("window.__rosterIpcReplies = [];");
      // As in the Tauri window (freezePrototype): a library that assigns toString or constructor on an
      // object literal throws there, so it must throw here too.
      await page.addInitScript("Object.freeze(Object.prototype);");
      await page.goto(process.env.ROSTER_E2E_URL! + hash);
      return page;
    });
    expect(problems, "no console errors or CSP violations").toEqual([]);
  },
});

export { expect };

/** Fails the test with `message` unless `condition` holds. */
export function ensure(condition: unknown, message: string): asserts condition {
  expect(condition, message).toBeTruthy();
}

/** The element's text content, "" when it has none. */
export async function contentOf(locator: Locator): Promise<string> {
  return (await locator.textContent()) ?? "";
}

/** Trimmed text of the first element with this test id. */
export async function textOf(page: Page, testId: string): Promise<string> {
  return (await contentOf(page.getByTestId(testId).first())).trim();
}

export function scheme(): string {
  return String(test.info().project.use.colorScheme);
}

/** A screenshot in e2e/artifacts, named `<scheme>-<name>-<width>x<height>.png`. */
export async function shoot(page: Page, name: string) {
  const size = page.viewportSize();
  await page.screenshot({ path: path.join(artifactsDir, `${scheme()}-${name}-${size?.width}x${size?.height}.png`) });
}

/**
 * Serious and critical axe violations on the page as it is now. Legacy mode runs axe in the page itself, without
 * the blank page per check that the default mode opens to combine frames (Roster has no frames); only violations
 * are collected, not the details of every passing rule.
 */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ["violations"] }).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.impact} ${v.id}: ${v.help} [${v.nodes.map((n) => n.target.join(" ")).slice(0, 4).join(", ")}]`);
}

export async function expectNoSeriousAxeViolations(page: Page) {
  const violations = await seriousAxeViolations(page);
  ensure(violations.length === 0, `axe found:\n${violations.join("\n")}`);
}

export async function expectNoHorizontalOverflow(page: Page) {
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
  ensure(overflow.length === 0, `content overflows horizontally: ${overflow.slice(0, 5).join(", ")}`);
}

/** Scrolls a virtualised table to its end: `last` is then visible, with at most 40 of `rows` in the DOM. */
export async function expectBoundedAtEnd(scroller: Locator, last: Locator, rows: Locator) {
  await scroller.evaluate((el) => (el.scrollTop = el.scrollHeight));
  await last.waitFor({ timeout: 5_000 });
  ensure(await last.isVisible(), "the last row is not visible after scrolling to the end");
  const drawn = await rows.count();
  ensure(drawn <= 40, `${drawn} rows in the DOM at the end`);
}

/** Axe and a screenshot at the default window size, then no sideways overflow and a screenshot at the minimum. */
export async function checkState(page: Page, name: string, label: string) {
  await test.step(`${label}: no serious accessibility problems`, () => expectNoSeriousAxeViolations(page));
  await shoot(page, name);
  await page.setViewportSize(minimumSize);
  await test.step(`${label}: fits the minimum window size`, () => expectNoHorizontalOverflow(page));
  await shoot(page, name);
  await page.setViewportSize(defaultSize);
}
