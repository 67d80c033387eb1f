// The Connect screen checks values before sending, saves only what passed a test, explains failures by code,
// and confirms a revoke with erasing local data left unticked.
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ErrorCode } from "../../ipc/bindings";
import { ConnectionProvider } from "../../shared/connection/ConnectionContext";
import { errorHeadlines } from "../../shared/errorHeadlines";
import { connected, needsAttention, notConnected, passedTest, sandboxConnected } from "../../test/connectionFixture";
import { deferred, mockRoster, type Handler } from "../../test/mockRoster";
import { ConnectScreen } from "./ConnectScreen";

function renderConnect() {
  return render(
    <ConnectionProvider checkOnStart={false}>
      <ConnectScreen />
    </ConnectionProvider>,
  );
}

function input(testId: string): HTMLInputElement {
  return screen.getByTestId(testId) as HTMLInputElement;
}

function type(testId: string, value: string) {
  fireEvent.change(input(testId), { target: { value } });
}

function errorTextOf(testId: string): string {
  const ids = input(testId).getAttribute("aria-describedby")?.split(" ") ?? [];
  return ids.map((id) => document.getElementById(id)?.textContent ?? "").join(" ");
}

async function fillValid() {
  await screen.findByTestId("connect-company-id");
  type("connect-company-id", "ACME01");
  type("connect-client-id", "client-7f3a");
  type("connect-client-secret", "s3cret-value");
}

