-- CreateTable
CREATE TABLE "RunDeletions" (
    "id" INTEGER NOT NULL,
    "deleted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RunDeletions_pkey" PRIMARY KEY ("id")
);

-- The one row, and the trigger that counts every statement deleting runs (by the app, a cascade or anyone else).
INSERT INTO "RunDeletions" ("id", "deleted") VALUES (1, 0);
CREATE FUNCTION "count_run_deletions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE "RunDeletions" SET "deleted" = "deleted" + 1 WHERE "id" = 1;
    RETURN NULL;
END;
$$;
CREATE TRIGGER "PipelineRun_count_deletions" AFTER DELETE ON "PipelineRun"
    FOR EACH STATEMENT EXECUTE FUNCTION "count_run_deletions"();
