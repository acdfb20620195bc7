-- CreateTable
CREATE TABLE "pending_uploads" (
    "channel" TEXT NOT NULL,
    "chat_id" TEXT NOT NULL,
    "pending" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "pending_uploads_pkey" PRIMARY KEY ("channel","chat_id")
);
