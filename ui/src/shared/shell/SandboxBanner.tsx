// A strip above every screen while the sandbox profile is active, so nobody mistakes it for real company data.
import { hrefFor } from "../router/hashRoute";
import { SandboxBadge } from "../ui/SandboxBadge";

export function SandboxBanner({ companyName }: { companyName: string }) {
  return (
    <div className="sandbox-banner" data-testid="sandbox-banner">
      <SandboxBadge />
      <p className="sandbox-banner__text">
        You are working with <strong>{companyName}</strong>, a made-up company running on this computer. Nothing
        here touches TriNet.
      </p>
      <a className="sandbox-banner__link" href={hrefFor("connect")}>
        Leave the sandbox
      </a>
    </div>
  );
}