async function clickAndSettle(testId: string) {
  await act(async () => {
    fireEvent.click(screen.getByTestId(testId));
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}

describe("Connect form validation", () => {
  it("asks for each empty value and sends nothing", async () => {
    const calls = mockRoster();
    renderConnect();
    await screen.findByTestId("connect-company-id");
    await clickAndSettle("connect-test");
    for (const [testId, label] of [
      ["connect-company-id", "Company ID"],
      ["connect-client-id", "Client ID"],
      ["connect-client-secret", "Client Secret"],
    ]) {
      expect(input(testId).getAttribute("aria-invalid")).toBe("true");
      expect(errorTextOf(testId)).toContain(`Enter the ${label}.`);
    }
    expect(input("connect-base-url").getAttribute("aria-invalid")).toBeNull();
    expect(calls.some((c) => c.command === "test_connection")).toBe(false);
    expect(document.activeElement).toBe(input("connect-company-id"));
  });

  it("explains a space copied at the start or end of a value", async () => {
    const calls = mockRoster();
    renderConnect();
    await fillValid();
    type("connect-client-id", " client-7f3a");
    type("connect-client-secret", "s3cret-value ");
    await clickAndSettle("connect-test");
    expect(errorTextOf("connect-client-id")).toContain("Copying from a web page often adds one");
    expect(errorTextOf("connect-client-secret")).toContain("Remove the space at the start or end");
    expect(input("connect-company-id").getAttribute("aria-invalid")).toBeNull();
    expect(calls.some((c) => c.command === "test_connection")).toBe(false);
  });

  it("opens Advanced and explains an address that is not http(s)", async () => {
    mockRoster();
    renderConnect();
    await fillValid();
    const toggle = screen.getByTestId("connect-advanced");
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    fireEvent.click(toggle);
    type("connect-base-url", "ftp://api.trinet.com");
    fireEvent.click(toggle);
    await clickAndSettle("connect-test");
    expect(toggle.getAttribute("aria-expanded")).toBe("true");
    expect(input("connect-base-url").getAttribute("aria-invalid")).toBe("true");
    expect(errorTextOf("connect-base-url")).toContain("must start with https://");
    type("connect-base-url", "api.trinet.com");
    expect(errorTextOf("connect-base-url")).toContain("Enter a full web address");
    type("connect-base-url", "http://api.trinet.com");
    expect(errorTextOf("connect-base-url")).toContain("Plain http:// would send the client secret unencrypted");
    type("connect-base-url", "https://admin:hunter2@api.trinet.com");
    expect(errorTextOf("connect-base-url")).toContain("Remove the user name or password");
    for (const local of ["http://127.0.0.1:4010", "http://localhost:4010", "http://[::1]:4010"]) {
      type("connect-base-url", local);
      expect(input("connect-base-url").getAttribute("aria-invalid")).toBeNull();
    }
    type("connect-base-url", "https://api.trinet.com");
    expect(input("connect-base-url").getAttribute("aria-invalid")).toBeNull();
  });

  it("masks the secret until the admin presses Show", async () => {
    mockRoster();
    renderConnect();
    await fillValid();
    const toggle = screen.getByTestId("connect-secret-toggle");
    expect(input("connect-client-secret").type).toBe("password");
    expect(toggle.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(toggle);
    expect(input("connect-client-secret").type).toBe("text");
    expect(toggle.getAttribute("aria-pressed")).toBe("true");
  });
});

describe("Test then save", () => {
  it("enables Save only after a passing test of the exact values, and saves those values", async () => {
    const testing = deferred<unknown>();
    const calls = mockRoster({
      test_connection: () => testing.promise,
      save_connection: () => connected,
    });
    renderConnect();
    await fillValid();
    const save = () => screen.getByTestId("connect-save") as HTMLButtonElement;
    expect(save().disabled).toBe(true);

    fireEvent.click(screen.getByTestId("connect-test"));
    await waitFor(() => expect(screen.getByTestId("connect-test").textContent).toBe("Testing…"));
    expect((screen.getByTestId("connect-test") as HTMLButtonElement).disabled).toBe(true);
    expect(save().disabled).toBe(true);

    await act(async () => testing.resolve(passedTest));
    const success = screen.getByTestId("connect-success");
    expect(success.textContent).toContain("Acme Widgets");
    expect(success.textContent).toContain("Acme Widgets, Inc.");
    expect(within(success).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "company.read",
      "employee.read",
    ]);
    expect(save().disabled).toBe(false);
    expect(save().className).toContain("button--primary");
    expect(calls.find((c) => c.command === "test_connection")?.args).toEqual({
      form: { company_id: "ACME01", client_id: "client-7f3a", client_secret: "s3cret-value", base_url: null },
    });

    type("connect-client-id", "client-other");
    expect(save().disabled).toBe(true);
    expect(screen.queryByTestId("connect-success")).toBeNull();
    expect(screen.getByText("You changed a value after the test. Test again before saving.")).toBeTruthy();

    type("connect-client-id", "client-7f3a");
    expect(save().disabled).toBe(false);
    await clickAndSettle("connect-save");
    expect(calls.find((c) => c.command === "save_connection")?.args).toEqual({
      form: { company_id: "ACME01", client_id: "client-7f3a", client_secret: "s3cret-value", base_url: null },
    });
    expect(screen.getByTestId("connect-summary-title").textContent).toBe("Connected — Acme Widgets");
  });

  it("shows a failed save with its headline and keeps the form", async () => {
    mockRoster({
      test_connection: () => passedTest,
      save_connection: () => {
        throw { code: "keyring_unavailable", message: "Unlock your keyring, then save again." };
      },
    });
    renderConnect();
    await fillValid();
    await clickAndSettle("connect-test");
    await clickAndSettle("connect-save");
    const error = screen.getByTestId("connect-error");
    expect(error.getAttribute("data-code")).toBe("keyring_unavailable");
    expect(error.textContent).toContain("Unlock your keyring, then save again.");
    expect(input("connect-company-id").value).toBe("ACME01");
  });

  const failures: [ErrorCode, string][] = [
    ["bad_credentials", "Copy the Client ID and Client Secret again from the Integration Center."],
    ["missing_scope", "Grant the employee.read scope to this API user in TriNet."],
    ["unknown_company", "Check the Company ID in the Integration Center."],
    ["unreachable", "Check this computer's network connection, then test again."],
    ["rate_limited", "Wait a minute, then test again."],
    ["trinet_error", "TriNet had a problem (503). Try again in a few minutes."],
  ];
  for (const [code, message] of failures) {
    it(`explains a ${code} failure with its headline and the message`, async () => {
      mockRoster({
        test_connection: () => {
          throw { code, message };
        },
      });
      renderConnect();
      await fillValid();
      await clickAndSettle("connect-test");
      const error = screen.getByTestId("connect-error");
      expect(error.getAttribute("role")).toBe("alert");
      expect(error.getAttribute("data-code")).toBe(code);
      expect(error.textContent).toContain(errorHeadlines[code]);
      expect(error.textContent).toContain(message);
      expect((screen.getByTestId("connect-save") as HTMLButtonElement).disabled).toBe(true);
      expect(screen.getByTestId("connect-test").className).toContain("button--primary");
    });
  }
});

describe("Connected", () => {
  it("summarises the connection and checks it again on request", async () => {
    const calls = mockRoster({ connection_status: () => connected, check_connection: () => connected });
    renderConnect();
    const title = await screen.findByTestId("connect-summary-title");
    expect(title.textContent).toBe("Connected — Acme Widgets");
    const summary = screen.getByTestId("connect-summary");
    expect(summary.textContent).toContain("ACME01");
    expect(summary.textContent).toContain("client-7f3a");
    expect(summary.textContent).toContain("https://api.trinet.com");
    expect(summary.textContent).toContain("employee.read");
    expect(screen.getByTestId("connect-last-verified").textContent).toBe("5 minutes ago");
    expect(screen.queryByTestId("connect-company-id")).toBeNull();
    await clickAndSettle("connect-check");
    expect(calls.filter((c) => c.command === "check_connection").length).toBe(1);
    expect(summary.textContent).toContain("Checked: the connection works.");
  });

  it("shows what needs attention and the form to enter credentials again", async () => {
    mockRoster({ connection_status: () => needsAttention });
    renderConnect();
    const title = await screen.findByTestId("connect-summary-title");
    expect(title.textContent).toBe("Needs attention — Acme Widgets");
    const problem = screen.getByTestId("connect-problem");
    expect(problem.textContent).toContain("TriNet didn't accept these credentials");
    expect(problem.textContent).toContain("Enter current credentials");
    expect(input("connect-company-id").value).toBe("ACME01");
    expect(input("connect-client-secret").value).toBe("");
  });
});

describe("Revoke", () => {
  async function openRevoke(status = connected, revoke: Handler = () => notConnected) {
    const calls = mockRoster({ connection_status: () => status, revoke_connection: revoke });
    renderConnect();
    await screen.findByTestId("connect-summary");
    fireEvent.click(screen.getByTestId("connect-revoke"));
    return calls;
  }

  it("asks first, with erasing local data unticked and Cancel focused", async () => {
    const calls = await openRevoke();
    const dialog = screen.getByRole("dialog", { name: "Revoke the TriNet connection?" });
    expect(dialog.textContent).toContain("system keyring");
    expect(dialog.textContent).toContain("stops any scheduled imports");
    expect(dialog.textContent).toContain("This cannot be undone.");
    expect((screen.getByTestId("revoke-erase") as HTMLInputElement).checked).toBe(false);
    expect(document.activeElement?.textContent).toBe("Cancel");
    fireEvent.click(screen.getByText("Cancel"));
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(calls.some((c) => c.command === "revoke_connection")).toBe(false);
  });

  it("revokes without erasing unless asked, then shows the empty form", async () => {
    const calls = await openRevoke();
    await clickAndSettle("revoke-confirm");
    expect(calls.find((c) => c.command === "revoke_connection")?.args).toEqual({ eraseData: false });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(screen.getByTestId("connect-notice").textContent).toContain("client secret deleted from your keyring");
    expect(input("connect-company-id").value).toBe("");
  });

  it("passes eraseData when the admin ticks the erase option", async () => {
    const calls = await openRevoke();
    fireEvent.click(screen.getByTestId("revoke-erase"));
    await clickAndSettle("revoke-confirm");
    expect(calls.find((c) => c.command === "revoke_connection")?.args).toEqual({ eraseData: true });
    expect(screen.getByTestId("connect-notice").textContent).toContain("were erased");
  });

  it("keeps the dialog open with the reason when revoking fails", async () => {
    await openRevoke(connected, () => {
      throw { code: "keyring_unavailable", message: "Unlock your keyring, then revoke again." };
    });
    await clickAndSettle("revoke-confirm");
    expect(screen.getByRole("dialog")).toBeTruthy();
    expect(screen.getByTestId("revoke-error").textContent).toContain("Unlock your keyring, then revoke again.");
  });

  it('says "Leave the sandbox" in the sandbox profile', async () => {
    await openRevoke(sandboxConnected);
    expect(screen.getByTestId("connect-revoke").textContent).toBe("Leave the sandbox…");
    const dialog = screen.getByRole("dialog", { name: "Leave the sandbox?" });
    expect(dialog.textContent).toContain("returns to your company's data");
    expect(screen.getByTestId("revoke-confirm").textContent).toBe("Leave the sandbox");
    await clickAndSettle("revoke-confirm");
    expect(screen.getByTestId("connect-notice").textContent).toContain("You left the sandbox");
  });
});
