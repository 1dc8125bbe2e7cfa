-- CreateTable
CREATE TABLE "Component" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "application" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Component_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Upload" (
    "id" SERIAL NOT NULL,
    "sha256" TEXT NOT NULL,
    "filename" TEXT NOT NULL,
    "bytes" DOUBLE PRECISION NOT NULL,
    "status" TEXT NOT NULL,
    "warnings" TEXT NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PipelineRun" (
    "id" SERIAL NOT NULL,
    "uid" TEXT,
    "name" TEXT NOT NULL,
    "namespace" TEXT,
    "origin" TEXT NOT NULL,
    "componentId" INTEGER NOT NULL,
    "uploadId" INTEGER,
    "eventType" TEXT,
    "commitSha" TEXT,
    "branch" TEXT,
    "startTime" TIMESTAMP(3),
    "completionTime" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "strategy" TEXT NOT NULL DEFAULT 'unknown',
    "strategyReason" TEXT,
    "platforms" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PipelineRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskRun" (
    "id" SERIAL NOT NULL,
    "pipelineRunId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "pipelineTaskName" TEXT,
    "taskName" TEXT,
    "arch" TEXT,
    "platform" TEXT,
    "startTime" TIMESTAMP(3),
    "completionTime" TIMESTAMP(3),
    "status" TEXT NOT NULL,
    "queueSeconds" DOUBLE PRECISION,

    CONSTRAINT "TaskRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Step" (
    "id" SERIAL NOT NULL,
    "taskRunId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "startTime" TIMESTAMP(3),
    "endTime" TIMESTAMP(3),
    "exitCode" INTEGER,
    "reason" TEXT,

    CONSTRAINT "Step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Measurement" (
    "id" SERIAL NOT NULL,
    "componentId" INTEGER NOT NULL,
    "pipelineRunId" INTEGER NOT NULL,
    "taskRunId" INTEGER,
    "arch" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "seconds" DOUBLE PRECISION,
    "bytes" DOUBLE PRECISION,
    "source" TEXT NOT NULL,
    "sourceDetail" TEXT NOT NULL,
    "locator" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Measurement_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "PipelineRun" ADD CONSTRAINT "PipelineRun_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PipelineRun" ADD CONSTRAINT "PipelineRun_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskRun" ADD CONSTRAINT "TaskRun_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Step" ADD CONSTRAINT "Step_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Measurement" ADD CONSTRAINT "Measurement_taskRunId_fkey" FOREIGN KEY ("taskRunId") REFERENCES "TaskRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;
