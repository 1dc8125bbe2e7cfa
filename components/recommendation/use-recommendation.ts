// The recommendation for the panel's URL query, fetched and parsed (keeping the last answer while a what-if
// change loads), and handed to the generator further down the page as its prefilled strategy.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { recommendationSchema } from "../api-contracts";
import { fetchComponentJson } from "../component-api";
import { useRecommendedStrategy } from "../RecommendedStrategy";

export function useRecommendation(component: string, apiQuery: string) {
  const shared = useRecommendedStrategy();
  const query = useQuery({
    queryKey: ["recommendation", component, apiQuery],
    queryFn: () => fetchComponentJson(component, "recommendation", apiQuery, recommendationSchema),
    placeholderData: keepPreviousData,
  });

  // "unknown" (nothing detected, nothing measured) is no strategy: the generator keeps its own default then.
  const recommendedId = query.data && query.data.recommended !== "unknown" ? query.data.recommended : null;
  const setShared = shared?.setRecommended;
  useEffect(() => {
    if (recommendedId && setShared) setShared(recommendedId);
  }, [recommendedId, setShared]);
  return query;
}
