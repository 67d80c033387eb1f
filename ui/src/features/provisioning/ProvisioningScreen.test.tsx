// Provisioning as an admin uses it, served the core's own replies (src/test/recorded/provisioning.json, recorded
// from the sandbox's identity directory over HTTP by src-tauri/src/recorded_replies.rs): connecting the sandbox
// directory, a push reviewed and approved with its receipts, the guardrail's typed confirmation, failures with the
// target's detail, the Add target form, reconciliation and the rules editor.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PushApplied, PushPreview, ReconciliationDetail, ReconciliationPage, TargetInfo, TargetSettings } from "../../ipc/bindings";
import { ConnectionProvider } from "../../shared/connection/ConnectionContext";
import { connected } from "../../test/connectionFixture";
import { mockRoster, type Call, type Handler } from "../../test/mockRoster";
import recorded from "../../test/recorded/provisioning.json";
import { rulesCheck } from "../../test/provisioningFake";
import { ProvisioningScreen } from "./ProvisioningScreen";

const target = recorded.target_list[0] as TargetInfo;
const preview = recorded.push_preview as PushPreview;
const applied = recorded.push_apply as PushApplied;
const settings = recorded.target_settings as TargetSettings;
const run = recorded.reconcile_report as ReconciliationDetail;
const sandbox = { ...connected, profile: "sandbox" as const };

function setup(handlers: Partial<Record<string, Handler>> = {}, targets: TargetInfo[] = [target]): Call[] {
  const calls = mockRoster({
    connection_status: () => sandbox,
    target_list: () => targets,
    push_open: () => null,
    push_history: () => [],
    target_settings: () => settings,
    directory_fields: () => [
      { name: "work_email", label: "Work email", kind: "text", core: true, drives_group: false },
      { name: "job_title", label: "Job title", kind: "text", core: true, drives_group: false },
      { name: "department", label: "Department", kind: "text", core: true, drives_group: true },
    ],
    ...handlers,
  });
  render(
    <ConnectionProvider checkOnStart={false}>
      <ProvisioningScreen />
    </ConnectionProvider>,
  );
  return calls;
}

async function previewPush() {
  fireEvent.click(await screen.findByTestId("push-preview"));
  return screen.findByTestId("push-review");
}

