// A strip above every screen while the sandbox profile is active, so nobody mistakes it for real company data,
// with the sandbox's clock: "Simulate a week" makes TriNet's made-up data change as a real company's would.
import { useState } from "react";
import type { SandboxAdvanced } from "../../ipc/bindings";
import { sandboxAdvance, toIpcError } from "../../ipc/client";
import { userLocale } from "../locale";
import { hrefFor } from "../router/hashRoute";
import { buttonClass } from "../ui/buttonClass";
import { SandboxBadge } from "../ui/SandboxBadge";
import { Spinner } from "../ui/Spinner";

function longDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return new Date(y, m - 1, d).toLocaleDateString(userLocale, { month: "short", day: "numeric", year: "numeric" });
}

type Clock = { state: "idle" } | { state: "moving" } | { state: "moved"; result: SandboxAdvanced } | { state: "failed"; message: string };

export function SandboxBanner({ companyName }: { companyName: string }) {
  const [clock, setClock] = useState<Clock>({ state: "idle" });

  async function simulateWeek() {
    setClock({ state: "moving" });
    try {
      setClock({ state: "moved", result: await sandboxAdvance(7) });
    } catch (e) {
      setClock({ state: "failed", message: toIpcError(e, "sandbox_advance").message });
    }
  }

  return (
    <div className="sandbox-banner" data-testid="sandbox-banner">
      <SandboxBadge />
      <p className="sandbox-banner__text" role="status" aria-live="polite" data-testid="sandbox-clock">
        {clock.state === "moved" ? (
          <>
            It is now <strong>{longDate(clock.result.date)}</strong> at {companyName}: {clock.result.changes} change
            {clock.result.changes === 1 ? "" : "s"} in TriNet. <a href={hrefFor("review")}>Preview the import</a> to
            see them.
          </>
        ) : clock.state === "failed" ? (
          <span className="sandbox-banner__error">{clock.message}</span>
        ) : (
          <>
            You are working with <strong>{companyName}</strong>, a made-up company running on this computer.
            Nothing here touches TriNet.
          </>
        )}
      </p>
      <button
        type="button"
        className={`${buttonClass("secondary")} sandbox-banner__button`}
        onClick={simulateWeek}
        disabled={clock.state === "moving"}
        aria-busy={clock.state === "moving" || undefined}
        data-testid="sandbox-advance"
        title="Hires, leavers, moves, leaves and a few bad records arrive in the sandbox's TriNet data"
      >
        {clock.state === "moving" && <Spinner />}
        Simulate a week
      </button>
      <a className="sandbox-banner__link" href={hrefFor("connect")}>
        Leave the sandbox
      </a>
    </div>
  );
}
