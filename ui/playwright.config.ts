// Playwright's runner for the end-to-end tests in e2e/: the built UI (ui/dist, served by `vite preview` with the
// app's CSP) in Debian's Chromium with mocked IPC, in light and dark, at the default and the minimum window size.
import { defineConfig } from "@playwright/test";
import { defaultSize } from "./e2e/sizes";

export default defineConfig({
  testDir: "e2e",
  globalSetup: "./e2e/global-setup.ts",
  outputDir: "e2e/artifacts/results",
  fullyParallel: true,
  forbidOnly: true,
  // Two browsers at once: on the 2-core machines here, three were no faster. E2E_WORKERS overrides.
  workers: Number(process.env.E2E_WORKERS ?? 2),
  timeout: 90_000,
  reporter: [["list"]],
  use: {
    reducedMotion: "reduce",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // One project per colour scheme. Each test walks its flow at the default window size, and every state it
  // checks (e2e/app.ts checkState) is also checked at the minimum size, in the same page. Projects per window
  // size as well would walk every flow twice per scheme: measured at 6.2 min against 3.9 min for the old runner
  // on the same shared machine, so the sizes stay inside the walk, as they were.
  projects: (["light", "dark"] as const).map((colorScheme) => ({
    name: colorScheme,
    use: { colorScheme, viewport: defaultSize },
  })),
});
