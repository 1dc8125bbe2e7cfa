-- AlterTable
ALTER TABLE "Component" ADD COLUMN     "lastRunAt" TIMESTAMP(3),
ADD COLUMN     "runCount" INTEGER NOT NULL DEFAULT 0;

-- Each component's run count and latest startTime, filled from the runs already there, then kept by a row trigger
-- on every insert, delete and move of a run (by the app, a cascade or anyone else). The latest startTime is looked
-- up again on each change: a seek on PipelineRun_componentId_startTime_idx. (A load in session_replication_role =
-- replica skips triggers: cli/seed-large.ts counts again at its end.)
UPDATE "Component" SET
    "runCount" = (SELECT COUNT(*) FROM "PipelineRun" r WHERE r."componentId" = "Component"."id"),
    "lastRunAt" = (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = "Component"."id");
CREATE FUNCTION "component_run_stats"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The ingest's and sync's case: one UPDATE of the component's row.
    IF TG_OP = 'INSERT' THEN
        UPDATE "Component" SET "runCount" = "runCount" + 1, "lastRunAt" =
            (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = NEW."componentId")
        WHERE "id" = NEW."componentId";
        RETURN NULL;
    END IF;
    IF TG_OP = 'DELETE' OR OLD."componentId" <> NEW."componentId" THEN
        UPDATE "Component" SET "runCount" = "runCount" - 1 WHERE "id" = OLD."componentId";
    END IF;
    IF TG_OP = 'UPDATE' AND OLD."componentId" <> NEW."componentId" THEN
        UPDATE "Component" SET "runCount" = "runCount" + 1 WHERE "id" = NEW."componentId";
    END IF;
    UPDATE "Component" SET "lastRunAt" =
        (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = OLD."componentId")
    WHERE "id" = OLD."componentId";
    IF TG_OP = 'UPDATE' THEN
        UPDATE "Component" SET "lastRunAt" =
            (SELECT MAX(r."startTime") FROM "PipelineRun" r WHERE r."componentId" = NEW."componentId")
        WHERE "id" = NEW."componentId";
    END IF;
    RETURN NULL;
END;
$$;
CREATE TRIGGER "PipelineRun_component_stats" AFTER INSERT OR DELETE OR UPDATE OF "componentId", "startTime"
    ON "PipelineRun" FOR EACH ROW EXECUTE FUNCTION "component_run_stats"();
