// Settings as an admin uses it: a schedule with its limits, guardrails, retention, one Save whose problems sit next
// to their fields, sharing the setup through the system's dialogs, and the notice after a held scheduled sync.
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Settings, SettingsView, SyncOutcome } from "../../ipc/bindings";
import { mockRoster, type Call } from "../../test/mockRoster";
import { ScheduledSyncBanner } from "./ScheduledSyncBanner";
import { SettingsScreen } from "./SettingsScreen";
import { toForm, toSettings, validate } from "./validation";

const defaults: Settings = {
  schedule: { kind: "off" },
  guardrails: { max_deactivated_percent: 10, max_deactivated_people: 25, max_identity_changes_percent: 5 },
  missing_runs_to_deactivate: 3,
  notifications: true,
  retention: { kind: "keep_all" },
};

function viewOf(settings: Settings): SettingsView {
  return {
    settings,
    connected: true,
    next_run_at: settings.schedule.kind === "off" ? null : "2026-06-01T10:30:00Z",
    last_run_at: null,
  };
}

function setup(handlers: Record<string, (args: unknown) => unknown> = {}) {
  let stored = defaults;
  const calls = mockRoster({
    settings_get: () => viewOf(stored),
    settings_save: (args) => {
      stored = (args as { settings: Settings }).settings;
      return viewOf(stored);
    },
    ...handlers,
  });
  render(<SettingsScreen onOpenAbout={() => {}} />);
  return calls;
}

function saves(calls: Call[]) {
  return calls.filter((c) => c.command === "settings_save").map((c) => (c.args as { settings: Settings }).settings);
}

describe("Settings", () => {
  it("starts with auto-sync off and saves every N minutes only from 5 up, the message next to the field", async () => {
    const calls = setup();
    fireEvent.click(await screen.findByTestId("settings-schedule-every_minutes"));
    const minutes = screen.getByTestId("settings-minutes");
    fireEvent.change(minutes, { target: { value: "3" } });
    fireEvent.click(screen.getByTestId("settings-save"));
    const error = await screen.findByTestId("settings-minutes-error");
    expect(error.textContent).toContain("from 5");
    expect(minutes.getAttribute("aria-invalid")).toBe("true");
    expect(minutes.getAttribute("aria-describedby")).toContain(error.id);
    expect(saves(calls)).toHaveLength(0);

    fireEvent.change(minutes, { target: { value: "10" } });
    fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(screen.getByTestId("settings-status").textContent).toContain("every 10 minutes"));
    expect(saves(calls)).toEqual([{ ...defaults, schedule: { kind: "every_minutes", minutes: 10 } }]);
    expect(screen.getByTestId("settings-schedule-status").textContent).toContain("Next sync");
  });

  it("saves daily at a time, guardrails, notifications and retention together", async () => {
    const calls = setup();
    fireEvent.click(await screen.findByTestId("settings-schedule-daily"));
    fireEvent.change(screen.getByTestId("settings-dailyAt"), { target: { value: "06:30" } });
    fireEvent.change(screen.getByTestId("settings-maxDeactivatedPercent"), { target: { value: "7.5" } });
    fireEvent.change(screen.getByTestId("settings-maxDeactivatedPeople"), { target: { value: "12" } });
    fireEvent.change(screen.getByTestId("settings-missingRuns"), { target: { value: "4" } });
    fireEvent.click(screen.getByTestId("settings-notifications"));
    fireEvent.click(screen.getByTestId("settings-retention-months"));
    fireEvent.change(screen.getByTestId("settings-retentionMonths"), { target: { value: "18" } });
    fireEvent.click(screen.getByTestId("settings-save"));
    await waitFor(() => expect(saves(calls)).toHaveLength(1));
    expect(saves(calls)[0]).toEqual({
      schedule: { kind: "daily", at: "06:30" },
      guardrails: { max_deactivated_percent: 7.5, max_deactivated_people: 12, max_identity_changes_percent: 5 },
      missing_runs_to_deactivate: 4,
      notifications: false,
      retention: { kind: "months", months: 18 },
    });
  });

  it("shows a problem Roster's core found next to the field it names, and saves nothing", async () => {
    setup({
      settings_save: () => {
        throw {
          code: "invalid_input",
          message: "Hold when deactivations exceed: enter a percentage from 0 to 100 (not 100.5).",
        };
      },
    });
    fireEvent.change(await screen.findByTestId("settings-maxDeactivatedPercent"), { target: { value: "100" } });
    fireEvent.click(screen.getByTestId("settings-save"));
    const error = await screen.findByTestId("settings-maxDeactivatedPercent-error");
    expect(error.textContent).toContain("percentage from 0 to 100");
    expect(screen.queryByTestId("settings-status")?.textContent).not.toContain("Saved");
  });

  it("exports and imports the configuration through the system's dialogs", async () => {
    let importResult: unknown = {
      mapping_version: 3,
      needs_secret: true,
      company_id: "ACME",
      base_url_change: { from: "https://api.trinet.com", to: "https://gateway.example.test" },
    };
    let gets = 0;
    const imported: Settings = { ...defaults, schedule: { kind: "hourly" }, missing_runs_to_deactivate: 6 };
    const calls = setup({
      settings_get: () => viewOf(gets++ === 0 ? defaults : imported),
      config_export: () => "roster-configuration.json",
      config_import: () => {
        if (importResult instanceof Error) throw { code: "invalid_config", message: importResult.message };
        return importResult;
      },
    });
    fireEvent.click(await screen.findByTestId("settings-export"));
    await waitFor(() =>
      expect(screen.getByTestId("settings-share-status").textContent).toContain("roster-configuration.json"),
    );
    // No path ever travels from the page: Rust asks the admin.
    expect(calls.find((c) => c.command === "config_export")?.args ?? {}).toEqual({});

    fireEvent.click(screen.getByTestId("settings-import"));
    const status = await screen.findByText(/mapping is saved as version 3/);
    expect(within(status).getByRole("link", { name: /enter the client secret/ }).getAttribute("href")).toBe("#/connect");
    expect(status.textContent).toContain(
      "The API base URL changed: https://api.trinet.com → https://gateway.example.test. Nothing is sent there",
    );
    // Settings reload after an import, and the result stays on screen.
    await waitFor(() => expect((screen.getByTestId("settings-schedule-hourly") as HTMLInputElement).checked).toBe(true));
    expect((screen.getByTestId("settings-missingRuns") as HTMLInputElement).value).toBe("6");
    expect(screen.getByTestId("settings-share-status").textContent).toContain("version 3");
    expect(calls.filter((c) => c.command === "settings_get")).toHaveLength(2);

    importResult = new Error("Nothing was imported: the file is not JSON.");
    fireEvent.click(await screen.findByTestId("settings-import"));
    const error = await screen.findByTestId("settings-share-error");
    expect(error.textContent).toContain("Nothing was imported");
    expect(error.getAttribute("data-code")).toBe("invalid_config");
  });

  it("links to Revoke on Connect", async () => {
    setup();
    await screen.findByTestId("settings-form");
    expect(screen.getByRole("link", { name: /Revoke on Connect/ }).getAttribute("href")).toBe("#/connect");
  });
});

