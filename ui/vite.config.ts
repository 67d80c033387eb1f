// Build, preview and unit-test settings for the UI; preview serves the same CSP as the Tauri window.
import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";

// Mirrors app.security.csp in src-tauri/tauri.conf.json so e2e runs catch anything the real window would block.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src ipc: http://ipc.localhost",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

// Tauri serves ui/dist through its custom protocol; the dev server is only for `npm run dev`.
// `--mode release` (npm run build:release, used by scripts/package.sh) compiles the debug/test-only
// hooks out of the bundle (see recordReply in src/ipc/client.ts).
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  define: { __ROSTER_TEST_HOOKS__: JSON.stringify(mode !== "release") },
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  preview: { headers: { "Content-Security-Policy": contentSecurityPolicy } },
  build: { target: "es2022", sourcemap: false },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test-setup.ts"],
  },
}));
