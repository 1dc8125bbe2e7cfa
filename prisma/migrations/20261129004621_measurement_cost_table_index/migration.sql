-- CreateIndex
CREATE INDEX "Measurement_componentId_pipelineRunId_arch_phase_source_seconds_bytes_idx" ON "Measurement"("componentId", "pipelineRunId", "arch", "phase", "source", "seconds", "bytes");
