// Once per run, before any test: bundles e2e/mock-ipc.ts for the pages and serves ui/dist with `vite preview`
// (which sends the app's CSP) on a free port. Tests find both through the environment this sets.
/// <reference types="node" />
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, preview } from "vite";

const uiDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const artifactsDir = path.join(uiDir, "e2e", "artifacts");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Bundles e2e/mock-ipc.ts (and @tauri-apps/api/mocks) into one script for page.addInitScript. */
async function bundleMockIpc(): Promise<string> {
  const result = await build({
    configFile: false,
    root: uiDir,
    logLevel: "silent",
    publicDir: false,
    build: {
      write: false,
      minify: false,
      emptyOutDir: false,
      lib: { entry: path.join(uiDir, "e2e", "mock-ipc.ts"), formats: ["iife"], name: "RosterMockIpc" },
    },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs
    .flatMap((o) => ("output" in o ? o.output : []))
    .find((file) => file.type === "chunk");
  if (!chunk || chunk.type !== "chunk") throw new Error("bundling e2e/mock-ipc.ts produced no script");
  const file = path.join(artifactsDir, "mock-ipc.js");
  await writeFile(file, chunk.code);
  return file;
}

export default async function globalSetup() {
  if (!existsSync(path.join(uiDir, "dist", "index.html"))) {
    throw new Error("ui/dist is missing: run `npm run build` first.");
  }
  await mkdir(artifactsDir, { recursive: true });
  process.env.ROSTER_E2E_MOCK_IPC = await bundleMockIpc();
  const server = await preview({
    root: uiDir,
    logLevel: "silent",
    preview: { host: "127.0.0.1", port: await freePort(), strictPort: true, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error("vite preview did not say where it listens");
  process.env.ROSTER_E2E_URL = url;
  return async () => {
    await server.close();
  };
}
