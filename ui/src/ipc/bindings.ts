// Generated from Rust by src-tauri/src/app/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p roster bindings` after changing an IPC type.

export type ErrorCode = "keyring_unavailable" | "database_key_missing" | "database_key_wrong" | "database_too_new" | "invalid_input" | "bad_credentials" | "missing_scope" | "unknown_company" | "rate_limited" | "unreachable" | "timeout" | "trinet_error" | "malformed_response" | "cancelled" | "not_connected" | "secret_missing" | "secret_not_confirmed" | "sandbox_failed" | "no_open_import" | "import_decided" | "import_stale" | "guardrail_not_confirmed" | "invalid_config" | "no_such_person" | "export_failed" | "run_in_progress" | "connection_changed" | "no_such_target" | "target_token_refused" | "not_scim" | "target_tls" | "target_error" | "directory_empty" | "no_open_push" | "no_such_push" | "no_such_reconciliation" | "internal";

export type IpcError = { code: ErrorCode, message: string, };

export type Failure = { code: ErrorCode, message: string, };

export type AppInfo = { version: string, data_dir: string, database_path: string, log_dir: string, 
/**
 * Whether a TriNet connection has been saved (never the secret itself).
 */
connection_configured: boolean, 
/**
 * Why the database could not be opened, when it could not.
 */
storage_error: Failure | null, };

export type Profile = "company" | "sandbox";

export type ConnectionForm = { company_id: string, client_id: string, client_secret: string, 
/**
 * Empty or absent means TriNet's production API.
 */
base_url: string | null, };

export type ConnectionTest = { company_id: string, company_name: string | null, legal_name: string | null, scopes: Array<string>, };

export type ConnectionState = "not_connected" | "connected" | "needs_attention";

export type ConnectionStatus = { state: ConnectionState, profile: Profile, company_id: string | null, client_id: string | null, company_name: string | null, legal_name: string | null, base_url: string | null, scopes: Array<string>, 
/**
 * RFC 3339.
 */
last_verified_at: string | null, last_checked_at: string | null, problem: Failure | null, };

export type SourceKind = "text" | "date" | "number" | "boolean" | "mixed" | "empty";

export type SourceField = { 
/**
 * e.g. `employmentInfo.department.deptName`, `names[PRI].firstName`.
 */
path: string, kind: SourceKind, 
/**
 * People with a value here.
 */
filled: number, 
/**
 * People in the fetch.
 */
total: number, 
/**
 * Up to three distinct values, in the order first seen.
 */
samples: Array<string>, };

export type Catalog = { fields: Array<SourceField>, 
/**
 * People in the fetch.
 */
employees: number, 
/**
 * RFC 3339.
 */
fetched_at: string, };

export type FieldKind = "text" | "date" | "number" | "boolean";

export type DirectoryField = { 
/**
 * A snake_case identifier, unique across core and custom fields.
 */
name: string, 
/**
 * What the admin sees.
 */
label: string, kind: FieldKind, 
/**
 * Core fields are always present and cannot be removed.
 */
core: boolean, 
/**
 * Whether its values name a group in the directory (checked for
 * near-duplicate spellings before saving).
 */
drives_group: boolean, };

export type ValueMapEntry = { from: string, to: string, };

export type Transform = { "type": "direct", source: string, } | { "type": "value_map", source: string, table: Array<ValueMapEntry>, default: string | null, } | { "type": "date", source: string, } | { "type": "fallback", sources: Array<string>, } | { "type": "template", template: string, } | { "type": "manager_email", source: string, fallback_source?: string, };

export type FieldMapping = { 
/**
 * A directory field name (core or custom).
 */
field: string, transform: Transform, };

export type Exclusion = { source: string, value: string, };

export type MappingSpec = { 
/**
 * Directory fields beyond the core ones, in display order.
 */
custom_fields: Array<DirectoryField>, 
/**
 * At most one per directory field (core or custom).
 */
mappings: Array<FieldMapping>, exclusion: Exclusion | null, };

