// Shows an IpcError as what happened (headline chosen by code) and what to do (the message from Rust).
import type { ReactNode } from "react";
import type { IpcError } from "../../ipc/bindings";
import { errorHeadlines } from "../errorHeadlines";
import { ErrorCircleIcon } from "../icons";
import { buttonClass } from "./buttonClass";
import "./error-callout.css";

/**
 * `onRetry` adds the usual "Try again" button; `action` is for anything else. `headlines` overrides the headline of
 * some codes where the shared one would name the wrong service (a SCIM target is not TriNet).
 */
type ErrorCalloutProps = {
  error: IpcError;
  action?: ReactNode;
  onRetry?: () => void;
  testId?: string;
  headlines?: Partial<Record<IpcError["code"], string>>;
};

export function ErrorCallout({ error, action, onRetry, testId, headlines }: ErrorCalloutProps) {
  return (
    <div className="error-callout" role="alert" data-testid={testId} data-error-code={error.code} data-code={error.code}>
      <ErrorCircleIcon size={18} className="error-callout__icon" />
      <div className="error-callout__body">
        <p className="error-callout__headline">{headlines?.[error.code] ?? errorHeadlines[error.code]}</p>
        <p className="error-callout__message">{error.message}</p>
        {(action || onRetry) && (
          <div className="error-callout__action">
            {action}
            {onRetry && (
              <button type="button" className={buttonClass("secondary")} onClick={onRetry}>
                Try again
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
