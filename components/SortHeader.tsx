// A sortable column header: a link toggling ascending/descending, with aria-sort for screen readers.
import Link from "next/link";

export function SortHeader({
  label,
  sortKey,
  current,
  params,
  className,
}: {
  label: string;
  sortKey: string;
  current: string;
  params: Record<string, string | undefined>;
  className?: string;
}) {
  const active = current === sortKey || current === `-${sortKey}`;
  const descending = current === `-${sortKey}`;
  const next = active && !descending ? `-${sortKey}` : sortKey;
  const query = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== "page"),
  );
  query.set("sort", next);
  return (
    <th scope="col" className={className} aria-sort={active ? (descending ? "descending" : "ascending") : "none"}>
      <Link href={`?${query.toString()}`} className="sort-link">
        {label}
        <span aria-hidden="true">{active ? (descending ? " ▼" : " ▲") : ""}</span>
      </Link>
    </th>
  );
}
