-- DropIndex: the cost table reads RunPhase now.
DROP INDEX "Measurement_componentId_pipelineRunId_arch_phase_source_seconds_bytes_idx";

-- CreateTable
CREATE TABLE "RunPhase" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "componentId" INTEGER NOT NULL,
    "pipelineRunId" INTEGER NOT NULL,
    "sortTime" DATETIME NOT NULL,
    "arch" TEXT NOT NULL,
    "phase" TEXT NOT NULL,
    "seconds" REAL,
    "bytes" REAL,
    "sources" TEXT NOT NULL,
    CONSTRAINT "RunPhase_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "RunPhase_pipelineRunId_fkey" FOREIGN KEY ("pipelineRunId") REFERENCES "PipelineRun" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

-- Backfill: one row per stored run, arch and phase (lib/measure/run-phases.ts writes them from now on).
INSERT INTO "RunPhase" ("componentId", "pipelineRunId", "sortTime", "arch", "phase", "seconds", "bytes", "sources")
SELECT m."componentId", m."pipelineRunId", COALESCE(r."startTime", r."createdAt"), m."arch", m."phase",
       AVG(m."seconds"), AVG(m."bytes"),
       (SELECT GROUP_CONCAT(label, char(10)) FROM (
          SELECT DISTINCT CASE WHEN x."source" = 'manual-table' THEN x."sourceDetail" ELSE x."source" END AS label
          FROM "Measurement" x
          WHERE x."pipelineRunId" = m."pipelineRunId" AND x."arch" = m."arch" AND x."phase" = m."phase"
          ORDER BY label))
FROM "Measurement" m
JOIN "PipelineRun" r ON r."id" = m."pipelineRunId"
GROUP BY m."componentId", m."pipelineRunId", r."startTime", r."createdAt", m."arch", m."phase";
