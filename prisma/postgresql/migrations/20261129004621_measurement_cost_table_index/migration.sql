-- CreateIndex
CREATE INDEX "Measurement_componentId_pipelineRunId_arch_phase_source_sec_idx" ON "Measurement"("componentId", "pipelineRunId", "arch", "phase", "source", "seconds", "bytes");
