-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'created',
    "singletonKey" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "runAt" DATETIME NOT NULL,
    "lockedUntil" DATETIME,
    "lastError" TEXT,
    "output" TEXT,
    "traceContext" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    -- Constraints Prisma cannot declare: the states the runner knows, and at least one attempt.
    CONSTRAINT "Job_state_check" CHECK ("state" IN ('created', 'retry', 'active', 'completed', 'failed')),
    CONSTRAINT "Job_maxAttempts_check" CHECK ("maxAttempts" >= 1)
);

-- CreateTable
CREATE TABLE "MailDelivery" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "messageId" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "sentAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");

-- CreateIndex
CREATE INDEX "Job_name_singletonKey_idx" ON "Job"("name", "singletonKey");

-- CreateIndex
CREATE INDEX "MailDelivery_sentAt_idx" ON "MailDelivery"("sentAt");
