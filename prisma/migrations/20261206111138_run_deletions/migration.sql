-- CreateTable
CREATE TABLE "RunDeletions" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "deleted" INTEGER NOT NULL DEFAULT 0
);

-- The one row, and the trigger that counts every deleted run (by the app, a cascade or anyone else).
INSERT INTO "RunDeletions" ("id", "deleted") VALUES (1, 0);
CREATE TRIGGER "PipelineRun_count_deletions" AFTER DELETE ON "PipelineRun"
BEGIN
    UPDATE "RunDeletions" SET "deleted" = "deleted" + 1 WHERE "id" = 1;
END;
