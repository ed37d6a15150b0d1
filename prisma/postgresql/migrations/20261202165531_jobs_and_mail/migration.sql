-- CreateTable
CREATE TABLE "Job" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'created',
    "singletonKey" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL,
    "runAt" TIMESTAMP(3) NOT NULL,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "output" TEXT,
    "traceContext" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "Job_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MailDelivery" (
    "key" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "response" TEXT NOT NULL,
    "sentAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MailDelivery_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "Job_state_runAt_idx" ON "Job"("state", "runAt");

-- CreateIndex
CREATE INDEX "Job_name_singletonKey_idx" ON "Job"("name", "singletonKey");

-- CreateIndex
CREATE INDEX "MailDelivery_sentAt_idx" ON "MailDelivery"("sentAt");

-- Constraints Prisma cannot declare: the states the runner knows, and at least one attempt.
ALTER TABLE "Job" ADD CONSTRAINT "Job_state_check" CHECK ("state" IN ('created', 'retry', 'active', 'completed', 'failed'));
ALTER TABLE "Job" ADD CONSTRAINT "Job_maxAttempts_check" CHECK ("maxAttempts" >= 1);
