// A small in-memory stand-in for Roster's mapping commands, used by the unit tests and the e2e mock alike:
// a catalog, twelve employees, transforms evaluated like the core does, checks, versions, save and restore.
// The directory's fields, the default mapping, and the check and refused save of each spec in
// recorded/mapping.json are the real core's replies; other specs are checked here. With `sandbox`, the catalog and
// previews are the core's too, over the sandbox company (recorded/mapping-sandbox.json).
import type {
  Catalog,
  DirectoryField,
  FetchProgress,
  FieldIssue,
  GroupWarning,
  MappingCheck,
  MappingSpec,
  MappingState,
  MappingVersionSummary,
  Preview,
  PreviewRow,
  SavedMapping,
  SourceField,
  Transform,
} from "../ipc/bindings";
import { channelSender } from "./channel";
import recorded from "./recorded/mapping.json";
import sandbox from "./recorded/mapping-sandbox.json";

type IpcError = { code: string; message: string };
type Person = Record<string, string | null>;

/** The core's directory fields and a new install's mapping, as Rust answers them (src-tauri/src/recorded_replies.rs). */
export const coreFields = recorded.directory_fields as DirectoryField[];
export const defaultSpec = recorded.mapping_current.spec as MappingSpec;

/** Sorted-key JSON, to find a spec among the recorded ones whatever order the UI built it in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}

/** What Rust answered for this spec, when it is one the recording covers. */
function recordedReply<T>(cases: { spec: unknown; reply: unknown }[], spec: MappingSpec): T | undefined {
  const key = canonical(spec);
  return cases.find((c) => canonical(c.spec) === key)?.reply as T | undefined;
}

function person(
  id: string,
  first: string,
  last: string,
  extra: Partial<Record<string, string | null>> = {},
): Person {
  return {
    employeeId: id,
    alternateId: `E-${id.slice(-4)}`,
    "names[PRI].firstName": first,
    "names[PRI].lastName": last,
    "names[PRF].firstName": null,
    "bioInfo.birthdate": "1988-04-12",
    "employmentInfo.serviceDate": "2021-03-01",
    "employmentInfo.terminationDate": null,
    "employmentInfo.employmentStatus": "A",
    "employmentInfo.supervisor.supervisorId": "00001000001",
    "employmentInfo.department.deptName": "Engineering",
    "employmentInfo.department.deptId": "1000",
    "employmentInfo.location.locationName": "San Francisco HQ",
    "employmentInfo.businessTitle": "Engineer",
    "employmentInfo.employeeType": "F",
    "employmentInfo.workEmail": `${first.toLowerCase()}.${last.toLowerCase()}@example.com`,
    "employmentInfo.customGroupA": null,
    "employmentInfo.customGroupB": "No",
    "employmentInfo.standardHours": "40",
    ...extra,
  };
}

