// How the Directory names a person and its fields: the name an admin knows them by, and field labels from the
// directory's fields (core and the saved mapping's custom ones), falling back to a readable form of the name.
import type { DirectoryEntry } from "../../ipc/bindings";
import { directoryFields, mappingCurrent } from "../../ipc/client";
import { fieldLabel } from "../../shared/facts";

/** Preferred (else legal first) name and last name; the employee ID or email when the record has no name. */
export function displayName(person: DirectoryEntry): string {
  const v = person.values;
  const name = [v.preferred_name || v.first_name, v.last_name].filter(Boolean).join(" ");
  return name || v.employee_id || v.work_email || `Person ${person.person_id}`;
}

export type FieldLabels = {
  order: string[];
  label: (field: string) => string;
  /** Whether the field holds a day (YYYY-MM-DD), shown in the OS locale's format. */
  isDate: (field: string) => boolean;
};

const looksLikeDate = (field: string) => /(^|_)date(_|$)/.test(field);

export const fallbackLabels: FieldLabels = { order: [], label: fieldLabel, isDate: looksLikeDate };

/** Core fields then custom ones, with their labels; any failure leaves the readable fallbacks. */
export async function loadFieldLabels(): Promise<FieldLabels> {
  const [core, mapping] = await Promise.all([directoryFields(), mappingCurrent().catch(() => null)]);
  const fields = [...core, ...(mapping?.spec.custom_fields ?? [])];
  const byName = new Map(fields.map((f) => [f.name, f]));
  return {
    order: fields.map((f) => f.name),
    label: (field) => byName.get(field)?.label ?? fieldLabel(field),
    isDate: (field) => {
      const known = byName.get(field);
      return known ? known.kind === "date" : looksLikeDate(field);
    },
  };
}
