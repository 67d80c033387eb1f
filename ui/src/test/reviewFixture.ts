// The people of one realistic import, typed like the generated bindings: a few of each change kind, every
// needs-attention reason once, and as many unchanged people as a test asks for (made on the fly, never stored).
import type { ChangeLine, FieldChange, ImportSummary, PersonStatus } from "../ipc/bindings";

type Line = Omit<ChangeLine, "seq" | "resolution" | "applied">;

const blank = {
  person_id: null,
  fields: [],
  status_change: null,
  reason: null,
  candidate: null,
  missing_runs: null,
  note: null,
} satisfies Partial<Line>;

const change = (field: string, before: string | null, after: string | null): FieldChange => ({ field, before, after });

const status = (before: PersonStatus | null, after: PersonStatus) => ({ before, after });

function joiner(employeeId: string, first: string, last: string, extra: Record<string, string>): Line {
  const email = `${first}.${last}@example.com`.toLowerCase();
  return {
    ...blank,
    kind: "new",
    name: `${first} ${last}`,
    employee_id: employeeId,
    work_email: email,
    status_change: status(null, extra.status === "pending_start" ? "pending_start" : "active"),
    fields: [
      change("employee_id", null, employeeId),
      change("work_email", null, email),
      change("first_name", null, first),
      change("last_name", null, last),
      ...Object.entries(extra)
        .filter(([field]) => field !== "status")
        .map(([field, value]) => change(field, null, value)),
    ],
  };
}