export const people: Person[] = [
  person("00001000001", "Ada", "Lovelace", {
    "employmentInfo.supervisor.supervisorId": null,
    "employmentInfo.businessTitle": "Chief Executive",
    "employmentInfo.customGroupA": "Leadership",
    "employmentInfo.department.deptName": "Executive",
    "employmentInfo.department.deptId": "0100",
  }),
  person("00001000002", "Grace", "Hopper", {
    "names[PRF].firstName": "Amazing",
    "bioInfo.birthdate": "12/09/1990",
    "employmentInfo.customGroupA": "Platform",
    "employmentInfo.businessTitle": "Staff Engineer",
  }),
  person("00001000003", "Katherine", "Johnson", {
    "employmentInfo.department.deptName": "Sales",
    "employmentInfo.department.deptId": "2000",
    "employmentInfo.customGroupA": "Sales Team",
    "employmentInfo.location.locationName": "New York",
    "employmentInfo.businessTitle": "Account Executive",
  }),
  person("00001000004", "Alan", "Turing", {
    "bioInfo.birthdate": "not known",
    "employmentInfo.department.deptName": "Sales",
    "employmentInfo.department.deptId": "2000",
    "employmentInfo.customGroupA": "sales  team",
    "employmentInfo.businessTitle": "Sales Engineer",
  }),
  person("00001000005", "Edsger", "Dijkstra", {
    "employmentInfo.customGroupB": "Yes",
    "employmentInfo.employeeType": "C",
    "employmentInfo.businessTitle": "Contractor",
    "employmentInfo.customGroupA": "Platform",
  }),
  person("00001000006", "Barbara", "Liskov", { "employmentInfo.customGroupA": "Platform" }),
  person("00001000007", "Donald", "Knuth", { "employmentInfo.customGroupA": "Research" }),
  person("00001000008", "Frances", "Allen", { "employmentInfo.customGroupA": "Research" }),
  person("00001000009", "John", "Backus", {
    "employmentInfo.customGroupA": "Sales Team",
    "employmentInfo.department.deptName": "Sales",
  }),
  person("00001000010", "Radia", "Perlman", { "employmentInfo.customGroupA": "Platform" }),
  person("00001000011", "Ken", "Thompson", {
    "employmentInfo.employmentStatus": "L",
    "employmentInfo.customGroupA": "Platform",
  }),
  person("00001000012", "Margaret", "Hamilton", {
    "employmentInfo.terminationDate": "2026-10-31",
    "employmentInfo.employmentStatus": "T",
    "employmentInfo.customGroupA": "Research",
  }),
];

const catalogFields: SourceField[] = [
  ["employeeId", "text", 250, ["00001000001", "00001000002", "00001000003"]],
  ["alternateId", "text", 244, ["E-0001", "E-0002", "E-0003"]],
  ["names[PRI].firstName", "text", 250, ["Ada", "Grace", "Katherine"]],
  ["names[PRI].lastName", "text", 250, ["Lovelace", "Hopper", "Johnson"]],
  ["names[PRF].firstName", "text", 61, ["Amazing", "Kate", "Al"]],
  ["bioInfo.birthdate", "mixed", 249, ["1988-04-12", "12/09/1990", "not known"]],
  ["employmentInfo.serviceDate", "date", 250, ["2021-03-01", "2019-07-15", "2024-01-08"]],
  ["employmentInfo.terminationDate", "date", 19, ["2026-10-31", "2025-12-19"]],
  ["employmentInfo.employmentStatus", "text", 250, ["A", "L", "T"]],
  ["employmentInfo.supervisor.supervisorId", "text", 249, ["00001000001", "00001000002"]],
  ["employmentInfo.supervisor.supervisorName", "text", 249, ["Lovelace,Ada", "Hopper,Grace"]],
  ["employmentInfo.department.deptName", "text", 250, ["Engineering", "Sales", "Executive"]],
  ["employmentInfo.department.deptId", "text", 250, ["1000", "2000", "0100"]],
  ["employmentInfo.location.locationName", "text", 247, ["San Francisco HQ", "New York"]],
  ["employmentInfo.businessTitle", "text", 250, ["Engineer", "Staff Engineer", "Account Executive"]],
  ["employmentInfo.employeeType", "text", 250, ["F", "P", "C"]],
  ["employmentInfo.workEmail", "text", 248, ["ada.lovelace@example.com", "grace.hopper@example.com"]],
  ["employmentInfo.customGroupA", "text", 231, ["Platform", "Sales Team", "sales  team"]],
  ["employmentInfo.customGroupB", "boolean", 250, ["No", "Yes"]],
  ["employmentInfo.standardHours", "number", 250, ["40", "32", "20"]],
  ["employmentInfo.employeeClass", "empty", 0, []],
].map(([path, kind, filled, samples]) => ({
  path: path as string,
  kind: kind as SourceField["kind"],
  filled: filled as number,
  total: 250,
  samples: samples as string[],
}));

export const catalog: Catalog = { fields: catalogFields, employees: 250, fetched_at: "2026-11-22T21:40:00Z" };

type Outcome = { value: string | null; error: string | null };

