// The recommendation panel's API query string from a page URL's search params: the run filters and what-if
// settings, in URL order, nothing else. One function for the browser panel (its react-query key and fetch URL)
// and the server page (which computes the panel's first answer under that same key). Pure.
import { isRunFilterParam, isWhatIfParam } from "@/lib/recommend/params";

/** The parameters the recommendation API reads, as its query string (e.g. the panel's react-query key). */
export function panelApiQuery(params: URLSearchParams): string {
  const query = new URLSearchParams();
  for (const [key, value] of params) if (isRunFilterParam(key) || isWhatIfParam(key)) query.append(key, value);
  return query.toString();
}

/** A page's `searchParams` prop (repeated keys as arrays) as URLSearchParams, in the prop's key order. */
export function searchParamsOf(record: Record<string, string | string[] | undefined>): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(record)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params;
}
