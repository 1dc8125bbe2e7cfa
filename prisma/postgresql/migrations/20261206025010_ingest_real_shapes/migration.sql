-- AlterTable
ALTER TABLE "PipelineRun" ADD COLUMN     "notes" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "RunSnapshot" (
    "pipelineRunId" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "RunSnapshot_pkey" PRIMARY KEY ("pipelineRunId")
);

-- CreateTable
CREATE TABLE "PlannedPayload" (
    "id" SERIAL NOT NULL,
    "componentId" INTEGER NOT NULL,
    "uploadId" INTEGER,
    "arch" TEXT NOT NULL,
    "bytes" DOUBLE PRECISION NOT NULL,
    "source" TEXT NOT NULL,
    "file" TEXT NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PlannedPayload_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PlannedPayload_componentId_source_arch_key" ON "PlannedPayload"("componentId", "source", "arch");

-- AddForeignKey
ALTER TABLE "RunSnapshot" ADD CONSTRAINT "RunSnapshot_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedPayload" ADD CONSTRAINT "PlannedPayload_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedPayload" ADD CONSTRAINT "PlannedPayload_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload"("id") ON DELETE SET NULL ON UPDATE CASCADE;
