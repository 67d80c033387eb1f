// Five sample employees run through the unsaved mapping: one row each, one column per mapped field.
import { useId } from "react";
import type { IpcError } from "../../ipc/bindings";
import { ErrorCircleIcon } from "../../shared/icons";
import { KindBadge } from "../../shared/kinds";
import { ErrorCallout } from "../../shared/ui/ErrorCallout";
import { Spinner } from "../../shared/ui/Spinner";
import type { DirectoryField, Preview } from "../../ipc/bindings";

type PreviewTableProps = {
  preview: Preview | null;
  error: IpcError | null;
  updating: boolean;
  fields: readonly DirectoryField[];
};

export function PreviewTable({ preview, error, updating, fields }: PreviewTableProps) {
  const headingId = useId();
  const labelOf = (name: string) => fields.find((f) => f.name === name)?.label ?? name;
  const excluded = preview?.rows.filter((r) => r.excluded).length ?? 0;
  return (
    <section className="section-card" aria-labelledby={headingId}>
      <div className="mapping-section__head">
        <h2 id={headingId} className="section-card__title">
          Preview
        </h2>
        <span className="mapping-section__meta" aria-live="polite" data-testid="mapping-preview-status">
          {updating ? (
            <>
              <Spinner /> Updating…
            </>
          ) : preview ? (
            `${preview.rows.length} sample employees${excluded ? `, ${excluded} excluded` : ""} · not saved yet`
          ) : (
            ""
          )}
        </span>
      </div>
      {error && <ErrorCallout error={error} testId="mapping-preview-error" />}
      {preview && (
        <div className="preview-scroll" tabIndex={0} role="region" aria-labelledby={headingId} data-scrolls-sideways>
          <table className="preview" data-testid="mapping-preview" aria-busy={updating || undefined}>
            <thead>
              <tr>
                <th scope="col" className="preview__person">
                  Employee
                </th>
                {preview.fields.map((field) => (
                  <th scope="col" key={field} data-field={field}>
                    {labelOf(field)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, index) => (
                <tr
                  key={row.employee_id ?? `row-${index}`}
                  className={row.excluded ? "preview__row--excluded" : undefined}
                  data-testid={`mapping-preview-row-${row.employee_id ?? index}`}
                  data-excluded={row.excluded ? "true" : "false"}
                >
                  <th scope="row" className="preview__person">
                    <span className="preview__name">{row.name ?? "No name"}</span>
                    <span className="preview__id">{row.employee_id ?? "No employee ID"}</span>
                    {row.excluded && <KindBadge kind="excluded" />}
                  </th>
                  {preview.fields.map((field) => {
                    const cell = row.values.find((v) => v.field === field);
                    return (
                      <td key={field} data-field={field}>
                        {cell?.error ? (
                          <span className="preview__error">
                            <ErrorCircleIcon size={13} />
                            <span>
                              <span className="visually-hidden">Error: </span>
                              {cell.error}
                            </span>
                          </span>
                        ) : cell?.value ? (
                          <span className="preview__value">{cell.value}</span>
                        ) : (
                          <span className="preview__empty">
                            <span aria-hidden="true">—</span>
                            <span className="visually-hidden">empty</span>
                          </span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
