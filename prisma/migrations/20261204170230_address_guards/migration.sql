-- CreateTable
CREATE TABLE "address_attempts" (
    "id" BIGSERIAL NOT NULL,
    "address_key" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "address_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "address_locks" (
    "address_key" TEXT NOT NULL,
    "locked_at" TIMESTAMPTZ(3) NOT NULL,
    "locked_until" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "address_locks_pkey" PRIMARY KEY ("address_key")
);

-- CreateTable
CREATE TABLE "address_moves" (
    "id" UUID NOT NULL,
    "address_key" TEXT NOT NULL,
    "holder_id" UUID NOT NULL,
    "requester_id" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "refusal_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "resolved_at" TIMESTAMPTZ(3),

    CONSTRAINT "address_moves_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "address_attempts_address_key_kind_at_idx" ON "address_attempts"("address_key", "kind", "at");

-- CreateIndex
CREATE INDEX "address_attempts_kind_at_idx" ON "address_attempts"("kind", "at");

-- CreateIndex
CREATE INDEX "address_moves_address_key_status_idx" ON "address_moves"("address_key", "status");

-- CreateIndex
CREATE INDEX "address_moves_holder_id_status_idx" ON "address_moves"("holder_id", "status");

-- CreateIndex
CREATE INDEX "address_moves_channel_chat_id_status_idx" ON "address_moves"("channel", "chat_id", "status");