describe("Provisioning", () => {
  it("connects the sandbox directory in one click and shows what its test found", async () => {
    let targets: TargetInfo[] = [];
    const calls = setup({ target_list: () => targets, target_use_sandbox: () => ((targets = [target]), target) }, []);
    expect((await screen.findByTestId("targets-empty")).textContent).toContain("use the sandbox's made-up identity directory");
    fireEvent.click(await screen.findByTestId("target-use-sandbox"));
    const card = await screen.findByTestId("target-card");
    expect(calls.some((c) => c.command === "target_use_sandbox")).toBe(true);
    expect(card.textContent).toContain("Sandbox directory");
    const caps = within(card).getByTestId("target-capabilities");
    expect(caps.textContent).toContain("PATCH: updates send only what changed");
    expect(caps.textContent).toContain("Bulk: up to 100 operations and 1 MB a request");
    expect(caps.textContent).toContain("Filtering: up to 1,000 results a query");
    expect(caps.textContent).toContain("Enterprise extension");
    expect(await screen.findByTestId("push-empty")).toBeTruthy();
  });

  it("reviews a push like an import: cards, before → after, held lines explained, search and kind filter", async () => {
    setup({ push_preview: () => preview });
    const review = await previewPush();
    expect(within(review).getByTestId("push-summary").textContent).toContain("20 accounts to change");
    expect(screen.getByTestId("push-count-create").textContent).toContain("20");
    expect(screen.getByTestId("push-count-needs_attention").textContent).toContain("1");
    expect(screen.getByTestId("push-count-orphan").textContent).toContain("1");
    expect(screen.getByTestId("push-table-count").textContent).toContain("22 accounts");
    expect(screen.getAllByTestId("push-row")[0].textContent).toContain(`displayName: — → ${preview.plan.changes[0].display_name}`);

    fireEvent.click(screen.getByTestId("push-card-needs_attention"));
    const held = screen.getAllByTestId("push-row");
    expect(held).toHaveLength(1);
    expect(held[0].textContent).toContain("Possible duplicate: an account has this userName but another externalId");
    fireEvent.click(within(held[0]).getByTestId("push-row-details"));
    const details = await screen.findByTestId("push-details");
    expect(details.textContent).toContain("externalId");
    fireEvent.keyDown(details, { key: "Escape" });

    fireEvent.change(screen.getByTestId("push-kind"), { target: { value: "" } });
    fireEvent.change(screen.getByTestId("push-search"), { target: { value: "j.doe.contractor" } });
    await waitFor(() => expect(screen.getAllByTestId("push-row")).toHaveLength(1));
    expect(screen.getByTestId("push-row").textContent).toContain("Orphan");
  });

  it("says a failed read of the target is the target's, and sends nothing", async () => {
    const unreachable = { code: "unreachable", message: "Roster cannot reach http://127.0.0.1:9/scim/v2 (Connection refused)." };
    const calls = setup({
      push_preview: () => {
        throw unreachable;
      },
    });
    fireEvent.click(await screen.findByTestId("push-preview"));
    const error = await screen.findByTestId("push-error");
    expect(error.textContent).toContain("Roster can't reach the target");
    expect(error.textContent).toContain("Connection refused");
    expect(screen.queryByTestId("push-review")).toBeNull();
    expect(calls.some((c) => c.command === "push_apply")).toBe(false);
  });

  it("approves the push and shows a receipt for every operation", async () => {
    const calls = setup({ push_preview: () => preview, push_apply: () => applied });
    await previewPush();
    fireEvent.click(screen.getByTestId("push-approve"));
    const dialog = await screen.findByTestId("push-approve-dialog");
    expect(dialog.textContent).toContain("Create20");
    fireEvent.click(within(dialog).getByTestId("push-confirm-approve"));
    const receipts = await screen.findByTestId("push-receipts");
    expect(calls.find((c) => c.command === "push_apply")?.args).toEqual({ target: "Sandbox directory", confirmGuardrail: false });
    expect(within(receipts).getByTestId("push-receipts-summary").textContent).toContain(`${applied.succeeded} operations succeeded`);
    expect(within(receipts).getAllByTestId("receipt-ok")).toHaveLength(applied.receipts.length);
    // The status each operation got, as the sandbox directory answered it: 201 for every account and group made.
    const created = within(receipts)
      .getAllByTestId("receipt-ok")
      .filter((row) => row.textContent?.includes("POST /Bulk (create)") || row.textContent?.includes("POST /Groups"));
    expect(created.length).toBe(applied.receipts.filter((r) => r.operation === "POST /Bulk (create)" || r.operation === "POST /Groups").length);
    expect(created.length).toBeGreaterThan(20);
    for (const row of created) expect(within(row).getAllByRole("cell")[3].textContent).toBe("201");
  });

  it("holds a push over a guardrail until APPLY is typed, lists failures with the target's detail, retries the failed", async () => {
    const heldPlan = { ...preview, plan: { ...preview.plan, guardrail: { tripped: true, reasons: ["22 of 23 accounts would be deactivated (over 10%)."] } } };
    const failed = applied.receipts[0];
    const partial = { ...applied, state: "partial", failed: 1, receipts: [{ ...failed, ok: false, status: 409, detail: "uniqueness: userName taken" }, ...applied.receipts.slice(1)] };
    const calls = setup({ push_preview: () => heldPlan, push_apply: () => partial, push_retry: () => applied });
    await previewPush();
    expect(screen.getByTestId("push-guardrail").textContent).toContain("22 of 23 accounts would be deactivated");
    expect((screen.getByTestId("push-approve") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId("push-guardrail-input"), { target: { value: "apply" } });
    expect((screen.getByTestId("push-approve") as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId("push-approve"));
    fireEvent.click(await screen.findByTestId("push-confirm-approve"));
    const failure = await screen.findByTestId("receipt-failed");
    expect(calls.find((c) => c.command === "push_apply")?.args).toEqual({ target: "Sandbox directory", confirmGuardrail: true });
    expect(failure.textContent).toContain("Failed: uniqueness: userName taken");
    expect(screen.getByTestId("push-receipts-summary").textContent).toContain("1 failed");
    fireEvent.click(screen.getByTestId("push-retry"));
    await waitFor(() => expect(screen.queryByTestId("receipt-failed")).toBeNull());
    expect(calls.find((c) => c.command === "push_retry")?.args).toEqual({ target: "Sandbox directory" });
    expect(screen.queryByTestId("push-retry")).toBeNull();
  });

  it("adds a target with the token in a password field and says why its test failed", async () => {
    const refusal = { code: "target_token_refused", message: "The target refused the token. Create a new one in the identity provider." };
    const calls = setup({
      target_add: () => {
        throw refusal;
      },
    });
    fireEvent.click(await screen.findByTestId("target-show-form"));
    const token = screen.getByTestId("target-token");
    expect(token.getAttribute("type")).toBe("password");
    fireEvent.change(screen.getByTestId("target-name"), { target: { value: "Okta" } });
    fireEvent.change(screen.getByTestId("target-url"), { target: { value: "https://example.okta.com/scim/v2" } });
    fireEvent.change(token, { target: { value: "secret-token-91" } });
    fireEvent.click(screen.getByTestId("target-add"));
    const error = await screen.findByTestId("target-error");
    expect(error.getAttribute("data-code")).toBe("target_token_refused");
    expect(error.textContent).toContain("Create a new one in the identity provider");
    expect(calls.find((c) => c.command === "target_add")?.args).toEqual({
      form: { name: "Okta", base_url: "https://example.okta.com/scim/v2", token: "secret-token-91" },
    });
  });

  it("lists orphans, missing and mismatched accounts, says the run is kept in History, and exports it", async () => {
    const calls = setup({
      reconcile_report: () => run,
      history_reconciliations: () => ({ total: 0, offset: 0, reconciliations: [] }),
      export_reconcile_csv: () => ({ path: "/tmp/r.csv", rows: 2 }),
    });
    fireEvent.click(await screen.findByTestId("provisioning-tab-reconcile"));
    // Nothing to export before a run.
    expect(screen.queryByTestId("reconcile-export")).toBeNull();
    fireEvent.click(screen.getByTestId("reconcile-run"));
    expect((await screen.findByTestId("reconcile-orphans")).textContent).toContain("j.doe.contractor@riverstone.example");
    expect(screen.getByTestId("reconcile-missing").textContent).toContain("Everyone has an account.");
    const kept = screen.getByTestId("reconcile-kept");
    expect(kept.textContent).toContain("kept in History as reconciliation 1");
    expect(within(kept).getByRole("link").getAttribute("href")).toBe("#/history?reconciliation=1");
    fireEvent.click(screen.getByTestId("reconcile-export"));
    expect((await screen.findByTestId("export-done")).textContent).toContain("Saved 2 findings");
    expect(calls.find((c) => c.command === "export_reconcile_csv")?.args).toEqual({ reconciliationId: 1 });
  });

  it("says when the target was last reconciled and what that run found, before it is run again", async () => {
    // The core's own page of kept runs, as History lists them.
    const calls = setup({ history_reconciliations: () => recorded.history_reconciliations as ReconciliationPage });
    fireEvent.click(await screen.findByTestId("provisioning-tab-reconcile"));
    const last = await screen.findByTestId("reconcile-last");
    expect(last.textContent).toContain("1 orphaned, 0 missing, 1 mismatched");
    expect(within(last).getByRole("link").getAttribute("href")).toBe("#/history?reconciliation=1");
    expect(calls.find((c) => c.command === "history_reconciliations")?.args).toEqual({
      query: { target: "Sandbox directory", offset: 0, limit: 1 },
    });
  });

  it("shows the Delete card only where the target's deletion policy is on", async () => {
    let plan = preview;
    setup({ push_preview: () => plan });
    await previewPush();
    expect(preview.plan.delete_after_days).toBeNull();
    expect(screen.queryByTestId("push-card-delete")).toBeNull();
    expect(screen.getByTestId("push-card-deactivate")).toBeTruthy();
    plan = { ...preview, plan: { ...preview.plan, delete_after_days: 30 } };
    fireEvent.click(screen.getByTestId("push-preview"));
    await waitFor(() => expect(screen.getByTestId("push-count-delete").textContent).toContain("0"));
  });

  it("edits the attribute mapping with only the attributes the target declares, and saves the rules", async () => {
    let saved: TargetSettings | null = null;
    setup({ target_settings_save: (args) => (saved = (args as { settings: TargetSettings }).settings) });
    fireEvent.click(await screen.findByTestId("provisioning-tab-rules"));
    await screen.findByTestId("attribute-rules");
    const rows = screen.getAllByTestId("rule-row").map((r) => r.getAttribute("data-attribute"));
    expect(rows).toContain("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter");
    expect(rows).not.toContain("groups.value");
    expect(rows).not.toContain("emails.type");
    expect(rows).not.toContain("active");
    const title = screen.getAllByTestId("rule-row").find((r) => r.getAttribute("data-attribute") === "title")!;
    fireEvent.change(within(title).getByTestId("rule-kind"), { target: { value: "none" } });
    await act(async () => fireEvent.click(screen.getByTestId("rules-save")));
    await waitFor(() => expect(screen.getByTestId("rules-saved")).toBeTruthy());
    expect(saved!.attributes.map((a) => a.attribute)).not.toContain("title");
    expect(saved!.attributes[0]).toEqual({ attribute: "userName", source: { kind: "field", value: "work_email" } });
  });

  it("maps a directory field onto a SCIM attribute from the keyboard, as Map fields does", async () => {
    let saved: TargetSettings | null = null;
    setup({ target_settings_save: (args) => (saved = (args as { settings: TargetSettings }).settings), target_rules_check: (args) => rulesCheck((args as { settings: TargetSettings }).settings) });
    fireEvent.click(await screen.findByTestId("provisioning-tab-rules"));
    await screen.findByTestId("attribute-rules");
    const card = screen.getByTestId("rules-source-department");
    card.focus();
    fireEvent.keyDown(card, { key: " " });
    await waitFor(() => expect(screen.getByTestId("rules-announcer").textContent).toContain("Picked up department. Use arrow keys to choose a SCIM attribute"));
    const rows = screen.getAllByTestId("rule-row").map((r) => r.getAttribute("data-attribute"));
    const costCenter = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter";
    for (let i = 0; i <= rows.indexOf(costCenter); i += 1) fireEvent.keyDown(card, { key: "ArrowDown" });
    const row = screen.getAllByTestId("rule-row").find((r) => r.getAttribute("data-attribute") === costCenter)!;
    expect(row.className).toContain("rules__row--over");
    fireEvent.keyDown(card, { key: " " });
    await waitFor(() => expect(screen.getByTestId("rules-announcer").textContent).toBe("costCenter (enterprise) is now filled from Department."));
    await act(async () => fireEvent.click(screen.getByTestId("rules-save")));
    await waitFor(() => expect(screen.getByTestId("rules-saved")).toBeTruthy());
    expect(saved!.attributes.find((a) => a.attribute === costCenter)?.source).toEqual({ kind: "field", value: "department" });
  });

  it("flags group names that differ only by case or spacing while the rules are edited", async () => {
    const check = recorded.target_rules_check;
    expect(rulesCheck(check.settings as TargetSettings)).toEqual(check.reply);
    setup({ target_rules_check: (args) => rulesCheck((args as { settings: TargetSettings }).settings) });
    fireEvent.click(await screen.findByTestId("provisioning-tab-rules"));
    await screen.findByTestId("group-rules");
    expect(screen.queryByTestId("rules-group-warnings")).toBeNull();
    fireEvent.click(screen.getByText("A fixed group"));
    const names = screen.getAllByRole("textbox").filter((i) => i.getAttribute("aria-label")?.startsWith("Name of group"));
    fireEvent.change(names[names.length - 1], { target: { value: "all  Employees" } });
    const warning = await screen.findByTestId("rules-group-warnings", {}, { timeout: 2000 });
    expect(warning.textContent).toContain("All employees");
    expect(warning.textContent).toContain("looks like");
    expect(warning.textContent).toContain("all  Employees");
  });

  it("says which look-alike is a group the target already has", async () => {
    const check = recorded.target_rules_check;
    setup({
      target_rules_check: () => ({ ...check.reply, group_look_alikes: [["Engineering", "engineering"]], in_target: ["engineering"] }),
    });
    fireEvent.click(await screen.findByTestId("provisioning-tab-rules"));
    const warning = await screen.findByTestId("rules-group-warnings", {}, { timeout: 2000 });
    expect(warning.textContent).toContain("Engineering looks like engineering, a group the target already has");
  });

  it("shows an attribute cleared in the directory as before → (cleared)", async () => {
    const cleared = {
      ...preview,
      plan: {
        ...preview.plan,
        changes: [{ ...preview.plan.changes[0], kind: "update" as const, attributes: [{ attribute: "title", before: "Buyer", after: null }] }],
      },
    };
    setup({ push_preview: () => cleared });
    await previewPush();
    expect((await screen.findByTestId("push-row")).textContent).toContain("Buyer → (cleared)");
  });
});

