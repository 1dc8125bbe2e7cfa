// The recommendation for the panel's URL query, fetched and parsed (keeping the last answer while a what-if
// change loads), and handed to the generator further down the page as its prefilled strategy. The page's server
// render may hand in the first answer (`initial`): it is the query's data while the URL still asks for it, so the
// first paint shows it and nothing is fetched on mount; other queries (what-if changes) fetch as before.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import type { Recommendation } from "@/lib/model/recommend";
import { recommendationSchema } from "../api-contracts";
import { fetchComponentJson } from "../component-api";
import { useRecommendedStrategy } from "../RecommendedStrategy";

/** The answer the server computed for one API query string (the page URL's run filters and what-if settings). */
export interface InitialRecommendation {
  apiQuery: string;
  data: Recommendation;
}

export function useRecommendation(component: string, apiQuery: string, initial: InitialRecommendation | null = null) {
  const shared = useRecommendedStrategy();
  // Counted as fetched when the panel mounted (the browser's clock, not the server's): fresh for the client's
  // staleTime, and refetched like any answer if the cache let it go and the URL asks for it again later.
  const [mountedAt] = useState(() => Date.now());
  const query = useQuery({
    queryKey: ["recommendation", component, apiQuery],
    queryFn: () => fetchComponentJson(component, "recommendation", apiQuery, recommendationSchema),
    placeholderData: keepPreviousData,
    initialData: () => (initial && initial.apiQuery === apiQuery ? initial.data : undefined),
    initialDataUpdatedAt: mountedAt,
  });

  // "unknown" (nothing detected, nothing measured) is no strategy: the generator keeps its own default then.
  const recommendedId = query.data && query.data.recommended !== "unknown" ? query.data.recommended : null;
  const setShared = shared?.setRecommended;
  useEffect(() => {
    if (recommendedId && setShared) setShared(recommendedId);
  }, [recommendedId, setShared]);
  return query;
}
