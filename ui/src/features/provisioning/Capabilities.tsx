// What Test connection found: each capability a push relies on, said in words with an icon (never colour alone).
import type { Capabilities } from "../../ipc/bindings";
import { formatCount } from "../../shared/formatCount";
import { CheckCircleIcon, CircleIcon } from "../../shared/icons";

/** A payload limit as people read it (1 MB, 512 KB). */
function bytes(n: number): string {
  if (n >= 1024 * 1024) return `${formatCount(Math.round((n / (1024 * 1024)) * 10) / 10)} MB`;
  if (n >= 1024) return `${formatCount(Math.round(n / 1024))} KB`;
  return `${formatCount(n)} bytes`;
}

function facts(caps: Capabilities): [boolean, string][] {
  return [
    [caps.patch, caps.patch ? "PATCH: updates send only what changed" : "No PATCH: updates replace the whole account (PUT)"],
    [
      caps.bulk !== null,
      caps.bulk
        ? `Bulk: up to ${formatCount(caps.bulk.max_operations)} operations and ${bytes(caps.bulk.max_payload_size)} a request`
        : "No bulk: one request per change",
    ],
    [
      caps.filter_max_results !== null,
      caps.filter_max_results !== null
        ? `Filtering: up to ${formatCount(caps.filter_max_results)} results a query`
        : "No filtering: every account is read page by page",
    ],
    [
      caps.etag,
      caps.etag
        ? "ETags: an account changed in the target since the preview is never overwritten (If-Match)"
        : "No ETags: an account changed in the target after the preview is overwritten by the push",
    ],
    [caps.enterprise_user, caps.enterprise_user ? "Enterprise extension (employee number, department, manager)" : "No enterprise extension"],
    [caps.groups, caps.groups ? "Groups: membership follows your group rules" : "No groups: group rules are skipped"],
  ];
}

export function CapabilityList({ caps }: { caps: Capabilities }) {
  return (
    <ul className="capabilities" aria-label="What the target supports" data-testid="target-capabilities">
      {facts(caps).map(([yes, text]) => (
        <li key={text} className={yes ? "capabilities__yes" : "capabilities__no"}>
          {yes ? <CheckCircleIcon size={14} /> : <CircleIcon size={14} />}
          <span>{text}</span>
        </li>
      ))}
    </ul>
  );
}