function normaliseDate(raw: string): Outcome {
  if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return { value: raw, error: null };
  const us = raw.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/);
  if (us) return { value: `${us[3]}-${us[1].padStart(2, "0")}-${us[2].padStart(2, "0")}`, error: null };
  return { value: null, error: `“${raw}” is not a date` };
}

function evaluate(transform: Transform, who: Person, spec: MappingSpec, depth = 0): Outcome {
  const read = (path: string) => (path ? (who[path] ?? null) : null);
  switch (transform.type) {
    case "direct":
      return { value: read(transform.source), error: null };
    case "date": {
      const raw = read(transform.source);
      return raw === null ? { value: null, error: null } : normaliseDate(raw);
    }
    case "manager_email": {
      const id = read(transform.source);
      if (id === null) return { value: null, error: null };
      const manager = people.find((p) => p.employeeId === id);
      return manager
        ? { value: manager["employmentInfo.workEmail"], error: null }
        : { value: null, error: `No employee has the ID ${id}` };
    }
    case "value_map": {
      const raw = read(transform.source);
      if (raw === null) return { value: null, error: null };
      const row = transform.table.find((r) => r.from === raw);
      if (row) return { value: row.to, error: null };
      return { value: transform.default ? transform.default : raw, error: null };
    }
    case "fallback":
      return { value: transform.sources.map(read).find((v) => v !== null && v !== "") ?? null, error: null };
    case "template": {
      if (depth > 2) return { value: null, error: "The template refers to itself" };
      let error: string | null = null;
      const value = transform.template.replace(/\{([a-z0-9_]+)\}/g, (_, name: string) => {
        const mapping = spec.mappings.find((m) => m.field === name);
        if (!mapping) {
          error = `{${name}} is not a mapped directory field`;
          return "";
        }
        return evaluate(mapping.transform, who, spec, depth + 1).value ?? "";
      });
      return { value: error ? null : value, error };
    }
  }
}

function allFields(spec: MappingSpec): DirectoryField[] {
  return [...coreFields, ...spec.custom_fields];
}

function isExcluded(spec: MappingSpec, who: Person): boolean {
  return !!spec.exclusion?.source && (who[spec.exclusion.source] ?? "") === spec.exclusion.value;
}

function previewOf(spec: MappingSpec, count: number): Preview {
  const fields = allFields(spec)
    .map((f) => f.name)
    .filter((name) => spec.mappings.some((m) => m.field === name));
  const rows: PreviewRow[] = people.slice(0, count).map((who) => ({
    employee_id: who.employeeId ?? "",
    name: `${who["names[PRI].firstName"]} ${who["names[PRI].lastName"]}`,
    excluded: isExcluded(spec, who),
    values: fields.map((field) => {
      const mapping = spec.mappings.find((m) => m.field === field)!;
      return { field, ...evaluate(mapping.transform, who, spec) };
    }),
  }));
  return { fields, rows };
}

const knownPaths = new Set(catalogFields.map((f) => f.path));

