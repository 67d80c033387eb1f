// The API scopes TriNet granted, one chip each, so a missing one is easy to spot.
export function ScopeChips({ scopes }: { scopes: readonly string[] }) {
  if (scopes.length === 0) return <span className="scope-chips__none">None reported</span>;
  return (
    <ul className="scope-chips" aria-label="Scopes">
      {scopes.map((scope) => (
        <li key={scope} className="scope-chip">
          {scope}
        </li>
      ))}
    </ul>
  );
}
