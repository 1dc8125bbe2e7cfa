// What the model worker (./model-worker.ts) runs: the inline computations of ./get-recommendation.ts and
// ./summary.ts on the worker's own client of the same database (one per database, opened on first use, reading
// in this thread). Only ever loaded inside that worker, where no worker is started, so these run inline.
import { createDb, type Db } from "../db/connect";
import type { DatabaseTarget } from "../db/database-url";
import { computeRecommendation } from "./get-recommendation";
import type { RecommendationQuery } from "./query";
import { computeSummaryHere } from "./summary";

const clients = new Map<string, Db>();

function clientFor(target: DatabaseTarget): Db {
  const key = target.kind === "sqlite" ? `sqlite:${target.file}` : target.url;
  let db = clients.get(key);
  if (!db) {
    db = createDb(target).db;
    clients.set(key, db);
  }
  return db;
}

export function recommendation(
  target: DatabaseTarget,
  componentName: string,
  query: RecommendationQuery,
  options: { backtest?: boolean },
) {
  return computeRecommendation(clientFor(target), componentName, query, options);
}

export function summary(target: DatabaseTarget, componentName: string) {
  return computeSummaryHere(clientFor(target), componentName);
}