function checkOf(spec: MappingSpec, directoryGroups: Record<string, string[]> = {}): MappingCheck {
  const errors: FieldIssue[] = [];
  const warnings: FieldIssue[] = [];
  const group_warnings: GroupWarning[] = [];
  for (const required of ["employee_id", "work_email"]) {
    if (!spec.mappings.some((m) => m.field === required)) {
      errors.push({ field: required, message: "Roster matches people by this field, so it must be mapped." });
    }
  }
  for (const { field, transform } of spec.mappings) {
    const sources =
      transform.type === "fallback" ? transform.sources : transform.type === "template" ? [] : [transform.source];
    if (transform.type !== "template" && sources.some((s) => !s)) {
      errors.push({ field, message: "Choose a TriNet field for every source." });
    } else if (sources.some((s) => !knownPaths.has(s))) {
      errors.push({ field, message: `${sources.find((s) => !knownPaths.has(s))} is not in the TriNet data.` });
    }
    if (transform.type === "template") {
      if (!transform.template.trim()) errors.push({ field, message: "Write the template, e.g. {first_name} {last_name}." });
      for (const [, name] of transform.template.matchAll(/\{([a-z0-9_]+)\}/g)) {
        if (!spec.mappings.some((m) => m.field === name)) {
          errors.push({ field, message: `{${name}} is not a mapped directory field.` });
        }
      }
    }
    if (transform.type === "value_map" && transform.table.some((r) => !r.from.trim())) {
      errors.push({ field, message: "Every value map row needs a TriNet value to match." });
    }
    if (transform.type === "direct" && transform.source === "employmentInfo.employeeClass") {
      warnings.push({ field, message: "No employee has a value in employmentInfo.employeeClass." });
    }
  }
  if (spec.exclusion && !spec.exclusion.value.trim()) {
    errors.push({ field: "exclusion", message: "Enter the value that means “exclude”." });
  }
  for (const field of allFields(spec).filter((f) => f.drives_group)) {
    const mapping = spec.mappings.find((m) => m.field === field.name);
    if (!mapping) continue;
    const normalise = (name: string) => name.toLowerCase().replace(/\s+/g, " ").trim();
    const existing = new Map((directoryGroups[field.name] ?? []).map((g) => [normalise(g), g]));
    const seen = new Map<string, string>();
    for (const who of people) {
      const value = evaluate(mapping.transform, who, spec).value;
      if (!value) continue;
      const key = normalise(value);
      const group = existing.get(key);
      const first = group ?? seen.get(key);
      if (first === undefined) seen.set(key, value);
      else if (first !== value && !group_warnings.some((w) => w.field === field.name && w.value === value)) {
        group_warnings.push({ field: field.name, value, similar_to: first, in_directory: group !== undefined });
      }
    }
  }
  return { errors, warnings, group_warnings };
}

function changedPeople(before: MappingSpec, after: MappingSpec): number {
  return people.filter((who) => {
    const a = previewOf(before, people.length).rows.find((r) => r.employee_id === who.employeeId)!;
    const b = previewOf(after, people.length).rows.find((r) => r.employee_id === who.employeeId)!;
    return JSON.stringify(a) !== JSON.stringify(b);
  }).length;
}

export type MappingFakeOptions = {
  /** The app starts with version 1 saved (true, the default) or with the never-saved default. */
  saved?: boolean;
  /** mapping_catalog rejects with this error, e.g. not_connected. */
  catalogError?: IpcError;
  /** mapping_catalog answers after this many milliseconds. */
  catalogDelayMs?: number;
  /** Group names already in the directory, by field (none by default). */
  directoryGroups?: Record<string, string[]>;
  /**
   * The sandbox company as the core reads and maps it: mapping_catalog and mapping_preview answer with
   * recorded/mapping-sandbox.json, and a preview of a spec it has no recording for is refused.
   */
  sandbox?: boolean;
};

export type MappingFake = {
  handlers: Record<string, (args: unknown) => unknown>;
  versions: () => { version: number; spec: MappingSpec; saved_at: string; note: string | null }[];
};

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function reject(code: string, message: string): never {
  throw { code, message } satisfies IpcError;
}

