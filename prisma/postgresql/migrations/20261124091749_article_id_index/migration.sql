-- CreateIndex
CREATE INDEX "Article_id_idx" ON "Article"("id");
