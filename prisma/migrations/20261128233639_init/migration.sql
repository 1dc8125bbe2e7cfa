-- CreateTable
CREATE TABLE "Component" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "application" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Upload" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "sha256" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "bytes" REAL NOT NULL,
    "status" TEXT NOT NULL,
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "PipelineRun" (
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
    "startTime" DATETIME,
    "completionTime" DATETIME,
    "status" TEXT NOT NULL,
    "strategy" TEXT NOT NULL DEFAULT 'unknown',
    "strategyReason" TEXT,
    "platforms" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PipelineRun_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PipelineRun_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TaskRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "pipelineRunId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "pipelineTaskName" TEXT,
    "taskName" TEXT,
    "arch" TEXT,
    "platform" TEXT,
    "startTime" DATETIME,
    "completionTime" DATETIME,
    "status" TEXT NOT NULL,
    "queueSeconds" REAL,
    CONSTRAINT "TaskRun_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Step" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "taskRunId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "startTime" DATETIME,
    "endTime" DATETIME,
    "exitCode" INTEGER,
    "reason" TEXT,
    CONSTRAINT "Step_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Measurement" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "componentId" INTEGER NOT NULL,
    "pipelineRunId" INTEGER NOT NULL,
    "taskRunId" INTEGER,
    "arch" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "seconds" REAL,
    "bytes" REAL,
    "source" TEXT NOT NULL,
    "sourceDetail" TEXT NOT NULL,
    "locator" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Measurement_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Measurement_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Measurement_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Component_name_key" ON "Component"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Upload_sha256_key" ON "Upload"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "PipelineRun_uid_key" ON "PipelineRun"("uid");

-- CreateIndex
CREATE INDEX "PipelineRun_componentId_startTime_idx" ON "PipelineRun"("componentId", "startTime");

-- CreateIndex
CREATE INDEX "PipelineRun_startTime_idx" ON "PipelineRun"("startTime");

-- CreateIndex
CREATE INDEX "TaskRun_pipelineRunId_idx" ON "TaskRun"("pipelineRunId");

-- CreateIndex
CREATE INDEX "Step_taskRunId_idx" ON "Step"("taskRunId");

-- CreateIndex
CREATE INDEX "Measurement_componentId_arch_phase_idx" ON "Measurement"("componentId", "arch", "phase");

-- CreateIndex
CREATE INDEX "Measurement_pipelineRunId_idx" ON "Measurement"("pipelineRunId");

-- CreateIndex
CREATE INDEX "Measurement_taskRunId_idx" ON "Measurement"("taskRunId");