export function createMappingFake(options: MappingFakeOptions = {}): MappingFake {
  const versions: { version: number; spec: MappingSpec; saved_at: string; note: string | null }[] =
    options.saved === false ? [] : [{ version: 1, spec: clone(defaultSpec), saved_at: "2026-11-20T09:30:00Z", note: "First mapping" }];

  const current = (): MappingState => {
    const last = versions[versions.length - 1];
    return last
      ? { version: last.version, spec: clone(last.spec), saved_at: last.saved_at }
      : { version: null, spec: clone(defaultSpec), saved_at: null };
  };

  const save = (spec: MappingSpec, note: string | null): SavedMapping => {
    const before = current().spec;
    const saved_at = new Date().toISOString();
    const version = versions.length + 1;
    versions.push({ version, spec: clone(spec), saved_at, note });
    // Scaled from the twelve people here to the 250 the catalog claims.
    const people_changed = Math.round((changedPeople(before, spec) / people.length) * catalog.employees);
    return { version, saved_at, people_changed };
  };

  let cancelRequested = false;
  // Waits like a slow page, ending early on Cancel as the core's fetch does.
  const pause = async (ms: number) => {
    const end = Date.now() + ms;
    while (!cancelRequested && Date.now() < end) {
      await new Promise((r) => setTimeout(r, Math.min(50, end - Date.now())));
    }
  };

  const specArg = (args: unknown): MappingSpec => {
    const spec = (args as { spec?: MappingSpec } | undefined)?.spec;
    if (!spec) reject("invalid_input", "spec is missing.");
    return spec;
  };

  const handlers: MappingFake["handlers"] = {
    mapping_catalog: async (args) => {
      const sender = channelSender<FetchProgress>((args as { onProgress?: unknown } | undefined)?.onProgress);
      cancelRequested = false;
      // Four pages, the delay spread over them.
      const pages = 4;
      for (let done = 0; done <= pages; done += 1) {
        if (done > 0 && options.catalogDelayMs) await pause(options.catalogDelayMs / pages);
        if (cancelRequested) reject("cancelled", "The TriNet fetch was cancelled. Nothing was imported.");
        sender.send({
          pages_done: done,
          pages_expected: pages,
          employees_received: Math.round((catalog.employees * done) / pages),
        });
      }
      sender.end();
      if (options.catalogError) throw options.catalogError;
      return clone(options.sandbox ? (sandbox.mapping_catalog as Catalog) : catalog);
    },
    mapping_cancel: () => {
      cancelRequested = true;
      return null;
    },
    directory_fields: () => clone(coreFields),
    mapping_current: () => current(),
    mapping_preview: (args) => {
      if (!options.sandbox) return previewOf(specArg(args), (args as { count?: number }).count ?? 5);
      return (
        recordedReply<Preview>(sandbox.mapping_preview, specArg(args)) ??
        reject("internal", "mapping-sandbox.json has no preview of this spec; record it in recorded_replies.rs.")
      );
    },
    mapping_check: (args) =>
      recordedReply<MappingCheck>(recorded.mapping_check, specArg(args)) ?? checkOf(specArg(args), options.directoryGroups),
    mapping_save: (args) => {
      const spec = specArg(args);
      const refused = recordedReply<IpcError>(recorded.mapping_save_refused, spec);
      if (refused) throw refused;
      const { acknowledgeGroupWarnings, note } = args as { acknowledgeGroupWarnings?: boolean; note?: string | null };
      const check = checkOf(spec, options.directoryGroups);
      if (check.errors.length) reject("invalid_input", `${check.errors[0].field}: ${check.errors[0].message}`);
      if (check.group_warnings.length && !acknowledgeGroupWarnings) {
        reject("invalid_input", "acknowledgeGroupWarnings: confirm the group names that differ only by case or spacing.");
      }
      return save(spec, note ?? null);
    },
    mapping_history: (): MappingVersionSummary[] =>
      [...versions].reverse().map((v) => ({
        version: v.version,
        saved_at: v.saved_at,
        note: v.note,
        fields_mapped: v.spec.mappings.length,
        custom_fields: v.spec.custom_fields.length,
      })),
    mapping_version: (args) => {
      const found = versions.find((v) => v.version === (args as { version?: number }).version);
      if (!found) reject("invalid_input", "version: there is no such mapping version.");
      return { version: found.version, spec: clone(found.spec), saved_at: found.saved_at } satisfies MappingState;
    },
    mapping_restore: (args) => {
      const found = versions.find((v) => v.version === (args as { version?: number }).version);
      if (!found) reject("invalid_input", "version: there is no such mapping version.");
      return save(found.spec, `Restored version ${found.version}`);
    },
  };
  return { handlers, versions: () => versions };
}
