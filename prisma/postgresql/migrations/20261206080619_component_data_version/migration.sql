-- AlterTable
ALTER TABLE "Component" ADD COLUMN     "dataVersion" INTEGER NOT NULL DEFAULT 0;