export type MappingState = { 
/**
 * `None`: nothing saved yet; `spec` is the default mapping.
 */
version: number | null, spec: MappingSpec, 
/**
 * RFC 3339.
 */
saved_at: string | null, };

export type PreviewValue = { field: string, value: string | null, 
/**
 * Why there is no value although TriNet sent one (e.g. not a date).
 */
error: string | null, };

export type PreviewRow = { 
/**
 * The mapped `employee_id`.
 */
employee_id: string | null, 
/**
 * Preferred (else legal first) name and last name, as mapped.
 */
name: string | null, excluded: boolean, 
/**
 * One per field, in `Preview::fields` order.
 */
values: Array<PreviewValue>, };

export type Preview = { 
/**
 * Directory field names, core then custom: the columns.
 */
fields: Array<string>, rows: Array<PreviewRow>, };

export type FieldIssue = { 
/**
 * The directory field's name, or `exclusion`.
 */
field: string, 
/**
 * Starts with the field's label; says what to do.
 */
message: string, };

export type GroupWarning = { field: string, 
/**
 * The odd spelling, as mapped.
 */
value: string, 
/**
 * The spelling it would merge with (the most common one, or the
 * directory's existing group name).
 */
similar_to: string, 
/**
 * Whether `similar_to` is a group already in the directory.
 */
in_directory: boolean, };

export type MappingCheck = { 
/**
 * Saving is refused while there are any.
 */
errors: Array<FieldIssue>, warnings: Array<FieldIssue>, 
/**
 * Saving with these needs an explicit acknowledgement.
 */
group_warnings: Array<GroupWarning>, };

export type SavedMapping = { version: number, 
/**
 * RFC 3339.
 */
saved_at: string, 
/**
 * Of the last fetched people, how many map differently than under the
 * previous version (all of them for a first save; 0 with no fetch).
 */
people_changed: number, };

export type MappingVersionSummary = { version: number, saved_at: string, note: string | null, 
/**
 * Directory fields with a mapping.
 */
fields_mapped: number, custom_fields: number, };

export type PersonStatus = "active" | "on_leave" | "pending_start" | "former";

export type ChangeKind = "new" | "updated" | "deactivated" | "reactivated" | "leave_started" | "leave_ended" | "unchanged" | "excluded" | "needs_attention";

export type AttentionReason = "invalid_record" | "duplicate_email" | "possible_duplicate" | "privacy_block" | "missing_from_source";

export type FieldChange = { field: string, before: string | null, after: string | null, };

export type StatusChange = { before: PersonStatus | null, after: PersonStatus, };

export type Candidate = { person_id: number, 
/**
 * Legal first and last name as stored.
 */
name: string, status: PersonStatus, };

export type PlannedChange = { kind: ChangeKind, 
/**
 * As TriNet sends it now (as stored, for someone missing from TriNet).
 */
employee_id: string | null, work_email: string | null, 
/**
 * The directory person, when the record matched one.
 */
person_id: number | null, 
/**
 * Every changed field; every field with a value for someone new or
 * unmatched.
 */
fields: Array<FieldChange>, 
/**
 * Set when the person's directory status changes (for a record under
 * Needs attention: would change, if the admin approves it).
 */
status_change: StatusChange | null, 
/**
 * Needs attention only.
 */
reason: AttentionReason | null, 
/**
 * Possible duplicates only.
 */
candidate: Candidate | null, 
/**
 * Missing from TriNet: the consecutive runs including this one.
 */
missing_runs: number | null, 
/**
 * Why, in words, when the kind alone does not say it (which fields are
 * invalid, which record shares the email, excluded but in the directory).
 */
note: string | null, };

export type PlanCounts = { new: number, updated: number, deactivated: number, reactivated: number, leave_started: number, leave_ended: number, unchanged: number, excluded: number, needs_attention: number, };

export type Guardrail = { tripped: boolean, 
/**
 * One sentence per tripped limit, with the numbers.
 */
reasons: Array<string>, };

export type ImportOutcome = "pending" | "held" | "applied" | "rejected" | "superseded" | "failed";

export type ImportTrigger = "manual" | "cli" | "scheduled";