const handWritten: Line[] = [
  joiner("00001000251", "Barbara", "Liskov", {
    start_date: "2026-11-30",
    department: "Engineering",
    location: "San Francisco HQ",
    job_title: "Principal Engineer",
    manager_email: "ada.lovelace@example.com",
    employment_type: "Full-time",
  }),
  joiner("00001000252", "Edsger", "Dijkstra", {
    start_date: "2026-12-14",
    status: "pending_start",
    department: "Research",
    location: "Amsterdam",
    job_title: "Research Fellow",
    employment_type: "Full-time",
  }),
  joiner("00001000253", "Hedy", "Lamarr", {
    start_date: "2026-11-23",
    department: "Sales",
    location: "New York",
    job_title: "Account Executive",
    employment_type: "Contractor",
  }),
  {
    ...blank,
    kind: "updated",
    name: "Grace Hopper",
    employee_id: "00001000002",
    work_email: "grace.hopper@example.com",
    person_id: 2,
    fields: [
      change("job_title", "Staff Engineer", "Principal Engineer"),
      change("manager_email", "ada.lovelace@example.com", "katherine.johnson@example.com"),
    ],
  },
  {
    ...blank,
    kind: "updated",
    name: "Katherine Johnson",
    employee_id: "00001000003",
    work_email: "katherine.johnson@example.com",
    person_id: 3,
    fields: [change("location", "San Francisco HQ", "Remote — US")],
  },
  {
    ...blank,
    kind: "updated",
    name: "Alan Turing",
    employee_id: "00001000004",
    work_email: "alan.turing@example.com",
    person_id: 4,
    fields: [
      change("department", "Sales", "Engineering"),
      change("job_title", "Sales Engineer", "Engineer"),
      change("preferred_name", null, "Al"),
      change("employment_type", "Contractor", "Full-time"),
    ],
  },
  {
    ...blank,
    kind: "updated",
    name: "Mary Jackson",
    employee_id: "00001000013",
    work_email: "mary.jackson@example.com",
    person_id: 13,
    fields: [change("work_email", "mary.j@example.com", "mary.jackson@example.com")],
    note: "Matched by employee ID; the work email changed.",
  },
  {
    ...blank,
    kind: "updated",
    name: "John Backus",
    employee_id: "00001000009",
    work_email: "john.backus@example.com",
    person_id: 9,
    fields: [change("location", "New York", null)],
  },
  {
    ...blank,
    kind: "reactivated",
    name: "Dorothy Vaughan",
    employee_id: "00001000031",
    work_email: "dorothy.vaughan@example.com",
    person_id: 31,
    status_change: status("former", "active"),
    fields: [change("end_date", "2025-06-30", null), change("start_date", "2019-02-04", "2026-11-16")],
    note: "Rehired: history from the earlier employment is kept.",
  },
  {
    ...blank,
    kind: "leave_started",
    name: "Ken Thompson",
    employee_id: "00001000011",
    work_email: "ken.thompson@example.com",
    person_id: 11,
    status_change: status("active", "on_leave"),
  },
  {
    ...blank,
    kind: "leave_started",
    name: "Frances Allen",
    employee_id: "00001000008",
    work_email: "frances.allen@example.com",
    person_id: 8,
    status_change: status("active", "on_leave"),
  },
  {
    ...blank,
    kind: "leave_ended",
    name: "Radia Perlman",
    employee_id: "00001000010",
    work_email: "radia.perlman@example.com",
    person_id: 10,
    status_change: status("on_leave", "active"),
  },
  {
    ...blank,
    kind: "excluded",
    name: "Linus Torvalds",
    employee_id: "00001000005",
    work_email: "linus.torvalds@example.com",
    note: "customGroupB is “Yes”: left out by your exclusion rule.",
  },
  {
    ...blank,
    kind: "excluded",
    name: "Tim Berners-Lee",
    employee_id: "00001000041",
    work_email: "tim.berners-lee@example.com",
    person_id: 41,
    note: "Excluded, but already in your directory: Roster leaves the directory entry as it is.",
  },
  {
    ...blank,
    kind: "needs_attention",
    reason: "invalid_record",
    name: "Charles Babbage",
    employee_id: "00001000254",
    work_email: null,
    note: "No work email, and the date of birth “31/02/1985” is not a date.",
  },
  {
    ...blank,
    kind: "needs_attention",
    reason: "duplicate_email",
    name: "Ada Byron",
    employee_id: "00001000255",
    work_email: "ada.lovelace@example.com",
    note: "Ada Lovelace (00001000001) has the same work email.",
  },
  {
    ...blank,
    kind: "needs_attention",
    reason: "possible_duplicate",
    name: "Margaret Hamilton",
    employee_id: "00001000256",
    work_email: "m.hamilton@example.com",
    candidate: { person_id: 12, name: "Margaret Hamilton", status: "former" },
    status_change: status("former", "active"),
    note: "Same name and date of birth as a former employee, but no ID or email matches.",
  },
  {
    ...blank,
    kind: "needs_attention",
    reason: "privacy_block",
    name: "Joan Clarke",
    employee_id: "00001000014",
    work_email: "joan.murray@example.com",
    person_id: 14,
    fields: [
      change("last_name", "Clarke", "Murray"),
      change("work_email", "joan.clarke@example.com", "joan.murray@example.com"),
      change("date_of_birth", "1917-06-24", "1917-06-25"),
    ],
    note: "Legal name, date of birth and work email all change at once.",
  },
  {
    ...blank,
    kind: "needs_attention",
    reason: "missing_from_source",
    name: "Claude Shannon",
    employee_id: "00001000021",
    work_email: "claude.shannon@example.com",
    person_id: 21,
    missing_runs: 3,
    status_change: status("active", "former"),
    note: "Missing from TriNet for 3 runs without a termination date.",
  },
];

const firstNames = [
  "Olivia", "Liam", "Emma", "Noah", "Amelia", "Oliver", "Sophia", "Elijah", "Isabella", "Mateo",
  "Mia", "Lucas", "Charlotte", "Levi", "Harper", "Ezra", "Evelyn", "Asher", "Luna", "James",
  "Priya", "Arjun", "Mei", "Hiroshi", "Fatima", "Omar", "Chloé", "Lars", "Zanele", "Diego",
];
const lastNames = [
  "Smith", "Johnson", "Williams", "Brown", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Lopez",
  "Nguyen", "Kim", "Patel", "Okafor", "Rossi", "Müller", "Silva", "Haddad", "Kowalski", "Andersson",
  "Tanaka", "Cohen", "Dubois", "Novak", "Mensah", "Ivanova", "O'Brien", "Schmidt", "Santos", "Jensen",
];

