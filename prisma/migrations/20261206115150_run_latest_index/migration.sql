-- CreateIndex
CREATE INDEX "PipelineRun_componentId_latest_idx" ON "PipelineRun"("componentId", "startTime" DESC, "id" DESC);
