-- AlterTable
ALTER TABLE "Upload" ADD COLUMN     "storedRuns" TEXT NOT NULL DEFAULT '[]';
