-- CreateTable
CREATE TABLE "ComponentSummary" (
    "componentId" INTEGER NOT NULL,
    "key" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "current" TEXT NOT NULL,
    "recommended" TEXT NOT NULL,
    "savingsWallS" DOUBLE PRECISION NOT NULL,
    "confidence" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ComponentSummary_pkey" PRIMARY KEY ("componentId")
);

-- AddForeignKey
ALTER TABLE "ComponentSummary" ADD CONSTRAINT "ComponentSummary_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component"("id") ON DELETE CASCADE ON UPDATE CASCADE;
