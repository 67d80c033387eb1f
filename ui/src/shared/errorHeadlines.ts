// A short "what happened" headline for each IPC error code; the Rust message beneath it says what to do.
import type { ErrorCode } from "../ipc/bindings";

export const errorHeadlines: Record<ErrorCode, string> = {
  keyring_unavailable: "Roster can't reach your system keyring",
  database_key_missing: "The key to Roster's database is missing",
  database_key_wrong: "The key doesn't open Roster's database",
  database_too_new: "This database was made by a newer Roster",
  invalid_input: "Roster didn't accept that input",
  bad_credentials: "TriNet didn't accept these credentials",
  missing_scope: "The API credentials lack a permission Roster needs",
  unknown_company: "TriNet doesn't know this Company ID",
  rate_limited: "TriNet asked Roster to slow down",
  unreachable: "Roster can't reach TriNet",
  timeout: "TriNet took too long to answer",
  trinet_error: "TriNet reported a problem on its side",
  malformed_response: "TriNet sent an answer Roster couldn't read",
  cancelled: "The request was cancelled",
  not_connected: "TriNet isn't connected yet",
  secret_missing: "The client secret is missing from your keyring",
  sandbox_failed: "The sandbox company didn't start",
  no_open_import: "There is no import waiting for review",
  import_decided: "This import has already been decided",
  import_stale: "Your directory changed since this preview",
  guardrail_not_confirmed: "This import needs your typed confirmation",
  no_such_person: "That person isn't in the directory",
  export_failed: "The file couldn't be written",
  internal: "Something went wrong inside Roster",
};
