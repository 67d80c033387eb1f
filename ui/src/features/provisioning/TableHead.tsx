// The header of the Provisioning screen's plain tables (receipts, pushes): one row of column titles, numeric
// columns right-aligned like their cells.
export type Column = string | { title: string; numeric: true };

export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((c) =>
          typeof c === "string" ? (
            <th key={c} scope="col">
              {c}
            </th>
          ) : (
            <th key={c.title} scope="col" className="num">
              {c.title}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