export type Resolution = "approve" | "link" | "leave_out";

export type ImportSummary = { import_id: number, 
/**
 * RFC 3339.
 */
created_at: string, trigger: ImportTrigger, company_id: string, mapping_version: number | null, 
/**
 * The day the lifecycle rules were evaluated for (YYYY-MM-DD).
 */
plan_date: string, outcome: ImportOutcome, 
/**
 * RFC 3339; when it was applied, rejected, superseded or failed.
 */
decided_at: string | null, counts: PlanCounts, guardrail: Guardrail, guardrail_confirmed: boolean, active_people: number, identity_changes: number, 
/**
 * Open, but the directory changed since it was planned: it can only
 * be rejected or planned again.
 */
stale: boolean, 
/**
 * Needs-attention lines without a decision (they stay out if applied).
 */
unresolved: number, 
/**
 * Why it failed.
 */
error: string | null, 
/**
 * The baseline: the first applied import. The people it added were
 * already employed, so they are not joiners; charts and lifecycle
 * events start after it.
 */
baseline: boolean, 
/**
 * Active and on-leave people right after it was applied (`None` when
 * it was not applied, or applied before Roster recorded it).
 */
headcount: number | null, 
/**
 * Decided, with people in it, but none of its per-person lines is
 * stored: the retention setting removed them (its counts stay).
 */
details_removed: boolean, };

export type ChangeLine = { 
/**
 * Position in the import.
 */
seq: number, 
/**
 * First and last name (as TriNet sends them, else as stored).
 */
name: string | null, resolution: Resolution | null, 
/**
 * Applied imports: whether this line changed the directory.
 */
applied: boolean, kind: ChangeKind, 
/**
 * As TriNet sends it now (as stored, for someone missing from TriNet).
 */
employee_id: string | null, work_email: string | null, 
/**
 * The directory person, when the record matched one.
 */
person_id: number | null, 
/**
 * Every changed field; every field with a value for someone new or
 * unmatched.
 */
fields: Array<FieldChange>, 
/**
 * Set when the person's directory status changes (for a record under
 * Needs attention: would change, if the admin approves it).
 */
status_change: StatusChange | null, 
/**
 * Needs attention only.
 */
reason: AttentionReason | null, 
/**
 * Possible duplicates only.
 */
candidate: Candidate | null, 
/**
 * Missing from TriNet: the consecutive runs including this one.
 */
missing_runs: number | null, 
/**
 * Why, in words, when the kind alone does not say it (which fields are
 * invalid, which record shares the email, excluded but in the directory).
 */
note: string | null, };

export type ChangeQuery = { kind: ChangeKind | null, reason: AttentionReason | null, 
/**
 * Matched case-insensitively against name, employee ID and work email.
 */
search: string | null, 
/**
 * Only lines that change this directory field.
 */
field: string | null, 
/**
 * Leave out the people the import did not change.
 */
changed_only: boolean, offset: number, 
/**
 * At most 500.
 */
limit: number, };

export type ChangePage = { 
/**
 * Lines matching the query, over all pages.
 */
total: number, offset: number, lines: Array<ChangeLine>, };

export type Applied = { summary: ImportSummary, 
/**
 * People whose directory row changed (added, updated or deactivated).
 */
people_changed: number, 
/**
 * Needs-attention lines applied as resolved / left out.
 */
attention_applied: number, attention_left_out: number, lifecycle_events: number, };

export type FetchProgress = { pages_done: number, 
/**
 * Known once the first page reports a total TriNet can be trusted on.
 */
pages_expected: number | null, employees_received: number, };

export type PreviewProgress = { "stage": "waiting" } | { "stage": "fetching" } & FetchProgress | { "stage": "planning", employees: number, };

export type SandboxAdvanced = { 
/**
 * The sandbox's date now (YYYY-MM-DD).
 */
date: string, days: number, 
/**
 * Changes made in TriNet's data (hires, terminations, moves, ...).
 */
changes: number, };

export type Schedule = { "kind": "off" } | { "kind": "every_minutes", minutes: number, } | { "kind": "hourly" } | { "kind": "daily", at: string, };

