// A shipped build must not keep employees' data for tests: the release UI build (what scripts/package.sh
// embeds) carries no record of IPC replies, while an ordinary build (what the tests drive) does.
import { build, type Rollup } from "vite";
import { describe, expect, it } from "vitest";

async function bundledCode(mode: string): Promise<string> {
  // Vitest runs in ui/, so this is ui/vite.config.ts's build, as `npm run build(:release)` makes it.
  const result = await build({
    mode,
    logLevel: "silent",
    build: { write: false },
  });
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
  return outputs
    .flatMap((o) => o.output)
    .map((file) => (file.type === "chunk" ? file.code : ""))
    .join("\n");
}

describe("the release UI build", () => {
  it("has no record of IPC replies; an ordinary build has one", async () => {
    const release = await bundledCode("release");
    expect(release).toContain("connection_status");
    expect(release).not.toContain("__rosterIpcReplies");
    expect(await bundledCode("production")).toContain("__rosterIpcReplies");
  }, 60_000);
});
