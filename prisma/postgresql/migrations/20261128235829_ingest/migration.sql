-- AlterTable
ALTER TABLE "PipelineRun" ADD COLUMN     "hazards" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "targetBranch" TEXT;

-- AlterTable
ALTER TABLE "TaskRun" ADD COLUMN     "archEvidence" TEXT,
ADD COLUMN     "role" TEXT NOT NULL DEFAULT 'other',
ADD COLUMN     "uid" TEXT;

-- AlterTable
ALTER TABLE "Upload" ADD COLUMN     "files" TEXT NOT NULL DEFAULT '[]',
ADD COLUMN     "format" TEXT NOT NULL DEFAULT 'plain';
