// An in-memory stand-in for the Directory's commands (directory_people, directory_facets, person_timeline and
// export_directory_csv), used by the unit tests and the e2e mock alike: a company of any size made
// deterministically (or, with `recorded`, the sandbox company's directory as the real core holds it after three
// imports: recorded/directory.json, from src-tauri/src/recorded_replies.rs), with the core's sorting (last name, then
// first name, then person ID, in SQLite's byte order), search, filters, paging and facets (most people first), and a
// timeline of changes and lifecycle events for each person. directoryFake.test.ts checks it answers every recorded
// query as the core did. Typed like the generated bindings.
import type {
  AccountAction,
  ChangeLine,
  DirectoryEntry,
  DirectoryFacets,
  DirectoryPage,
  DirectoryQuery,
  EventRow,
  Exported,
  Facet,
  IpcError,
  PersonChange,
  PersonStatus,
  PersonTimeline,
} from "../ipc/bindings";
import recorded from "./recorded/directory.json";

export type DirectoryFakeOptions = {
  /** People besides the hand-written ones (default 240); 0 with `empty` for a directory nobody imported yet. */
  people?: number;
  /** No imports yet: nobody in the directory. */
  empty?: boolean;
  /** The sandbox company's people as the core recorded them, instead of made-up ones. */
  recorded?: boolean;
  /** directory_people answers after this many milliseconds (default 0). */
  delayMs?: number;
  /** directory_people rejects with this error. */
  peopleError?: IpcError;
  /** person_timeline rejects with this error. */
  timelineError?: IpcError;
  /** export_directory_csv: "cancel" answers null (the dialog was cancelled), "fail" rejects with export_failed. */
  exportOutcome?: "save" | "cancel" | "fail";
};

export type DirectoryFake = {
  handlers: Record<string, (args: unknown) => unknown>;
  /** Everyone, in the directory's order. */
  people: () => DirectoryEntry[];
};

/** Where the fake's save dialog "saves" the directory. */
export const directoryExportPath = "/home/avery/Documents/Roster exports/roster-directory-2026-03-09.csv";

