// Reading Next.js page search params, where a key may be absent, empty or repeated.

export type SearchParams = Record<string, string | string[] | undefined>;

/** The first value of a search param; an empty value counts as absent. */
export function firstParam(params: SearchParams, key: string): string | undefined {
  const value = params[key];
  return (Array.isArray(value) ? value[0] : value) || undefined;
}