export type Retention = { "kind": "keep_all" } | { "kind": "months", months: number, };

export type GuardrailSettings = { max_deactivated_percent: number, max_deactivated_people: number, max_identity_changes_percent: number, };

export type Settings = { schedule: Schedule, guardrails: GuardrailSettings, 
/**
 * Consecutive runs someone may be missing from TriNet before the plan
 * proposes deactivating them.
 */
missing_runs_to_deactivate: number, 
/**
 * Desktop notifications when a scheduled sync holds or fails.
 */
notifications: boolean, retention: Retention, };

export type SettingsView = { settings: Settings, 
/**
 * RFC 3339: when the next scheduled sync is due (none while the
 * schedule is off or no connection is saved).
 */
next_run_at: string | null, 
/**
 * RFC 3339: the last scheduled sync.
 */
last_run_at: string | null, connected: boolean, };

export type SyncResult = "applied" | "nothing_to_do" | "held" | "failed" | "skipped";

export type SyncOutcome = { result: SyncResult, 
/**
 * This run's import in history.
 */
import_id: number | null, 
/**
 * Held: the import waiting for review (this run's own, or one that
 * was already open).
 */
review_import_id: number | null, 
/**
 * Held: why (guardrails, an open review); failed: the error; applied:
 * the needs-attention items left out, if any.
 */
reasons: Array<string>, 
/**
 * Needs-attention items this run left out (waiting in Review).
 */
needs_attention: number, 
/**
 * Of those, how many were not under Needs attention in the previous
 * import: the admin is notified only when this is above 0.
 */
new_attention: number, counts: PlanCounts | null, 
/**
 * One line, no personal data.
 */
message: string, };

export type BaseUrlChange = { from: string, to: string, };

export type ConfigImported = { 
/**
 * The mapping version the file's mapping was saved as (`None`: the file
 * had none, or it equals the current mapping).
 */
mapping_version: number | null, 
/**
 * A connection was saved that is not used until its secret is entered
 * on Connect and a test passes.
 */
needs_secret: boolean, company_id: string | null, 
/**
 * The file moved the same connection to another API base URL.
 */
base_url_change: BaseUrlChange | null, };

export type LifecycleEventKind = "joiner" | "baseline" | "leaver" | "mover" | "leave_start" | "leave_end" | "rehire" | "employment_type_change";

export type HistoryQuery = { outcome: ImportOutcome | null, trigger: ImportTrigger | null, 
/**
 * Planned on or after this day (YYYY-MM-DD).
 */
from: string | null, 
/**
 * Planned on or before this day (YYYY-MM-DD).
 */
to: string | null, offset: number, 
/**
 * At most 500.
 */
limit: number, };

export type HistoryPage = { 
/**
 * Imports matching the query, over all pages.
 */
total: number, offset: number, imports: Array<ImportSummary>, };

export type DirectoryQuery = { 
/**
 * Matched case-insensitively against name, employee ID and work email.
 */
search: string | null, department: string | null, location: string | null, status: PersonStatus | null, offset: number, 
/**
 * At most 500.
 */
limit: number, };

export type DirectoryEntry = { person_id: number, status: PersonStatus, 
/**
 * Mapped values by directory field name (only mapped fields are stored).
 */
values: { [key in string]?: string }, 
/**
 * Consecutive imports this person was absent from TriNet.
 */
missing_runs: number, 
/**
 * The import that added them and the last one that changed them.
 */
created_by: number, updated_by: number, };

export type DirectoryPage = { total: number, offset: number, people: Array<DirectoryEntry>, };

export type Facet = { value: string, count: number, };

export type DirectoryFacets = { total: number, 
/**
 * Status names (active, on_leave, pending_start, former) with counts.
 */
statuses: Array<Facet>, departments: Array<Facet>, locations: Array<Facet>, };

export type PersonChange = { import_id: number, plan_date: string, 
/**
 * RFC 3339.
 */
created_at: string, trigger: ImportTrigger, outcome: ImportOutcome, mapping_version: number | null, line: ChangeLine, };

