// The recommendation panel's first answer, computed by the component page on the server so the first paint shows
// it: the same query the panel would send (components/recommendation/panel-query), the same model call as GET …/recommendation, and the
// answer as that API's JSON body. When the API would not answer 200 (a what-if value it rejects, no component, an
// error) there is no first answer: the panel then fetches as before and shows what the API says.
import type { Db } from "../db/connect";
import { getRecommendation } from "./get-recommendation";
import { parseRecommendationQuery, parseRecommendationQueryLenient, type RecommendationQuery } from "./query";

/**
 * The model query for the panel's API query string, parsed with the page-lenient parser; null when the strict API
 * parser rejects it (the API answers 422 there, and the panel must show that, not a lenient answer).
 */
export function panelRecommendationQuery(apiQuery: string): RecommendationQuery | null {
  const params = new URLSearchParams(apiQuery);
  try {
    parseRecommendationQuery(params);
  } catch {
    return null;
  }
  return parseRecommendationQueryLenient(params);
}

/** The API's JSON body for the panel's query, or null when there is none to show first (see above). Never throws. */
export async function getPanelRecommendationJson(db: Db, component: string, apiQuery: string): Promise<unknown> {
  const query = panelRecommendationQuery(apiQuery);
  if (!query) return null;
  try {
    const recommendation = await getRecommendation(db, component, query, { backtest: true });
    // What Response.json sends: undefined fields dropped, non-finite numbers as null.
    return recommendation ? (JSON.parse(JSON.stringify(recommendation)) as unknown) : null;
  } catch (error) {
    console.error(`recommendation for the page of ${component}:`, error);
    return null;
  }
}

/**
 * The promise's value if it settles within `ms`, else null (it keeps running). The page waits this long for the
 * model before it sends the table: a recommendation that is ready by then is in the same paint as the table, while
 * one streamed in later is revealed by React no sooner than 300 ms after that paint.
 */
export async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ value })), late]);
  } finally {
    clearTimeout(timer);
  }
}
