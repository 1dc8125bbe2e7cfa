// Browser-side reads of a component's JSON endpoints, shared by the charts (same URLs as the API docs).

/** GETs /api/components/{component}/{endpoint}?{query}; an error names the endpoint and the status. */
export async function fetchComponentJson(
  component: string,
  endpoint: "table" | "trend" | "recommendation",
  query: string,
): Promise<unknown> {
  const response = await fetch(
    `/api/components/${encodeURIComponent(component)}/${endpoint}${query ? `?${query}` : ""}`,
  );
  if (!response.ok) {
    // The API's error body names the problem (e.g. which what-if value is invalid); show it.
    const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `The ${endpoint} API answered ${response.status}`);
  }
  return response.json();
}
