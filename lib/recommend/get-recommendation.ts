// A component's recommendation: its measured inputs (./get-inputs) through the pure model (lib/model).
import type { Db } from "../db/connect";
import { recommend, type Recommendation } from "../model/recommend";
import { getModelInputs } from "./get-inputs";
import type { RecommendationQuery } from "./query";

/** Returns null when the component does not exist. */
export async function getRecommendation(
  db: Db,
  componentName: string,
  query: RecommendationQuery = { settings: {}, filters: {} },
  options: { backtest?: boolean } = {},
): Promise<Recommendation | null> {
  const inputs = await getModelInputs(db, componentName, query.filters);
  return inputs && recommend(inputs, query.settings, options);
}
