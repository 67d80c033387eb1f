// Pure helpers for the target rules editor: which SCIM attributes to offer, and a rule's source as the editor's
// two inputs (what fills it, and the field or text).
import type { AttributeRule, Capabilities, Source } from "../../ipc/bindings";

const enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:";
/** Sent by Roster itself (the anchor, the lifecycle) or never set from the directory. */
const notMapped = new Set(["id", "externalId", "active", "meta", "password", "schemas", "groups"]);
/** Multi-valued attributes a single directory value cannot fill (emails have their own work path). */
const multiValued = new Set(["emails", "phoneNumbers", "ims", "photos", "addresses", "entitlements", "roles", "x509Certificates", "groups"]);

/** The attributes the target's schemas declare that a rule can fill, as mapping paths. */
export function offeredAttributes(caps: Capabilities): string[] {
  const all = caps.user_attributes;
  const out: string[] = [];
  for (const path of all) {
    const bare = path.startsWith(enterprise) ? path.slice(enterprise.length) : path;
    const [head, sub] = bare.split(".");
    if (notMapped.has(head)) continue;
    if (path === "emails") out.push("emails.work");
    if (multiValued.has(head)) continue;
    if (path.startsWith(enterprise) && head === "manager") {
      if (!sub) out.push(path);
      continue;
    }
    // A complex attribute is filled through its sub-attributes.
    if (!sub && all.some((p) => p.startsWith(`${path}.`))) continue;
    out.push(path);
  }
  return out;
}

export type SourceKind = Source["kind"] | "none";

export const sourceLabels: Record<SourceKind, string> = {
  none: "Not sent",
  field: "Directory field",
  first_of: "First field with a value",
  template: "Template",
  fixed: "The same text for everyone",
  manager_of: "Manager's account",
  company: "The company's name (from TriNet)",
};

/** The rule's value as the editor's text input shows it. */
export function sourceText(source: Source): string {
  if (source.kind === "company") return "";
  return source.kind === "first_of" ? source.value.join(", ") : source.value;
}

/** A source from the editor's inputs. */
export function makeSource(kind: Source["kind"], text: string): Source {
  if (kind === "company") return { kind };
  if (kind === "first_of") {
    return { kind, value: text.split(",").map((s) => s.trim()).filter(Boolean) };
  }
  return { kind, value: text };
}

/** The source a directory field dropped on `attribute` gives: the manager's account for a manager, else the field. */
export function droppedSource(attribute: string, field: string): Source {
  return attribute.endsWith(":manager") ? { kind: "manager_of", value: field } : { kind: "field", value: field };
}

/** Names that differ only in case or spacing fold to the same key (as the core's reconcile::groups::fold). */
export function foldGroupName(name: string): string {
  return name.trim().split(/\s+/).join(" ").toLowerCase();
}

/** `rules` with `attribute` filled from `source`, or left out when source is null; in the order rules were. */
export function setRule(rules: AttributeRule[], attribute: string, source: Source | null): AttributeRule[] {
  const rest = rules.filter((r) => r.attribute !== attribute);
  if (!source) return rest;
  const at = rules.findIndex((r) => r.attribute === attribute);
  const next = [...rest];
  next.splice(at < 0 ? next.length : at, 0, { attribute, source });
  return next;
}
