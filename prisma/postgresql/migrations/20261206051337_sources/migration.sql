-- CreateTable
CREATE TABLE "Source" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "namespace" TEXT NOT NULL,
    "labelSelector" TEXT,
    "component" TEXT,
    "since" TIMESTAMP(3) NOT NULL,
    "intervalMinutes" INTEGER,
    "tokenFile" TEXT,
    "tokenEnv" TEXT,
    "caFile" TEXT,
    "insecureSkipTlsVerify" BOOLEAN NOT NULL DEFAULT false,
    "cursor" TEXT,
    "lastSyncAt" TIMESTAMP(3),
    "lastStatus" TEXT NOT NULL DEFAULT 'never',
    "lastError" TEXT,
    "runsAdded" INTEGER NOT NULL DEFAULT 0,
    "runsUpdated" INTEGER NOT NULL DEFAULT 0,
    "progress" TEXT,
    "leaseOwner" TEXT,
    "leaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);
