-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_PipelineRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "uid" TEXT,
    "name" TEXT NOT NULL,
    "namespace" TEXT,
    "origin" TEXT NOT NULL,
    "componentId" INTEGER NOT NULL,
    "uploadId" INTEGER,
    "eventType" TEXT,
    "commitSha" TEXT,
    "branch" TEXT,
    "targetBranch" TEXT,
    "startTime" DATETIME,
    "completionTime" DATETIME,
    "status" TEXT NOT NULL,
    "strategy" TEXT NOT NULL DEFAULT 'unknown',
    "strategyReason" TEXT,
    "hazards" TEXT NOT NULL DEFAULT '[]',
    "platforms" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PipelineRun_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PipelineRun_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_PipelineRun" ("branch", "commitSha", "completionTime", "componentId", "createdAt", "eventType", "id", "name", "namespace", "origin", "platforms", "startTime", "status", "strategy", "strategyReason", "uid", "uploadId") SELECT "branch", "commitSha", "completionTime", "componentId", "createdAt", "eventType", "id", "name", "namespace", "origin", "platforms", "startTime", "status", "strategy", "strategyReason", "uid", "uploadId" FROM "PipelineRun";
DROP TABLE "PipelineRun";
ALTER TABLE "new_PipelineRun" RENAME TO "PipelineRun";
CREATE UNIQUE INDEX "PipelineRun_uid_key" ON "PipelineRun"("uid");
CREATE INDEX "PipelineRun_componentId_startTime_idx" ON "PipelineRun"("componentId", "startTime");
CREATE INDEX "PipelineRun_startTime_idx" ON "PipelineRun"("startTime");
CREATE TABLE "new_TaskRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pipelineRunId" INTEGER NOT NULL,
    "uid" TEXT,
    "name" TEXT NOT NULL,
    "pipelineTaskName" TEXT,
    "taskName" TEXT,
    "arch" TEXT,
    "archEvidence" TEXT,
    "role" TEXT NOT NULL DEFAULT 'other',
    "platform" TEXT,
    "startTime" DATETIME,
    "completionTime" DATETIME,
    "status" TEXT NOT NULL,
    "queueSeconds" REAL,
    CONSTRAINT "TaskRun_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_TaskRun" ("arch", "completionTime", "id", "name", "pipelineRunId", "pipelineTaskName", "platform", "queueSeconds", "startTime", "status", "taskName") SELECT "arch", "completionTime", "id", "name", "pipelineRunId", "pipelineTaskName", "platform", "queueSeconds", "startTime", "status", "taskName" FROM "TaskRun";
DROP TABLE "TaskRun";
ALTER TABLE "new_TaskRun" RENAME TO "TaskRun";
CREATE INDEX "TaskRun_pipelineRunId_idx" ON "TaskRun"("pipelineRunId");
CREATE TABLE "new_Upload" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sha256" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "bytes" REAL NOT NULL,
    "status" TEXT NOT NULL,
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "format" TEXT NOT NULL DEFAULT 'plain',
    "files" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Upload" ("bytes", "createdAt", "filename", "id", "sha256", "status", "warnings") SELECT "bytes", "createdAt", "filename", "id", "sha256", "status", "warnings" FROM "Upload";
DROP TABLE "Upload";
ALTER TABLE "new_Upload" RENAME TO "Upload";
CREATE UNIQUE INDEX "Upload_sha256_key" ON "Upload"("sha256");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
