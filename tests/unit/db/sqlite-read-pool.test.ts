// Which statements the SQLite read pool takes (lib/db/sqlite-read-pool.ts): plain reads only; anything that may
// write stays on the main connection (and inside a transaction everything does, which the adapter never routes).
import { describe, expect, it } from "vitest";
import { isPlainRead, isSharedFile } from "@/lib/db/sqlite-read-pool";

describe("isPlainRead", () => {
  it("takes SELECTs and WITH … SELECT, never a statement that writes", () => {
    expect(isPlainRead('SELECT "id" FROM "Component" WHERE "updatedAt" > ?')).toBe(true);
    expect(isPlainRead("  \n with x as (select 1) select * from x")).toBe(true);
    expect(isPlainRead('INSERT INTO "Component" ("name") VALUES (?) RETURNING "id"')).toBe(false);
    expect(isPlainRead('UPDATE "Component" SET "dataVersion" = "dataVersion" + 1')).toBe(false);
    expect(isPlainRead('WITH x AS (SELECT 1) DELETE FROM "Component"')).toBe(false);
    expect(isPlainRead("PRAGMA journal_mode")).toBe(false);
    expect(isPlainRead("BEGIN")).toBe(false);
  });

  it("pools only files other connections can open", () => {
    expect(isSharedFile("/tmp/x.db")).toBe(true);
    expect(isSharedFile(":memory:")).toBe(false);
    expect(isSharedFile("")).toBe(false);
  });
});