/** The nth made-up person (0-based), the same every time. */
export function madeUpPerson(n: number) {
  const first = firstNames[n % firstNames.length];
  const last = lastNames[Math.floor(n / firstNames.length) % lastNames.length];
  const employeeId = String(1_100_000 + n).padStart(11, "0");
  const email = `${first}.${last}.${n}@example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, "");
  return { name: `${first} ${last}`, employeeId, email };
}

function leaver(n: number): Line {
  const who = madeUpPerson(n + 500_000);
  return {
    ...blank,
    kind: "deactivated",
    name: who.name,
    employee_id: who.employeeId,
    work_email: who.email,
    person_id: 1000 + n,
    status_change: status("active", "former"),
    fields: [change("end_date", null, `2026-11-${String(1 + (n % 20)).padStart(2, "0")}`)],
  };
}

export type ReviewLines = {
  /** Lines 0..explicit.length - 1 (seqs start at 0, as in the core), each stored. */
  explicit: ChangeLine[];
  /** Unchanged lines after them, made when asked for. */
  unchanged: number;
};

/** The hand-written lines, then `deactivated` leavers; unchanged people follow as made-up lines. */
export function reviewLines(options: { deactivated: number; unchanged: number }): ReviewLines {
  const all = [...handWritten, ...Array.from({ length: options.deactivated }, (_, n) => leaver(n))];
  return {
    explicit: all.map((line, index) => ({ ...line, seq: index, resolution: null, applied: false })),
    unchanged: options.unchanged,
  };
}

/** The unchanged line at this seq (after the explicit ones). */
export function unchangedLine(lines: ReviewLines, seq: number): ChangeLine {
  const who = madeUpPerson(seq - lines.explicit.length);
  return {
    ...blank,
    seq,
    kind: "unchanged",
    name: who.name,
    employee_id: who.employeeId,
    work_email: who.email,
    person_id: 10_000 + seq,
    resolution: null,
    applied: false,
  };
}

const noCounts = {
  new: 0,
  updated: 0,
  deactivated: 0,
  reactivated: 0,
  leave_started: 0,
  leave_ended: 0,
  unchanged: 0,
  excluded: 0,
  needs_attention: 0,
};

/** Imports decided before the session starts, newest first. */
export const pastImports: ImportSummary[] = [
  {
    import_id: 3,
    created_at: "2026-11-16T09:12:00Z",
    trigger: "scheduled",
    company_id: "ACME01",
    mapping_version: 2,
    plan_date: "2026-11-16",
    outcome: "applied",
    decided_at: "2026-11-16T09:12:04Z",
    counts: { ...noCounts, new: 2, updated: 7, deactivated: 1, unchanged: 238 },
    guardrail: { tripped: false, reasons: [] },
    guardrail_confirmed: false,
    active_people: 241,
    identity_changes: 0,
    stale: false,
    unresolved: 0,
    baseline: false,
    headcount: 241,
    details_removed: false,
    error: null,
  },
  {
    import_id: 2,
    created_at: "2026-11-09T16:40:00Z",
    trigger: "manual",
    company_id: "ACME01",
    mapping_version: 1,
    plan_date: "2026-11-09",
    outcome: "rejected",
    decided_at: "2026-11-09T16:44:31Z",
    counts: { ...noCounts, updated: 250 },
    guardrail: { tripped: false, reasons: [] },
    guardrail_confirmed: false,
    active_people: 240,
    identity_changes: 0,
    stale: false,
    unresolved: 0,
    baseline: false,
    headcount: null,
    details_removed: false,
    error: null,
  },
  {
    import_id: 1,
    created_at: "2026-11-02T10:05:00Z",
    trigger: "manual",
    company_id: "ACME01",
    mapping_version: 1,
    plan_date: "2026-11-02",
    outcome: "applied",
    decided_at: "2026-11-02T10:07:12Z",
    counts: { ...noCounts, new: 240, excluded: 2, needs_attention: 1 },
    guardrail: { tripped: false, reasons: [] },
    guardrail_confirmed: false,
    active_people: 0,
    identity_changes: 0,
    stale: false,
    unresolved: 1,
    baseline: true,
    headcount: 240,
    details_removed: false,
    error: null,
  },
];

export { noCounts };
