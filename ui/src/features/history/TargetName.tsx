// A target's name in History. A removed target's history is kept under "NAME (removed DAY)"; the "(removed …)" part
// is shown muted and never broken across lines (a narrow column would otherwise wrap at the date's hyphens).
const removedMark = " (removed ";

export function TargetName({ name }: { name: string }) {
  const at = name.lastIndexOf(removedMark);
  if (at < 0 || !name.endsWith(")")) return <>{name}</>;
  return (
    <>
      {name.slice(0, at)} <span className="target-name__removed">{name.slice(at + 1)}</span>
    </>
  );
}
