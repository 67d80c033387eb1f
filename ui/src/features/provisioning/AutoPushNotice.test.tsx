// After an approval with auto-push on, the window says per target what was sent, what a guardrail held for review,
// and what failed, each with what to do; a clean push is not a warning.
import { act, fireEvent, render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AutoPushed } from "../../ipc/bindings";
import { AutoPushNotice } from "./AutoPushNotice";
import { announcePushDecided } from "./pushDecided";

const base: AutoPushed = { target: "Okta", push_id: null, succeeded: 0, failed: 0, waiting: 0, review_push_id: null, reasons: [], rules_unreviewed: false, error: null };

describe("AutoPushNotice", () => {
  it("says what was sent, what waits for review behind a guardrail, and what could not be pushed", () => {
    render(
      <AutoPushNotice
        initial={[
          { ...base, push_id: 12, succeeded: 40, failed: 2 },
          {
            ...base, target: "Slack", push_id: 13, succeeded: 5, waiting: 30, review_push_id: 14,
            reasons: ["30 of 200 accounts would be deactivated (over 10%)."],
          },
          { ...base, target: "Zoom", error: "The target refused the token. Create a new one in Zoom." },
          {
            ...base, target: "Entra", waiting: 250, review_push_id: 15, rules_unreviewed: true,
            reasons: ["No push made with Entra's current rules has been reviewed yet (a new target, or changed rules)."],
          },
        ]}
      />,
    );
    const notice = screen.getByTestId("auto-push-notice");
    expect(notice.getAttribute("data-tone")).toBe("failed");
    const [okta, slack, zoom, entra] = screen.getAllByTestId("auto-push-line");
    expect(okta.textContent).toBe("Sent push 12 to Okta: 40 operations succeeded, 2 failed. Retry the failed ones in Provisioning.");
    expect(okta.querySelector("a")?.getAttribute("href")).toBe("#/history?push=12");
    expect(slack.textContent).toContain("30 accounts wait for your review as push 14: 30 of 200 accounts would be deactivated");
    expect(slack.textContent).toContain("Review it in Provisioning");
    expect(zoom.textContent).toContain("Could not push to Zoom: The target refused the token");
    expect(zoom.textContent).toContain("Nothing was sent");
    // A target whose rules nobody has seen at work: everything waits, and nothing claims the accounts match.
    expect(entra.textContent).toContain("Nothing was sent to Entra. 250 accounts wait for your review as push 15: No push made");
    expect(entra.textContent).not.toContain("already match");
    fireEvent.click(screen.getByTestId("auto-push-dismiss"));
    expect(screen.queryByTestId("auto-push-notice")).toBeNull();
  });

  it("is not a warning when everything went, and only a caution when lines wait", () => {
    const { unmount } = render(<AutoPushNotice initial={[{ ...base, push_id: 4, waiting: 1, reasons: ["1 account needs attention."] }]} />);
    expect(screen.getByTestId("auto-push-notice").getAttribute("data-tone")).toBe("waiting");
    unmount();
    render(<AutoPushNotice initial={[{ ...base, push_id: 3, succeeded: 7 }, { ...base, target: "Slack" }]} />);
    expect(screen.getByTestId("auto-push-notice").getAttribute("data-tone")).toBe("ok");
    const [okta, slack] = screen.getAllByTestId("auto-push-line");
    expect(okta.textContent).toBe("Sent push 3 to Okta: 7 operations succeeded.");
    expect(slack.textContent).toBe("Nothing was sent to Slack: its accounts already match the directory.");
  });

  it("stops saying a push waits once the admin sent or rejected it in Provisioning", () => {
    render(
      <AutoPushNotice
        initial={[
          { ...base, target: "Slack", push_id: 13, succeeded: 5, waiting: 30, review_push_id: 14, reasons: ["Over the guardrail."] },
          { ...base, target: "Entra", waiting: 250, review_push_id: 15, rules_unreviewed: true, reasons: ["Rules not reviewed."] },
        ]}
      />,
    );
    act(() => announcePushDecided(15));
    // Entra's line only said its push waits: it is gone. Slack's still waits.
    expect(screen.getAllByTestId("auto-push-line").map((l) => l.getAttribute("data-target"))).toEqual(["Slack"]);
    act(() => announcePushDecided(14));
    // What auto-push sent stays; the waiting part is gone, and the notice is no longer a caution.
    const [slack] = screen.getAllByTestId("auto-push-line");
    expect(slack.textContent).toBe("Sent push 13 to Slack: 5 operations succeeded.");
    expect(screen.getByTestId("auto-push-notice").getAttribute("data-tone")).toBe("ok");
  });
});