export type EventQuery = { kind: LifecycleEventKind | null, 
/**
 * Where it happened (the department at the time of the event).
 */
department: string | null, location: string | null, 
/**
 * On or after this day (YYYY-MM-DD).
 */
from: string | null, 
/**
 * On or before this day (YYYY-MM-DD).
 */
to: string | null, offset: number, 
/**
 * At most 500.
 */
limit: number, };

export type EventRow = { event_id: number, import_id: number, person_id: number, kind: LifecycleEventKind, 
/**
 * The day of the import that applied it (YYYY-MM-DD).
 */
occurred_on: string, 
/**
 * The person's name, employee ID and work email as the directory has them now.
 */
name: string | null, employee_id: string | null, work_email: string | null, 
/**
 * Department and location when it happened.
 */
department: string | null, location: string | null, 
/**
 * For a mover or an employment-type change, the fields behind it.
 */
fields: Array<FieldChange>, };

export type EventPage = { total: number, offset: number, events: Array<EventRow>, };

export type PersonTimeline = { person: DirectoryEntry, 
/**
 * Every line about them that was not "unchanged", in any import.
 */
changes: Array<PersonChange>, events: Array<EventRow>, 
/**
 * What pushes did to their accounts in each target, oldest first.
 */
accounts: Array<AccountAction>, };

export type HeadcountPoint = { import_id: number, 
/**
 * The import's planned day (YYYY-MM-DD).
 */
date: string, 
/**
 * Active and on-leave people.
 */
headcount: number, };

export type BaselinePoint = { import_id: number, 
/**
 * Its planned day (YYYY-MM-DD).
 */
date: string, 
/**
 * Active and on-leave people it left (`None` when it was applied
 * before Roster recorded headcounts).
 */
headcount: number | null, };

export type MonthFlow = { 
/**
 * YYYY-MM.
 */
month: string, joiners: number, leavers: number, rehires: number, };

export type HistoryCharts = { 
/**
 * `None` until an import is applied.
 */
baseline: BaselinePoint | null, 
/**
 * In the order the imports were applied, the baseline first.
 */
headcount: Array<HeadcountPoint>, 
/**
 * Every month from the baseline's to the last with an applied import,
 * oldest first, months without joiners or leavers included.
 */
months: Array<MonthFlow>, };

export type Exported = { path: string, 
/**
 * Data rows written (without the header).
 */
rows: number, };

export type BulkLimits = { max_operations: number, max_payload_size: number, };

export type Capabilities = { patch: boolean, bulk: BulkLimits | null, 
/**
 * The most results one filtered list returns, when filtering works.
 */
filter_max_results: number | null, etag: boolean, sort: boolean, 
/**
 * Whether the User resource type carries the enterprise extension.
 */
enterprise_user: boolean, 
/**
 * Whether the target has a Group resource type.
 */
groups: boolean, 
/**
 * User attributes the target's schemas declare, as mapping paths
 * (`userName`, `name.givenName`, `emails`, `<enterprise urn>:department`).
 */
user_attributes: Array<string>, };

export type TargetInfo = { name: string, base_url: string, capabilities: Capabilities | null, checked_at: string | null, has_token: boolean, };

export type TargetForm = { name: string, base_url: string, token: string, };

export type Source = { "kind": "field", "value": string } | { "kind": "first_of", "value": Array<string> } | { "kind": "template", "value": string } | { "kind": "fixed", "value": string } | { "kind": "manager_of", "value": string } | { "kind": "company" };

export type AttributeRule = { 
/**
 * A SCIM attribute path: `title`, `name.givenName`, `emails.work`
 * (the work email), `<enterprise urn>:department`.
 */
attribute: string, source: Source, };

export type GroupRule = { "kind": "field", field: string, prefix: string, } | { "kind": "fixed", name: string, };

export type LeaveAction = "suspend" | "keep";

