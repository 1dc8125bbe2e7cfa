-- AlterTable (a plain ADD COLUMN: no rebuild of Upload; older uploads keep "[]", read back through PipelineRun.uploadId)
ALTER TABLE "Upload" ADD COLUMN "storedRuns" TEXT NOT NULL DEFAULT '[]';
