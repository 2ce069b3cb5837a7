-- A reused client id with a different body is refused (409 inbound.id_reused): the hash of the
-- normalized body is stored with the event. Events stored before this have none and are not compared.
ALTER TABLE "InboundEvent" ADD COLUMN "bodyHash" TEXT;