export type LifecyclePolicy = { leave: LeaveAction, 
/**
 * Accounts for pending starters are created this many days before
 * their start date (0: on it).
 */
create_days_before_start: number, 
/**
 * Deactivate accounts no directory person matches (off: only listed).
 */
deactivate_orphans: boolean, 
/**
 * Create groups the rules name that the target lacks.
 */
create_missing_groups: boolean, 
/**
 * Delete (for good) an account already deactivated once its person
 * has been former for this many days; none: never delete (the default).
 */
delete_after_days: number | null, };

export type TargetSettings = { attributes: Array<AttributeRule>, groups: Array<GroupRule>, policy: LifecyclePolicy, 
/**
 * Deactivations over a share or a count, userName changes over a
 * share (`max_identity_changes_percent`): held for a typed confirmation.
 */
guardrails: GuardrailSettings, 
/**
 * At most this many operations per SCIM Bulk request, below the
 * target's own limit (0: never use Bulk; none: the target's limit).
 */
bulk_max_operations: number | null, 
/**
 * Push on its own after an import is applied and on the sync
 * schedule: only the lines that trip no guardrail and need no one;
 * the rest waits for review (off by default).
 */
auto_push: boolean, };

export type RulesCheck = { 
/**
 * How many groups the draft's rules name over today's directory.
 */
group_count: number, 
/**
 * Those names, sorted.
 */
group_names: Array<string>, 
/**
 * Sets of group names that differ only in case or spacing, each with
 * at least one name the draft makes.
 */
group_look_alikes: Array<Array<string>>, 
/**
 * Those names that are groups the target already has.
 */
in_target: Array<string>, };

export type PushKind = "create" | "update" | "deactivate" | "delete" | "reactivate" | "group_change" | "unchanged" | "needs_attention" | "orphan";

export type PushAttention = "possible_duplicate" | "active_former" | "no_user_name";

export type AttributeChange = { 
/**
 * The SCIM path (`title`, `name.givenName`, `<enterprise urn>:department`).
 */
attribute: string, before: string | null, after: string | null, };

export type PushChange = { kind: PushKind, 
/**
 * The directory person, when there is one.
 */
person_id: number | null, external_id: string | null, user_name: string, display_name: string, 
/**
 * The account's id in the target, when it exists.
 */
target_id: string | null, 
/**
 * For updates: every attribute that changes; for creates: every value sent.
 */
attributes: Array<AttributeChange>, groups_added: Array<string>, groups_removed: Array<string>, attention: PushAttention | null, 
/**
 * The values Roster wants the account to have, by attribute path (a
 * manager by employee ID); `null` for an orphan.
 */
desired: unknown, 
/**
 * The account's version (`meta.version`) when the plan was made: an
 * update is sent with `If-Match` on it where the target has ETags, so
 * an account changed since the preview is never overwritten.
 */
version: string | null, };

export type PushCounts = { create: number, update: number, deactivate: number, 
/**
 * Accounts deleted for good (irreversible).
 */
delete: number, reactivate: number, group_changes: number, unchanged: number, needs_attention: number, orphans: number, };

export type PushGuardrail = { tripped: boolean, reasons: Array<string>, };

export type PushPlan = { changes: Array<PushChange>, counts: PushCounts, guardrail: PushGuardrail, 
/**
 * Groups the rules name that the target lacks (created on apply when
 * the rules allow it).
 */
groups_to_create: Array<string>, 
/**
 * Group names that differ only in case or spacing.
 */
group_look_alikes: Array<Array<string>>, 
/**
 * The target's deletion policy when the plan was made: accounts are
 * deleted once their person has been former this many days; none:
 * never (the review shows no Delete card then).
 */
delete_after_days: number | null, };

export type PushPreview = { push_id: number, target: string, plan: PushPlan, };

export type PushState = "pending" | "applying" | "applied" | "partial" | "rejected" | "failed" | "superseded";

export type Receipt = { external_id: string | null, user_name: string, kind: PushKind, 
/**
 * The HTTP method and path sent (`POST /Users`).
 */
operation: string, 
/**
 * HTTP status, 0 when nothing was answered.
 */
status: number, ok: boolean, 
/**
 * The account's id in the target after the operation.
 */
target_id: string | null, 
/**
 * The target's error detail when it failed.
 */
detail: string | null, };

