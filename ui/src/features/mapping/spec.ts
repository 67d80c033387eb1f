// Pure helpers over a MappingSpec: what a transform reads, how to describe it, and edits that return a new spec.
import { formatCount } from "../../shared/formatCount";
import type { DirectoryField, FieldMapping, MappingSpec, Transform } from "../../ipc/bindings";

export type TransformType = Transform["type"];

export const transformLabels: Record<TransformType, string> = {
  direct: "Direct",
  value_map: "Value map",
  date: "Date normalisation",
  fallback: "Fallback chain",
  template: "Template",
  manager_email: "Manager's work email",
};

/** Short names for the transform button on each directory field row. */
export const transformShortLabels: Record<TransformType, string> = {
  direct: "Direct",
  value_map: "Value map",
  date: "Date",
  fallback: "Fallback",
  template: "Template",
  manager_email: "Manager",
};

/** The TriNet paths a transform reads, in order. */
export function sourcesOf(transform: Transform): string[] {
  switch (transform.type) {
    case "direct":
    case "value_map":
    case "date":
    case "manager_email":
      return transform.source ? [transform.source] : [];
    case "fallback":
      return transform.sources.filter(Boolean);
    case "template":
      return [];
  }
}

/** The one source a select menu can show, or null when the transform reads several (or none). */
export function singleSource(transform: Transform): string | null {
  return transform.type === "fallback" || transform.type === "template" ? null : transform.source || null;
}

/** "Value map · employmentInfo.department.deptCode (4 rows)" and the like, for a directory field row. */
export function describeTransform(transform: Transform): string {
  switch (transform.type) {
    case "direct":
      return transform.source;
    case "date":
      return `${transform.source} as a date`;
    case "manager_email":
      return `work email of ${transform.source}`;
    case "value_map": {
      const rows = transform.table.length;
      return `${transform.source} through a value map (${rows} ${rows === 1 ? "row" : "rows"})`;
    }
    case "fallback":
      return transform.sources.filter(Boolean).join(", else ") || "an empty fallback chain";
    case "template":
      return transform.template ? `“${transform.template}”` : "an empty template";
  }
}

export function mappingFor(spec: MappingSpec, field: string): FieldMapping | undefined {
  return spec.mappings.find((m) => m.field === field);
}

/** Sets (or, with null, removes) the transform of one directory field, keeping the others' order. */
export function withTransform(spec: MappingSpec, field: string, transform: Transform | null): MappingSpec {
  const rest = spec.mappings.filter((m) => m.field !== field);
  if (!transform) return { ...spec, mappings: rest };
  const index = spec.mappings.findIndex((m) => m.field === field);
  const mappings = [...spec.mappings];
  if (index === -1) mappings.push({ field, transform });
  else mappings[index] = { field, transform };
  return { ...spec, mappings };
}

export function withCustomField(spec: MappingSpec, field: DirectoryField): MappingSpec {
  return { ...spec, custom_fields: [...spec.custom_fields, field] };
}

export function withoutCustomField(spec: MappingSpec, name: string): MappingSpec {
  return {
    ...spec,
    custom_fields: spec.custom_fields.filter((f) => f.name !== name),
    mappings: spec.mappings.filter((m) => m.field !== name),
  };
}

/** A new transform of another type that keeps whatever sources the old one read. */
export function convertTransform(from: Transform, to: TransformType, fallbackSource = ""): Transform {
  const sources = sourcesOf(from);
  const first = sources[0] ?? fallbackSource;
  switch (to) {
    case "direct":
      return { type: "direct", source: first };
    case "date":
      return { type: "date", source: first };
    case "manager_email":
      return { type: "manager_email", source: first };
    case "value_map":
      return from.type === "value_map" ? from : { type: "value_map", source: first, table: [], default: null };
    case "fallback":
      return from.type === "fallback" ? from : { type: "fallback", sources: sources.length ? sources : [first] };
    case "template":
      return from.type === "template" ? from : { type: "template", template: "" };
  }
}

/** "Cost centre (EU)" -> "cost_centre_eu": the machine name a new directory field gets unless edited. */
export function deriveFieldName(label: string): string {
  const words = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .match(/[a-z0-9]+/g);
  const name = (words ?? []).join("_");
  return /^[0-9]/.test(name) ? `field_${name}` : name;
}

/** Why a field name cannot be used, or null when it can. */
export function fieldNameProblem(name: string, taken: readonly string[]): string | null {
  if (!name) return "Enter a name, or a label to make one from.";
  if (!/^[a-z][a-z0-9_]*$/.test(name)) {
    return "Use lower-case letters, digits and underscores, starting with a letter.";
  }
  if (taken.includes(name)) return `A directory field is already called ${name}.`;
  return null;
}

/** Stable comparison of two specs, to tell whether there are unsaved changes. */
export function sameSpec(a: MappingSpec, b: MappingSpec): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export { formatCount };

/** "231 of 250 (92%)" in the OS locale. */
export function describeFill(filled: number, total: number): string {
  const percent = total === 0 ? 0 : Math.round((filled / total) * 100);
  return `${formatCount(filled)} of ${formatCount(total)} (${percent}%)`;
}
