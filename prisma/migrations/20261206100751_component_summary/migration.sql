-- CreateTable
CREATE TABLE "ComponentSummary" (
    "componentId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "current" TEXT NOT NULL,
    "recommended" TEXT NOT NULL,
    "savingsWallS" REAL NOT NULL,
    "confidence" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "computedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ComponentSummary_componentId_fkey" FOREIGN KEY ("componentId") REFERENCES "Component" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
