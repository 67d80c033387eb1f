// The window's notice after an import approved here auto-pushed to targets with auto-push on: per target, what was
// sent (and whether any operation failed), what a guardrail held for review, what needs attention, or why it could
// not push, each with what to do next. The push runs in the background after the approval, so this arrives later.
import { useCallback, useState } from "react";
import type { AutoPushed } from "../../ipc/bindings";
import { onAutoPush } from "../../ipc/client";
import { countOf, formatCount } from "../../shared/formatCount";
import { CloseIcon, WarningIcon } from "../../shared/icons";
import { hrefFor } from "../../shared/router/hashRoute";
import { useAppEvent } from "../../shared/useAppEvent";
import { historyHref } from "../history/place";
import "../settings/settings.css";
import { onPushDecided } from "./pushDecided";

/** How much it needs the admin: something failed, lines wait for them, or nothing at all. */
export function toneOf(done: AutoPushed): "failed" | "waiting" | "ok" {
  if (done.error !== null || done.failed > 0) return "failed";
  return done.waiting > 0 ? "waiting" : "ok";
}

/** A line once the push it held for review was decided: without the waiting part, or gone if nothing else is left. */
export function afterDecided(done: AutoPushed, pushId: number): AutoPushed[] {
  if (done.review_push_id !== pushId) return [done];
  if (done.push_id === null && done.error === null) return [];
  return [{ ...done, waiting: 0, review_push_id: null, rules_unreviewed: false, reasons: [] }];
}

function Sent({ done }: { done: AutoPushed }) {
  if (done.push_id === null && (done.waiting > 0 || done.rules_unreviewed)) return <>Nothing was sent to {done.target}.</>;
  if (done.push_id === null) return <>Nothing was sent to {done.target}: its accounts already match the directory.</>;
  return (
    <>
      Sent <a href={historyHref({ pushId: done.push_id })}>push {formatCount(done.push_id)}</a> to {done.target}:{" "}
      {countOf(done.succeeded, "operation", "operations")} succeeded
      {done.failed > 0 ? (
        <>
          , <strong>{formatCount(done.failed)} failed</strong>. Retry the failed ones in{" "}
          <a href={hrefFor("provisioning")}>Provisioning</a>.
        </>
      ) : (
        "."
      )}
    </>
  );
}

function Held({ done }: { done: AutoPushed }) {
  if (done.waiting === 0) return null;
  const reasons = done.reasons.join(" ");
  return (
    <>
      {" "}
      {done.review_push_id !== null ? (
        <>
          <strong>{countOf(done.waiting, "account waits", "accounts wait")} for your review</strong> as push{" "}
          {formatCount(done.review_push_id)}: {reasons} <a href={hrefFor("provisioning")}>Review it in Provisioning</a>
        </>
      ) : (
        <>
          {reasons} <a href={hrefFor("provisioning")}>Open Provisioning</a>
        </>
      )}
    </>
  );
}

function Line({ done }: { done: AutoPushed }) {
  return (
    <li data-testid="auto-push-line" data-target={done.target}>
      {done.error !== null ? (
        <>
          <strong>Could not push to {done.target}:</strong> {done.error} Nothing was sent; preview the push in{" "}
          <a href={hrefFor("provisioning")}>Provisioning</a> to try again.
        </>
      ) : (
        <>
          <Sent done={done} />
          <Held done={done} />
        </>
      )}
    </li>
  );
}

/** Listens for auto-push results while mounted; `initial` lets tests start with some. */
export function AutoPushNotice({ initial = [] }: { initial?: AutoPushed[] }) {
  const [results, setResults] = useState<AutoPushed[]>(initial);
  const onDone = useCallback((done: AutoPushed) => {
    // The newest result per target.
    setResults((now) => [...now.filter((r) => r.target !== done.target), done]);
  }, []);
  useAppEvent(onAutoPush, onDone);
  // The push a line said waits for review was sent or rejected here: that part of the line is done.
  const onDecided = useCallback((pushId: number) => setResults((now) => now.flatMap((r) => afterDecided(r, pushId))), []);
  useAppEvent(onPushDecided, onDecided);
  if (results.length === 0) return null;
  const tones = results.map(toneOf);
  const tone = tones.includes("failed") ? "failed" : tones.includes("waiting") ? "waiting" : "ok";
  return (
    <div
      className={`scheduled-sync-banner${tone === "failed" ? "" : ` scheduled-sync-banner--${tone}`}`}
      role="status"
      data-testid="auto-push-notice"
      data-tone={tone}
    >
      <WarningIcon size={16} className="scheduled-sync-banner__icon" />
      <div className="scheduled-sync-banner__text">
        <strong>Auto-push after the approved import</strong>
        <ul className="auto-push-notice__lines">
          {results.map((done) => (
            <Line key={done.target} done={done} />
          ))}
        </ul>
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label="Dismiss the auto-push notice"
        onClick={() => setResults([])}
        data-testid="auto-push-dismiss"
      >
        <CloseIcon size={14} />
      </button>
    </div>
  );
}
