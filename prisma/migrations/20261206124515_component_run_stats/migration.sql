-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Component" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "application" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "dataVersion" INTEGER NOT NULL DEFAULT 0,
    "runCount" INTEGER NOT NULL DEFAULT 0,
    "lastRunAt" DATETIME
);
INSERT INTO "new_Component" ("application", "createdAt", "dataVersion", "id", "name") SELECT "application", "createdAt", "dataVersion", "id", "name" FROM "Component";
DROP TABLE "Component";
ALTER TABLE "new_Component" RENAME TO "Component";
CREATE UNIQUE INDEX "Component_name_key" ON "Component"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- Each component's run count and latest startTime, filled from the runs already there, then kept by triggers on
-- every insert, delete and move of a run (by the app, a cascade or anyone else). The latest startTime is looked up
-- again on each change: a seek on PipelineRun_componentId_startTime_idx.
UPDATE "Component" SET
    "runCount" = (SELECT COUNT(*) FROM "PipelineRun" r WHERE r."componentId" = "Component"."id"),
    "lastRunAt" = (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = "Component"."id");
CREATE TRIGGER "PipelineRun_component_stats_insert" AFTER INSERT ON "PipelineRun"
BEGIN
    UPDATE "Component" SET "runCount" = "runCount" + 1,
        "lastRunAt" = (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = NEW."componentId")
    WHERE "id" = NEW."componentId";
END;
CREATE TRIGGER "PipelineRun_component_stats_delete" AFTER DELETE ON "PipelineRun"
BEGIN
    UPDATE "Component" SET "runCount" = "runCount" - 1,
        "lastRunAt" = (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = OLD."componentId")
    WHERE "id" = OLD."componentId";
END;
CREATE TRIGGER "PipelineRun_component_stats_update" AFTER UPDATE OF "componentId", "startTime" ON "PipelineRun"
BEGIN
    UPDATE "Component" SET "runCount" = "runCount" - 1 WHERE "id" = OLD."componentId" AND OLD."componentId" <> NEW."componentId";
    UPDATE "Component" SET "runCount" = "runCount" + 1 WHERE "id" = NEW."componentId" AND OLD."componentId" <> NEW."componentId";
    UPDATE "Component" SET
        "lastRunAt" = (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = "Component"."id")
    WHERE "id" IN (OLD."componentId", NEW."componentId");
END;
