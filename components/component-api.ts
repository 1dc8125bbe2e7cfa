// Browser-side reads of a component's JSON endpoints, shared by the charts (same URLs as the API docs).

/** GETs /api/components/{component}/{endpoint}?{query}; an error names the endpoint and the status. */
export async function fetchComponentJson(
  component: string,
  endpoint: "table" | "trend",
  query: string,
): Promise<unknown> {
  const response = await fetch(
    `/api/components/${encodeURIComponent(component)}/${endpoint}${query ? `?${query}` : ""}`,
  );
  if (!response.ok) throw new Error(`The ${endpoint} API answered ${response.status}`);
  return response.json();
}