describe("the settings form", () => {
  it("round-trips every setting and checks only the fields in use", () => {
    const s: Settings = { ...defaults, schedule: { kind: "hourly" }, retention: { kind: "months", months: 6 } };
    expect(toSettings(toForm(s))).toEqual(s);
    const form = { ...toForm(defaults), minutes: "1", dailyAt: "nope" };
    expect(validate(form)).toEqual({});
    expect(Object.keys(validate({ ...form, scheduleKind: "daily" }))).toEqual(["dailyAt"]);
    expect(Object.keys(validate({ ...form, maxIdentityChangesPercent: "101", missingRuns: "0" }))).toEqual([
      "maxIdentityChangesPercent",
      "missingRuns",
    ]);
  });
});

describe("the scheduled sync notice", () => {
  const held: SyncOutcome = {
    result: "held",
    import_id: 12,
    review_import_id: 12,
    reasons: ["The share of people deactivated (12%) is over the 5% guardrail."],
    needs_attention: 0,
    new_attention: 0,
    counts: null,
    message: "Scheduled sync held import #12 for review: the share of people deactivated is over the guardrail.",
  };

  it("says which import is held and why, with a way to Review, and can be dismissed", () => {
    mockRoster();
    render(<ScheduledSyncBanner initial={held} />);
    const banner = screen.getByTestId("scheduled-sync-banner");
    expect(banner.textContent).toContain("held import #12 for review");
    expect(banner.textContent).toContain("over the 5% guardrail");
    expect(within(banner).getByRole("link", { name: "Open Review" }).getAttribute("href")).toBe("#/review");
    fireEvent.click(screen.getByTestId("scheduled-sync-dismiss"));
    expect(screen.queryByTestId("scheduled-sync-banner")).toBeNull();
  });

  it("tells the admin when an applied run left needs-attention items out, with a way to decide them", () => {
    mockRoster();
    render(
      <ScheduledSyncBanner
        initial={{
          ...held,
          result: "applied",
          import_id: 14,
          review_import_id: null,
          needs_attention: 2,
          new_attention: 1,
          reasons: ["2 items need attention and were left out; decide them in Review."],
        }}
      />,
    );
    const banner = screen.getByTestId("scheduled-sync-banner");
    expect(banner.textContent).toContain("applied import #14 without the items that need attention");
    expect(banner.textContent).toContain("2 items need attention and were left out");
    expect(within(banner).getByRole("link", { name: "Preview in Review to decide them" }).getAttribute("href")).toBe(
      "#/review",
    );
  });

  it("names the admin's own import when a run was skipped for it", () => {
    mockRoster();
    render(
      <ScheduledSyncBanner
        initial={{ ...held, import_id: 13, reasons: ["Import #12 is waiting for your review; scheduled sync resumes once it is approved or rejected."] }}
      />,
    );
    expect(screen.getByTestId("scheduled-sync-banner").textContent).toContain("Import #12 is waiting for your review");
  });
});
