// The IPC client hands the UI an IpcError for every kind of failure, so screens can switch on `code`.
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { healthyAppInfo } from "../test/appInfoFixture";
import { appInfo, connectionStatus, testConnection, toIpcError } from "./client";

describe("appInfo", () => {
  it("returns what the app_info command answers", async () => {
    const asked: string[] = [];
    mockIPC((command) => {
      asked.push(command);
      return healthyAppInfo;
    });
    await expect(appInfo()).resolves.toEqual(healthyAppInfo);
    expect(asked).toEqual(["app_info"]);
  });

  it("passes a structured error from Rust through unchanged", async () => {
    mockIPC(() => {
      throw { code: "keyring_unavailable", message: "Unlock your keyring, then restart Roster." };
    });
    await expect(appInfo()).rejects.toEqual({
      code: "keyring_unavailable",
      message: "Unlock your keyring, then restart Roster.",
    });
  });

  it("turns a plain string rejection into an internal error that says what to do", async () => {
    mockIPC(() => {
      throw "command app_info not found";
    });
    const error = await appInfo().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "internal" });
    expect((error as { message: string }).message).toContain("command app_info not found");
    expect((error as { message: string }).message).toContain("restart Roster");
  });

  it("says the page is outside Roster's window when there is no Tauri core", async () => {
    const error = await appInfo().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "internal" });
    expect((error as { message: string }).message).toContain("not running inside Roster's desktop window");
  });
});

describe("toIpcError", () => {
  it("does not trust an unknown code from the other side", () => {
    expect(toIpcError({ code: "disk_on_fire", message: "smoke" }, "app_info")).toMatchObject({ code: "internal" });
  });

  it("keeps the message of a thrown Error", () => {
    const error = toIpcError(new Error("socket closed"), "app_info");
    expect(error.code).toBe("internal");
    expect(error.message).toContain("socket closed");
  });

  it("never produces an empty explanation", () => {
    expect(toIpcError(undefined, "app_info").message).toMatch(/Roster's core could not complete "app_info"/);
  });
});

describe("the record of IPC replies", () => {
  it("keeps every reply and rejection as JSON, but never what the UI sent", async () => {
    window.__rosterIpcReplies = [];
    mockIPC((command) => {
      if (command === "test_connection") throw { code: "bad_credentials", message: "Copy them again." };
      return { state: "not_connected" };
    });
    await connectionStatus();
    await testConnection({ company_id: "A", client_id: "B", client_secret: "never-recorded", base_url: null }).catch(
      () => undefined,
    );
    const replies = window.__rosterIpcReplies;
    expect(replies.map((r) => JSON.parse(r).command)).toEqual(["connection_status", "test_connection"]);
    expect(JSON.parse(replies[1]).payload).toEqual({ code: "bad_credentials", message: "Copy them again." });
    expect(replies.join("\n")).not.toContain("never-recorded");
  });

  it("is never created by the UI: only a debug build of the core (or a test) starts it", async () => {
    delete window.__rosterIpcReplies;
    mockIPC(() => ({ state: "not_connected" }));
    await connectionStatus();
    expect(window.__rosterIpcReplies).toBeUndefined();
  });

  it("holds only the last 500", async () => {
    window.__rosterIpcReplies = [];
    let n = 0;
    mockIPC(() => ({ n: n++ }));
    for (let i = 0; i < 510; i += 1) await connectionStatus();
    expect(window.__rosterIpcReplies.length).toBe(500);
    expect(JSON.parse(window.__rosterIpcReplies[0]).payload).toEqual({ n: 10 });
  });
});