export const fakeDepartments = ["Engineering", "Sales", "Customer Success", "Finance", "People", "Marketing", "Operations"];
export const fakeLocations = ["San Francisco HQ", "New York", "Austin", "London", "Remote — US"];
const titles = ["Engineer", "Senior Engineer", "Account Executive", "Analyst", "Designer", "Engineering Manager", "Specialist"];
const firstNames = ["Amara", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam", "Maya", "Noor", "Oskar", "Priya", "Quinn", "Rosa", "Sami", "Tess", "Uma", "Victor", "Wen", "Xavier", "Yara", "Zane", "Aisha", "Bruno", "Carmen", "Diego", "Esther", "Felix", "Gita", "Hugo", "Ivy", "Jamal"];
const lastNames = ["Abbott", "Baker", "Castillo", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinn", "Rossi", "Schmidt", "Tanaka", "Uddin", "Vargas", "Weber", "Yilmaz", "Zhou", "Alvarez", "Bennett", "Chen", "Dlamini", "Evans", "Fernandes", "Gupta", "Hughes", "Ibrahim", "Johansson", "Kim", "Lopez", "Mensah", "Novak", "Olsen", "Park", "Reyes", "Singh", "Thompson", "Usman", "Volkov", "Walsh", "Xu", "Young", "Zimmermann"];

const pick = <T>(list: readonly T[], n: number): T => list[Math.abs(n) % list.length];

function statusFor(i: number): PersonStatus {
  if (i % 41 === 7) return "former";
  if (i % 29 === 3) return "on_leave";
  if (i % 53 === 11) return "pending_start";
  return "active";
}

function startDate(i: number, status: PersonStatus): string {
  if (status === "pending_start") return `2026-04-${String((i % 27) + 1).padStart(2, "0")}`;
  const year = 2012 + (i % 14);
  return `${year}-${String((i % 12) + 1).padStart(2, "0")}-${String((i % 27) + 1).padStart(2, "0")}`;
}

function entry(personId: number, status: PersonStatus, values: Record<string, string>): DirectoryEntry {
  return { person_id: personId, status, values, missing_runs: 0, created_by: 1, updated_by: personId % 3 === 0 ? 3 : 1 };
}

/** The people everyone's tests talk about by name, then `count` made-up ones. */
function makePeople(count: number): DirectoryEntry[] {
  const handWritten: DirectoryEntry[] = [
    entry(1, "active", {
      employee_id: "00001000001", work_email: "grace.hopper@example.com", first_name: "Grace", last_name: "Hopper",
      preferred_name: "Grace", department: "Engineering", location: "New York", job_title: "Principal Engineer",
      start_date: "2014-09-02", employment_type: "Full-time", manager_email: "ada.lovelace@example.com", cost_center: "ENG-100",
    }),
    entry(2, "on_leave", {
      employee_id: "00001000002", work_email: "ada.lovelace@example.com", first_name: "Augusta Ada", last_name: "Lovelace",
      preferred_name: "Ada", department: "Engineering", location: "London", job_title: "VP Engineering",
      start_date: "2012-01-16", employment_type: "Full-time",
    }),
    entry(3, "former", {
      employee_id: "00001000003", work_email: "john.backus@example.com", first_name: "John", last_name: "Backus",
      department: "Finance", location: "Austin", job_title: "Analyst", start_date: "2016-05-09", end_date: "2026-02-27",
      employment_type: "Full-time",
    }),
    entry(4, "pending_start", {
      employee_id: "00001000004", work_email: "maximiliana.konstantinopoulou-vandenberghe@example.com",
      first_name: "Maximiliana", last_name: "Konstantinopoulou-Vandenberghe", department: "Customer Success",
      location: "Remote — US", job_title: "Senior Customer Success Manager, Strategic Accounts", start_date: "2026-04-06",
      employment_type: "Full-time",
    }),
  ];
  const made: DirectoryEntry[] = [];
  for (let i = 0; i < count; i += 1) {
    const first = pick(firstNames, i);
    const last = pick(lastNames, Math.floor(i / firstNames.length) + i * 3);
    const status = statusFor(i);
    const id = 100 + i;
    made.push(
      entry(id, status, {
        employee_id: `0000110${String(i).padStart(4, "0")}`,
        work_email: `${first}.${last}.${i}@example.com`.toLowerCase(),
        first_name: first,
        last_name: last,
        department: pick(fakeDepartments, i * 3 + (i >> 3)),
        location: pick(fakeLocations, i * 5 + (i >> 2)),
        job_title: pick(titles, i * 13),
        start_date: startDate(i, status),
        employment_type: i % 17 === 0 ? "Contractor" : "Full-time",
        ...(status === "former" ? { end_date: "2026-01-30" } : {}),
      }),
    );
  }
  return [...handWritten, ...made].sort(byName);
}

/** SQLite's default (BINARY) collation: UTF-8 byte order, the same as code point order; NULL first. */
function binary(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const [x, y] = [[...a], [...b]];
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** The core's order (store::history BY_NAME): last name, first name, person ID. */
function byName(a: DirectoryEntry, b: DirectoryEntry): number {
  return binary(a.values.last_name, b.values.last_name) || binary(a.values.first_name, b.values.first_name) || a.person_id - b.person_id;
}

/** The directory the core held after three imports of the sandbox company, put in order by the fake's rule. */
function recordedPeople(): DirectoryEntry[] {
  return recorded.directory_people
    .filter(({ query }) => query.search === null && query.department === null)
    .flatMap(({ reply }) => reply.people as DirectoryEntry[])
    .reverse()
    .sort(byName);
}

function matches(person: DirectoryEntry, query: Partial<DirectoryQuery>): boolean {
  const v = person.values;
  if (query.status && person.status !== query.status) return false;
  if (query.department && v.department !== query.department) return false;
  if (query.location && v.location !== query.location) return false;
  const search = query.search?.trim().toLowerCase();
  if (search) {
    // As store::history's directory_filter: "first last", the preferred name, the employee ID, the work email.
    const name = v.first_name !== undefined && v.last_name !== undefined ? `${v.first_name} ${v.last_name}` : "";
    const hit = [name, v.preferred_name ?? "", v.employee_id ?? "", v.work_email ?? ""].some((text) => text.toLowerCase().includes(search));
    if (!hit) return false;
  }
  return true;
}

/** As the core: the values people have, most people first, then by value. */
function facetsOf(values: (string | undefined)[]): Facet[] {
  const counts = new Map<string, number>();
  for (const value of values) if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts.entries()].sort(([a, m], [b, n]) => n - m || binary(a, b)).map(([value, count]) => ({ value, count }));
}

function line(person: DirectoryEntry, seq: number, kind: ChangeLine["kind"], fields: ChangeLine["fields"], statusChange: ChangeLine["status_change"] = null): ChangeLine {
  const v = person.values;
  return {
    seq, name: `${v.preferred_name ?? v.first_name} ${v.last_name}`, resolution: null, applied: true, kind,
    employee_id: v.employee_id ?? null, work_email: v.work_email ?? null, person_id: person.person_id, fields,
    status_change: statusChange, reason: null, candidate: null, missing_runs: null, note: null,
  };
}

/** Three imports about this person, newest first: a move (and a status change when they are not active), a rejected title change, and their arrival. */
function timelineOf(person: DirectoryEntry): PersonTimeline {
  const v = person.values;
  const department = v.department ?? "Engineering";
  const earlier = department === "Sales" ? "Marketing" : "Sales";
  const base = { trigger: "scheduled" as const, mapping_version: 2 };
  const statusChange = person.status === "active" ? null : { before: "active" as const, after: person.status };
  const newest: PersonChange = {
    ...base, import_id: 42, plan_date: "2026-03-02", created_at: "2026-03-02T07:00:04Z", outcome: "applied",
    line: line(person, 311, person.status === "former" ? "deactivated" : person.status === "on_leave" ? "leave_started" : "updated",
      [{ field: "department", before: earlier, after: department }, { field: "manager_email", before: null, after: "ada.lovelace@example.com" }],
      statusChange),
  };
  const rejected: PersonChange = {
    ...base, import_id: 37, plan_date: "2026-02-12", created_at: "2026-02-12T07:00:02Z", outcome: "rejected", trigger: "manual",
    line: { ...line(person, 88, "updated", [{ field: "job_title", before: "Analyst", after: v.job_title ?? "Engineer" }]), applied: false },
  };
  const joined: PersonChange = {
    ...base, import_id: 1, plan_date: "2025-11-03", created_at: "2025-11-03T16:21:40Z", outcome: "applied", trigger: "manual", mapping_version: 1,
    line: line(person, 5, "new", Object.entries({ ...v, department: earlier }).map(([field, after]) => ({ field, before: null, after })), { before: null, after: "active" }),
  };
  const event = (id: number, importId: number, kind: EventRow["kind"], on: string, fields: EventRow["fields"], dept: string): EventRow => ({
    event_id: id, import_id: importId, person_id: person.person_id, kind, occurred_on: on, name: newest.line.name,
    employee_id: v.employee_id ?? null, work_email: v.work_email ?? null, department: dept, location: v.location ?? null, fields,
  });
  const events: EventRow[] = [];
  if (person.status === "former") events.push(event(903, 42, "leaver", "2026-03-02", [], department));
  if (person.status === "on_leave") events.push(event(904, 42, "leave_start", "2026-03-02", [], department));
  events.push(event(902, 42, "mover", "2026-03-02", [{ field: "department", before: earlier, after: department }], department));
  // Import 1 was the first applied: the baseline.
  events.push(event(901, 1, "baseline", "2025-11-03", [], earlier));
  // What pushes did to their account: created after the baseline, then a title update that went through and a
  // group add the target refused, the newest entries of all.
  const action = (push_id: number, at: string, kind: AccountAction["kind"], ok: boolean, extra: Partial<AccountAction> = {}): AccountAction => ({
    push_id, target: "Okta", at, trigger: "window", kind, attributes: [], groups_added: [], groups_removed: [], ok,
    detail: ok ? null : "409 uniqueness: member already in group", ...extra,
  });
  const accounts: AccountAction[] = [
    action(5, "2025-11-04T09:00:00Z", "create", true),
    action(9, "2026-03-03T08:00:00Z", "update", true, { attributes: [{ attribute: "title", before: "Engineer", after: "Principal Engineer" }] }),
    action(10, "2026-03-04T08:00:00Z", "group_change", false, { groups_added: ["Engineering"] }),
  ];
  return { person, changes: [newest, rejected, joined], events, accounts };
}

function wait(ms: number) {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

export function createDirectoryFake(options: DirectoryFakeOptions = {}): DirectoryFake {
  const everyone = options.empty ? [] : options.recorded ? recordedPeople() : makePeople(options.people ?? 240);
  const byId = new Map(everyone.map((p) => [p.person_id, p]));

  const handlers: DirectoryFake["handlers"] = {
    directory_people: async (args) => {
      const { query } = args as { query: DirectoryQuery };
      await wait(options.delayMs ?? 0);
      if (options.peopleError) throw options.peopleError;
      if (query.limit > 500) throw { code: "invalid_input", message: "A page holds at most 500 people." } satisfies IpcError;
      const found = everyone.filter((p) => matches(p, query));
      return { total: found.length, offset: query.offset, people: found.slice(query.offset, query.offset + query.limit) } satisfies DirectoryPage;
    },
    directory_facets: () =>
      ({
        total: everyone.length,
        statuses: facetsOf(everyone.map((p) => p.status)),
        departments: facetsOf(everyone.map((p) => p.values.department)),
        locations: facetsOf(everyone.map((p) => p.values.location)),
      }) satisfies DirectoryFacets,
    person_timeline: (args) => {
      const { personId } = args as { personId: number };
      if (options.timelineError) throw options.timelineError;
      const person = byId.get(personId);
      if (!person) throw { code: "no_such_person", message: `There is no person ${personId} in the directory. It may have been erased.` } satisfies IpcError;
      return timelineOf(person);
    },
    export_directory_csv: (args) => {
      const { query } = args as { query: DirectoryQuery };
      if (options.exportOutcome === "cancel") return null;
      if (options.exportOutcome === "fail") {
        throw { code: "export_failed", message: "Roster could not write the file (permission denied). Choose another folder." } satisfies IpcError;
      }
      return { path: directoryExportPath, rows: everyone.filter((p) => matches(p, query)).length } satisfies Exported;
    },
  };
  return { handlers, people: () => everyone };
}
