-- CreateIndex
-- NULLS LAST by hand: the "latest runs" queries order by "startTime" DESC NULLS LAST, "id" DESC, and a plain DESC
-- index on PostgreSQL puts NULLs first, so it could not serve them (prisma/schema.prisma cannot say NULLS LAST).
CREATE INDEX "PipelineRun_componentId_latest_idx" ON "PipelineRun"("componentId", "startTime" DESC NULLS LAST, "id" DESC);
