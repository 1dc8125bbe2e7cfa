// What every start does before serving: apply pending migrations, then, on an empty database,
// load the demo data (the seed issue's timing tables) unless DEMO_DATA=off.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "../config/env";
import { parseManualTables } from "../ingest/manual-table";
import { createDb, type Db } from "../db/connect";
import { parseDatabaseUrl } from "../db/database-url";
import { migrate, migrationsDir } from "../db/migrate";
import { storeManualTables } from "../db/store-manual-tables";

export const DEMO_FILE = path.join("prisma", "demo", "build-definitions-1275.md");

export interface BootstrapResult {
  migrationsApplied: string[];
  demo: "loaded" | "skipped-not-empty" | "skipped-off";
  summary: string;
}

/** Loads the demo tables when the database holds no component yet. Idempotent (keyed on the file's sha256). */
export async function loadDemoIfEmpty(db: Db, projectRoot: string): Promise<boolean> {
  if ((await db.component.count()) > 0) return false;
  const text = readFileSync(path.join(projectRoot, DEMO_FILE), "utf8");
  const sha256 = createHash("sha256").update(text).digest("hex");
  const result = await storeManualTables(
    db,
    { filename: path.basename(DEMO_FILE), sha256, bytes: Buffer.byteLength(text) },
    parseManualTables(text),
  );
  return result.status === "ingested";
}

export async function bootstrapDatabase(env: Env, projectRoot: string): Promise<BootstrapResult> {
  const target = parseDatabaseUrl(env.DATABASE_URL, projectRoot);
  const migrated = await migrate(target, migrationsDir(target.kind, projectRoot));
  let demo: BootstrapResult["demo"] = "skipped-off";
  if (env.DEMO_DATA === "auto") {
    const { db } = createDb(target);
    try {
      demo = (await loadDemoIfEmpty(db, projectRoot)) ? "loaded" : "skipped-not-empty";
    } finally {
      await db.$disconnect();
    }
  }
  const demoText = {
    loaded: "demo data loaded (flatpak-runtime, flatpak-sdk)",
    "skipped-not-empty": "database already has data",
    "skipped-off": "demo data off (DEMO_DATA=off)",
  }[demo];
  return {
    migrationsApplied: migrated.applied,
    demo,
    summary: `${target.kind}: ${migrated.applied.length} migration(s) applied, ${migrated.alreadyApplied} already applied; ${demoText}`,
  };
}
