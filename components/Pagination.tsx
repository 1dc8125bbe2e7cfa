// Previous/next links that keep every other search param; plain links, so they work without JavaScript.
import Link from "next/link";
import { formatCount } from "@/lib/format";

export function Pagination({
  page,
  totalPages,
  count,
  params,
  pageParam = "page",
  noun,
}: {
  page: number;
  totalPages: number;
  count: number;
  params: Record<string, string | undefined>;
  pageParam?: string;
  noun: string;
}) {
  const href = (target: number) => {
    const query = new URLSearchParams(
      Object.entries(params).filter(
        (entry): entry is [string, string] => entry[1] !== undefined && entry[0] !== pageParam,
      ),
    );
    if (target > 1) query.set(pageParam, String(target));
    const text = query.toString();
    return text ? `?${text}` : "?";
  };
  return (
    <nav className="pagination" aria-label={`${noun} pages`}>
      {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : <span className="muted">← Previous</span>}
      <span>
        Page {page} of {totalPages} · {formatCount(count, noun.replace(/s$/, ""), noun)}
      </span>
      {page < totalPages ? <Link href={href(page + 1)}>Next →</Link> : <span className="muted">Next →</span>}
    </nav>
  );
}
