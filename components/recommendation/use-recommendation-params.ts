// The recommendation panel's URL state: the what-if parameters (and the page's run filters) read from and
// written to the search params with history.replaceState, so a view can be shared without a server render.
import { usePathname, useSearchParams } from "next/navigation";
import { useState } from "react";
import { isWhatIfParam } from "@/lib/recommend/params";
import { panelApiQuery } from "./panel-query";

export interface RecommendationParams {
  /** The URL's search params as the panel sees them (its own latest change included). */
  params: URLSearchParams;
  /** The run filters and what-if settings, as the recommendation API's query string. */
  apiQuery: string;
  /** A parameter's URL value, "" when absent. */
  str: (key: string) => string;
  /** Sets (or, with null or "", removes) parameters, in the URL and in the panel at once. */
  setParams: (changes: Record<string, string | null>) => void;
  /** Whether any what-if parameter is set. */
  hasWhatIf: boolean;
  /** The page's URL without the what-if parameters (the reset link's href). */
  resetHref: string;
  /** Removes every what-if parameter. */
  resetWhatIf: () => void;
}

export function useRecommendationParams(): RecommendationParams {
  const pathname = usePathname();
  const routerParams = useSearchParams();
  // What-if changes are written to the URL with history.replaceState and kept here too, so the controls and
  // the query follow at once; a navigation (e.g. a new run filter) starts again from the router's URL.
  const [local, setLocal] = useState<{ from: string; now: string } | null>(null);
  const routerText = routerParams.toString();
  const params = new URLSearchParams(local && local.from === routerText ? local.now : routerText);
  const apiQuery = panelApiQuery(params);

  const setParams = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    const text = next.toString();
    setLocal({ from: routerText, now: text });
    // Not router.replace: that would render the whole page on the server again; only this panel changes.
    window.history.replaceState(window.history.state, "", text ? `${pathname}?${text}` : pathname);
  };
  const resetHref = (() => {
    const next = new URLSearchParams(params);
    for (const key of [...next.keys()]) if (isWhatIfParam(key)) next.delete(key);
    const text = next.toString();
    return text ? `${pathname}?${text}` : pathname;
  })();

  return {
    params,
    apiQuery,
    str: (key) => params.get(key) ?? "",
    setParams,
    hasWhatIf: [...params.keys()].some(isWhatIfParam),
    resetHref,
    resetWhatIf: () =>
      setParams(Object.fromEntries([...params.keys()].filter(isWhatIfParam).map((key) => [key, null]))),
  };
}
