// The About panel shows what app_info reports, puts storage errors first, and behaves as a modal dialog.
import { mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, render, screen } from "@testing-library/react";
import { useState } from "react";
import { describe, expect, it } from "vitest";
import { brokenStorageAppInfo, healthyAppInfo } from "../../test/appInfoFixture";
import { AboutDialog } from "./AboutDialog";

function AboutHarness() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        About Roster
      </button>
      {open && <AboutDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function openAbout() {
  render(<AboutHarness />);
  const opener = screen.getByRole("button", { name: "About Roster" });
  opener.focus();
  fireEvent.click(opener);
  return opener;
}

describe("AboutDialog", () => {
  it("shows version, folders and connection from app_info", async () => {
    mockIPC(() => healthyAppInfo);
    openAbout();
    expect((await screen.findByTestId("about-version")).textContent).toBe("1.2.3");
    expect(screen.getByTestId("about-data-dir").textContent).toBe(healthyAppInfo.data_dir);
    expect(screen.getByTestId("about-database").textContent).toBe(healthyAppInfo.database_path);
    expect(screen.getByTestId("about-log-dir").textContent).toBe(healthyAppInfo.log_dir);
    expect(screen.getByTestId("about-connection").textContent).toBe("Not configured");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("shows a storage error as an alert with its headline and what to do", async () => {
    mockIPC(() => brokenStorageAppInfo);
    openAbout();
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("The key doesn't open Roster's database");
    expect(alert.textContent).toContain("Restore the keyring entry or move the file aside.");
    expect(screen.getByTestId("about-connection").textContent).toBe("Configured");
  });

  it("explains a failed app_info call and offers to try again", async () => {
    let calls = 0;
    mockIPC(() => {
      calls += 1;
      if (calls === 1) throw { code: "internal", message: "Restart Roster." };
      return healthyAppInfo;
    });
    openAbout();
    expect((await screen.findByRole("alert")).textContent).toContain("Something went wrong inside Roster");
    fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    expect((await screen.findByTestId("about-version")).textContent).toBe("1.2.3");
  });

  it("is a labelled modal dialog that takes focus", async () => {
    mockIPC(() => healthyAppInfo);
    openAbout();
    const dialog = screen.getByRole("dialog", { name: "About Roster" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    expect(dialog.contains(document.activeElement)).toBe(true);
    await screen.findByTestId("about-version");
  });

  it("closes on Escape and gives focus back to the button that opened it", async () => {
    mockIPC(() => healthyAppInfo);
    const opener = openAbout();
    await screen.findByTestId("about-version");
    fireEvent.keyDown(screen.getByRole("dialog"), { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(opener);
  });

  it("wraps Tab from the last control back to the first", async () => {
    mockIPC(() => healthyAppInfo);
    openAbout();
    await screen.findByTestId("about-version");
    const [closeIcon, closeFooter] = screen.getAllByRole("button", { name: "Close" });
    closeFooter.focus();
    fireEvent.keyDown(closeFooter, { key: "Tab" });
    expect(document.activeElement).toBe(closeIcon);
    fireEvent.keyDown(closeIcon, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(closeFooter);
  });
});
