// Generates both Prisma clients (SQLite and PostgreSQL) after `npm ci`, offline.
// Prisma's CLI tries to download its native schema engine before any command; `generate` never runs
// it, so pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import { derivePostgresSchema, POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH } from "../lib/db/schema-sync";

const root = path.resolve(import.meta.dirname, "..");
const postgresSchema = derivePostgresSchema(readFileSync(path.join(root, SQLITE_SCHEMA_PATH), "utf8"));
mkdirSync(path.dirname(path.join(root, POSTGRES_SCHEMA_PATH)), { recursive: true });
writeFileSync(path.join(root, POSTGRES_SCHEMA_PATH), postgresSchema);

const prismaBin = path.join(root, "node_modules", "prisma", "build", "index.js");
for (const schema of [SQLITE_SCHEMA_PATH, POSTGRES_SCHEMA_PATH]) {
  execFileSync(process.execPath, [prismaBin, "generate", "--schema", schema], {
    cwd: root,
    stdio: "inherit",
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
}
