-- DropIndex: the cost table reads RunPhase now.
DROP INDEX "Measurement_componentId_pipelineRunId_arch_phase_source_sec_idx";

-- CreateTable
CREATE TABLE "RunPhase" (
    "id" SERIAL NOT NULL,
    "componentId" INTEGER NOT NULL,
    "pipelineRunId" INTEGER NOT NULL,
    "sortTime" TIMESTAMP(3) NOT NULL,
    "arch" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "seconds" DOUBLE PRECISION,
    "bytes" DOUBLE PRECISION,
    "sources" TEXT NOT NULL,

    CONSTRAINT "RunPhase_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "RunPhase_componentId_arch_phase_sources_seconds_bytes_idx" ON "RunPhase"("componentId", "arch", "phase", "sources", "seconds", "bytes");

-- CreateIndex
CREATE INDEX "RunPhase_componentId_arch_phase_seconds_pipelineRunId_idx" ON "RunPhase"("componentId", "arch", "phase", "seconds", "pipelineRunId");

-- CreateIndex
CREATE INDEX "RunPhase_componentId_arch_phase_bytes_pipelineRunId_idx" ON "RunPhase"("componentId", "arch", "phase", "bytes", "pipelineRunId");

-- CreateIndex
CREATE INDEX "RunPhase_componentId_arch_phase_sortTime_pipelineRunId_idx" ON "RunPhase"("componentId", "arch", "phase", "sortTime", "pipelineRunId");

-- CreateIndex
CREATE UNIQUE INDEX "RunPhase_pipelineRunId_arch_phase_key" ON "RunPhase"("pipelineRunId", "arch", "phase");

-- AddForeignKey
ALTER TABLE "RunPhase" ADD CONSTRAINT "RunPhase_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunPhase" ADD CONSTRAINT "RunPhase_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Backfill: one row per stored run, arch and phase (lib/measure/run-phases.ts writes them from now on).
INSERT INTO "RunPhase" ("componentId", "pipelineRunId", "sortTime", "arch", "phase", "seconds", "bytes", "sources")
SELECT m."componentId", m."pipelineRunId", COALESCE(r."startTime", r."createdAt"), m."arch", m."phase",
       AVG(m."seconds"), AVG(m."bytes"),
       STRING_AGG(DISTINCT CASE WHEN m."source" = 'manual-table' THEN m."sourceDetail" ELSE m."source" END, E'\n'
                  ORDER BY CASE WHEN m."source" = 'manual-table' THEN m."sourceDetail" ELSE m."source" END)
FROM "Measurement" m
JOIN "PipelineRun" r ON r."id" = m."pipelineRunId"
GROUP BY m."componentId", m."pipelineRunId", r."startTime", r."createdAt", m."arch", m."phase";
