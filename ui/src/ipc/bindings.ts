// Generated from Rust by src-tauri/src/app/bindings.rs. Do not edit by hand:
// run `UPDATE_BINDINGS=1 cargo test -p roster bindings` after changing an IPC type.

export type ErrorCode = "keyring_unavailable" | "database_key_missing" | "database_key_wrong" | "database_too_new" | "invalid_input" | "bad_credentials" | "missing_scope" | "unknown_company" | "rate_limited" | "unreachable" | "timeout" | "trinet_error" | "malformed_response" | "cancelled" | "not_connected" | "secret_missing" | "sandbox_failed" | "internal";

export type IpcError = { code: ErrorCode, message: string, };

export type AppInfo = { version: string, data_dir: string, database_path: string, log_dir: string, 
/**
 * Whether a TriNet connection has been saved (never the secret itself).
 */
connection_configured: boolean, 
/**
 * Why the database could not be opened, when it could not.
 */
storage_error: IpcError | null, };

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
last_verified_at: string | null, last_checked_at: string | null, problem: IpcError | null, };

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
similar_to: string, };

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
