// The IPC client hands the UI an IpcError for every kind of failure, so screens can switch on `code`.
import { mockIPC } from "@tauri-apps/api/mocks";
import { describe, expect, it } from "vitest";
import { healthyAppInfo } from "../test/appInfoFixture";
import { appInfo, toIpcError } from "./client";

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
