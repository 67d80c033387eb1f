// Everything one change line says, for rows with more than fits: each field as before → after, the status
// change, and for a needs-attention line the reason, the note and the possible match.
import type { ChangeLine } from "../../ipc/bindings";
import { KindBadge } from "../../shared/kinds";
import { buttonClass } from "../../shared/ui/buttonClass";
import { Dialog } from "../../shared/ui/Dialog";
import { FactValue } from "./ChangeRow";
import "../../shared/ui/data-table.css";
import { factsOf, reasonLabels, resolutionLabel, statusLabels } from "./describe";

export function ChangeDetailsDialog({ line, onClose }: { line: ChangeLine; onClose: () => void }) {
  const facts = factsOf(line);
  const decision = resolutionLabel(line);
  return (
    <Dialog
      title={line.name ?? line.employee_id ?? "Change details"}
      onClose={onClose}
      testId="review-details"
      footer={
        <button type="button" className={buttonClass("secondary")} onClick={onClose}>
          Close
        </button>
      }
    >
      <div className="change-details">
        <p className="change-details__who">
          <KindBadge kind={line.kind} />
          <span className="mono">{line.employee_id ?? "no employee ID"}</span>
          <span>{line.work_email ?? "no work email"}</span>
        </p>
        {line.reason && (
          <p>
            <strong>{reasonLabels[line.reason]}.</strong> {line.note}
            {line.missing_runs !== null && ` Missing for ${line.missing_runs} runs in a row.`}
          </p>
        )}
        {!line.reason && line.note && <p>{line.note}</p>}
        {line.candidate && (
          <p>
            Possibly the same person as <strong>{line.candidate.name}</strong> ({statusLabels[line.candidate.status]}) in your
            directory.
          </p>
        )}
        {line.kind === "needs_attention" && (
          <p>Decision: {decision ?? "none yet — this record stays out if the import is applied."}</p>
        )}
        {facts.length > 0 && (
          <table className="data-table change-details__table">
            <caption className="visually-hidden">What changes</caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">{line.kind === "new" ? "Value" : "Before → after"}</th>
              </tr>
            </thead>
            <tbody>
              {facts.map((fact, i) => (
                <tr key={i}>
                  <th scope="row">{fact.label}</th>
                  <td>
                    <FactValue fact={fact} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Dialog>
  );
}