export type PushTrigger = "window" | "cli" | "automatic";

export type PushQuery = { 
/**
 * A target's name.
 */
target: string | null, state: PushState | null, trigger: PushTrigger | null, offset: number, 
/**
 * At most 500.
 */
limit: number, };

export type PushSummary = { push_id: number, target: string, state: PushState, 
/**
 * When it was planned (RFC 3339).
 */
created_at: string, 
/**
 * When it was sent, rejected or superseded.
 */
decided_at: string | null, 
/**
 * Who: `window`, `cli:USER`, `automatic:...`.
 */
decided_by: string | null, trigger: PushTrigger | null, counts: PushCounts, 
/**
 * Operations that succeeded and failed (none until sent).
 */
succeeded: number, failed: number, };

export type PushPage = { total: number, offset: number, pushes: Array<PushSummary>, 
/**
 * Every target the filter can name, removed ones included ("Okta
 * (removed 2026-12-07)"): History keeps their pushes.
 */
targets: Array<string>, };

export type PushDetail = { summary: PushSummary, guardrail: PushGuardrail, 
/**
 * The deletion policy the push was planned with (see [`PushPlan`]).
 */
delete_after_days: number | null, changes: Array<PushChange>, receipts: Array<Receipt>, };

export type AccountAction = { push_id: number, target: string, 
/**
 * When the push was sent (RFC 3339).
 */
at: string, trigger: PushTrigger | null, kind: PushKind, 
/**
 * For an update, every attribute that changed.
 */
attributes: Array<AttributeChange>, groups_added: Array<string>, groups_removed: Array<string>, 
/**
 * Whether every operation for it succeeded (false: see `detail`).
 */
ok: boolean, 
/**
 * The target's error detail of the first failed operation.
 */
detail: string | null, };

export type PushApplied = { push_id: number, target: string, state: PushState, succeeded: number, failed: number, receipts: Array<Receipt>, };

export type PushRecord = { push_id: number, state: PushState, created_at: string, decided_at: string | null, decided_by: string | null, counts: PushCounts, 
/**
 * Its receipts (empty until applied).
 */
receipts: Array<Receipt>, };

export type Finding = "orphan" | "missing" | "mismatched";

export type ReconcileEntry = { user_name: string, external_id: string | null, display_name: string, 
/**
 * What differs, or why it needs an admin.
 */
detail: string, };

export type ReconcileReport = { orphans: Array<ReconcileEntry>, missing: Array<ReconcileEntry>, mismatched: Array<ReconcileEntry>, };

export type ReconciliationQuery = { 
/**
 * A target's name.
 */
target: string | null, offset: number, 
/**
 * At most 500.
 */
limit: number, };

export type ReconciliationSummary = { reconciliation_id: number, target: string, 
/**
 * When it ran (RFC 3339).
 */
run_at: string, 
/**
 * Who: `window`, `cli:USER` (a push's spellings).
 */
run_by: string, trigger: PushTrigger | null, orphans: number, missing: number, mismatched: number, 
/**
 * Why it could not read the directory or the target (no counts then).
 */
failure: string | null, };

export type ReconciliationPage = { total: number, offset: number, reconciliations: Array<ReconciliationSummary>, 
/**
 * Every target the filter can name, removed ones included.
 */
targets: Array<string>, };

export type ReconciliationDetail = { summary: ReconciliationSummary, report: ReconcileReport, };

export type AutoPushed = { target: string, 
/**
 * The push it sent, if it sent one.
 */
push_id: number | null, 
/**
 * Operations that succeeded and failed.
 */
succeeded: number, failed: number, 
/**
 * Lines held for review (guardrail, needs attention), and why.
 */
waiting: number, review_push_id: number | null, reasons: Array<string>, 
/**
 * No push planned with the target's current rules has been sent by an
 * admin yet, so the whole plan waits for review.
 */
rules_unreviewed: boolean, 
/**
 * Why auto-push could not plan or send for this target (nothing
 * else happened then).
 */
error: string | null, };
