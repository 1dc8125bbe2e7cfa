-- CreateTable
CREATE TABLE "RunSnapshot" (
    "pipelineRunId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "version" INTEGER NOT NULL,
    "data" BLOB NOT NULL,
    "updatedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RunSnapshot_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlannedPayload" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "componentId" INTEGER NOT NULL,
    "uploadId" INTEGER,
    "arch" TEXT NOT NULL,
    "bytes" REAL NOT NULL,
    "source" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "takenAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlannedPayload_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlannedPayload_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- AlterTable (a plain ADD COLUMN: rebuilding PipelineRun would rewrite every row of a large database)
ALTER TABLE "PipelineRun" ADD COLUMN "notes" TEXT NOT NULL DEFAULT '[]';


-- CreateIndex
CREATE UNIQUE INDEX "PlannedPayload_componentId_source_arch_key" ON "PlannedPayload"("componentId", "source", "arch");
