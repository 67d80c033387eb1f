// The one search box for people (Review's table, an import's people, the Directory): a labelled search input
// with its icon, matching names, employee IDs and work emails.
import { useId } from "react";
import { SearchIcon } from "../icons";
import "./search-field.css";

type SearchFieldProps = {
  value: string;
  onChange: (value: string) => void;
  testId: string;
  className?: string;
};

export function SearchField({ value, onChange, testId, className }: SearchFieldProps) {
  const id = useId();
  return (
    <div className={className ? `search-field ${className}` : "search-field"}>
      <label htmlFor={id} className="visually-hidden">
        Search by name, employee ID or work email
      </label>
      <SearchIcon size={15} className="search-field__icon" />
      <input
        id={id}
        type="search"
        className="text-input search-field__input"
        placeholder="Search name, employee ID or email"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-testid={testId}
      />
    </div>
  );
}
