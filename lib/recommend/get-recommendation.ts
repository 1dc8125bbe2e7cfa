// A component's recommendation: its measured inputs (./get-inputs) through the pure model (lib/model), remembered per
// data state. The answer depends on the component's data and, through pooled rates, on the other components' runs:
// the component's data state (lib/db/data-version.ts componentDataState: its dataVersion and the database's data
// signature) names both, so an answer remembered under the current state is the answer a fresh computation gives.
// The API route and the component page share it (docs/measurements.md "Remembered answers").
import type { Db } from "../db/connect";
import { componentDataState } from "../db/data-version";
import { recommend, type Recommendation } from "../model/recommend";
import { getModelInputs } from "./get-inputs";
import { inModelWorker } from "./model-worker";
import type { RecommendationQuery } from "./query";

/** Answers kept per database, most recently used last; each is one component × query × state (~0.1–1 MB). */
const REMEMBERED = 32;
const memo = new WeakMap<Db, Map<string, Promise<Recommendation | null>>>();

/** The computation itself, in this thread (the model worker's entry calls it too). */
export async function computeRecommendation(
  db: Db,
  componentName: string,
  query: RecommendationQuery,
  options: { backtest?: boolean },
): Promise<Recommendation | null> {
  const inputs = await getModelInputs(db, componentName, query.filters);
  return inputs && recommend(inputs, query.settings, options);
}

/** In the model worker when the server runs one (./model-worker.ts), else here: the same answer. */
function compute(
  db: Db,
  componentName: string,
  query: RecommendationQuery,
  options: { backtest?: boolean },
): Promise<Recommendation | null> {
  const backtest = options.backtest === undefined ? {} : { backtest: options.backtest };
  return inModelWorker<Recommendation | null>(db, "recommendation", [componentName, query, backtest], () =>
    computeRecommendation(db, componentName, query, options),
  );
}

/**
 * Returns null when the component does not exist. The same answer object may be handed to several callers: read
 * it, never change it. A computation under way is shared by the requests that ask meanwhile; one that fails is
 * forgotten.
 */
export async function getRecommendation(
  db: Db,
  componentName: string,
  query: RecommendationQuery = { settings: {}, filters: {} },
  /** remember: false computes without keeping the answer (the stored summaries' refresh: 50 answers read once). */
  options: { backtest?: boolean; remember?: boolean } = {},
): Promise<Recommendation | null> {
  if (options.remember === false) return compute(db, componentName, query, options);
  // Read before computing: a write landing meanwhile can only make the key older than the answer, never newer.
  const state = await componentDataState(db, componentName);
  if (state === null) return null;
  const key = JSON.stringify([componentName, state, query, options.backtest !== false]);
  const answers = memo.get(db) ?? new Map<string, Promise<Recommendation | null>>();
  memo.set(db, answers);
  let answer = answers.get(key);
  if (answer) {
    answers.delete(key);
  } else {
    answer = compute(db, componentName, query, options);
    answer.catch(() => answers.delete(key));
  }
  answers.set(key, answer);
  if (answers.size > REMEMBERED) answers.delete(answers.keys().next().value!);
  return answer;
}
