from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "booking_series" (
    "id" UUID NOT NULL PRIMARY KEY,
    "created_at" TIMESTAMPTZ NOT NULL,
    "guest_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE RESTRICT
);
COMMENT ON TABLE "booking_series" IS 'Several stays of one guest at one listing, booked together: all or none.';
        CREATE TABLE IF NOT EXISTS "bookings" (
    "id" UUID NOT NULL PRIMARY KEY,
    "check_in" DATE NOT NULL,
    "check_out" DATE NOT NULL,
    "guests" SMALLINT NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "instant" BOOL NOT NULL,
    "message_to_host" TEXT NOT NULL,
    "special_requests" TEXT NOT NULL,
    "quote" JSONB NOT NULL,
    "cancellation_policy" VARCHAR(20) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "total" INT NOT NULL,
    "starts_at" TIMESTAMPTZ NOT NULL,
    "ends_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "idempotency_key" VARCHAR(100),
    "request_hash" VARCHAR(64),
    "cancel_reason" VARCHAR(20),
    "cancel_note" TEXT NOT NULL,
    "cancelled_by_id" UUID,
    "cancelled_at" TIMESTAMPTZ,
    "refund_total" INT,
    "confirmed_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "guest_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "host_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE RESTRICT,
    "series_id" UUID REFERENCES "booking_series" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_bookings_guest_i_df38e6" UNIQUE ("guest_id", "idempotency_key")
);
CREATE INDEX IF NOT EXISTS "idx_bookings_guest_i_d9bc3a" ON "bookings" ("guest_id", "status", "check_in");
CREATE INDEX IF NOT EXISTS "idx_bookings_host_id_e690d0" ON "bookings" ("host_id", "status", "check_in");
CREATE INDEX IF NOT EXISTS "idx_bookings_listing_afe210" ON "bookings" ("listing_id", "check_in");
CREATE INDEX IF NOT EXISTS "idx_bookings_status_8a5dbc" ON "bookings" ("status", "starts_at");
CREATE INDEX IF NOT EXISTS "idx_bookings_status_266b03" ON "bookings" ("status", "ends_at");
CREATE INDEX IF NOT EXISTS "idx_bookings_status_6cf35a" ON "bookings" ("status", "expires_at");
COMMENT ON COLUMN "bookings"."status" IS 'PENDING: pending\nCONFIRMED: confirmed\nIN_PROGRESS: in_progress\nCOMPLETED: completed\nCANCELLED: cancelled';
COMMENT ON COLUMN "bookings"."cancellation_policy" IS 'FLEXIBLE: flexible\nMODERATE: moderate\nSTRICT: strict';
COMMENT ON COLUMN "bookings"."cancel_reason" IS 'GUEST_CANCELLED: guest_cancelled\nHOST_CANCELLED: host_cancelled\nDECLINED: declined\nEXPIRED: expired\nADMIN: admin';
        CREATE TABLE IF NOT EXISTS "booking_changes" (
    "id" UUID NOT NULL PRIMARY KEY,
    "requested_by_id" UUID NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "old_check_in" DATE NOT NULL,
    "old_check_out" DATE NOT NULL,
    "old_guests" SMALLINT NOT NULL,
    "new_check_in" DATE NOT NULL,
    "new_check_out" DATE NOT NULL,
    "new_guests" SMALLINT NOT NULL,
    "old_total" INT NOT NULL,
    "new_total" INT NOT NULL,
    "new_quote" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "decided_at" TIMESTAMPTZ,
    "booking_id" UUID NOT NULL REFERENCES "bookings" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_booking_cha_booking_3f992c" ON "booking_changes" ("booking_id", "created_at");
COMMENT ON COLUMN "booking_changes"."status" IS 'PENDING: pending\nAPPLIED: applied\nDECLINED: declined\nWITHDRAWN: withdrawn';
COMMENT ON TABLE "booking_changes" IS 'A change of dates or guests: applied at once (instant book) or waiting for the host.';
        CREATE TABLE IF NOT EXISTS "booking_events" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "actor_id" UUID,
    "from_status" VARCHAR(12),
    "to_status" VARCHAR(12) NOT NULL,
    "reason" VARCHAR(40) NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "booking_id" UUID NOT NULL REFERENCES "bookings" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_booking_eve_booking_17fca5" ON "booking_events" ("booking_id", "at");
COMMENT ON COLUMN "booking_events"."from_status" IS 'PENDING: pending\nCONFIRMED: confirmed\nIN_PROGRESS: in_progress\nCOMPLETED: completed\nCANCELLED: cancelled';
COMMENT ON COLUMN "booking_events"."to_status" IS 'PENDING: pending\nCONFIRMED: confirmed\nIN_PROGRESS: in_progress\nCOMPLETED: completed\nCANCELLED: cancelled';
COMMENT ON TABLE "booking_events" IS 'One transition of a booking: who, when, from, to, why. Append-only history.';
-- Hand-written: the booking invariants, enforced by PostgreSQL itself.
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_dates" CHECK ("check_out" > "check_in");
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_guests" CHECK ("guests" >= 1);
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_total" CHECK ("total" >= 0);
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_status" CHECK (
    "status" IN ('pending', 'confirmed', 'in_progress', 'completed', 'cancelled'));
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_cancelled_has_reason" CHECK (
    ("status" = 'cancelled') = ("cancel_reason" IS NOT NULL));
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_pending_expires" CHECK (
    "status" <> 'pending' OR "expires_at" IS NOT NULL);
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_refund" CHECK (
    "refund_total" IS NULL OR "refund_total" BETWEEN 0 AND "total");
-- Only the transitions of models.bookings.TRANSITIONS: no code path can skip or reverse one.
CREATE OR REPLACE FUNCTION "bookings_check_transition"() RETURNS trigger AS $$
BEGIN
    IF NEW."status" <> OLD."status" AND (OLD."status", NEW."status") NOT IN (
        ('pending', 'confirmed'), ('pending', 'cancelled'),
        ('confirmed', 'in_progress'), ('confirmed', 'cancelled'),
        ('in_progress', 'completed'), ('in_progress', 'cancelled')
    ) THEN
        RAISE EXCEPTION 'booking % cannot go from % to %', OLD."id", OLD."status", NEW."status"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER "bookings_transition" BEFORE UPDATE OF "status" ON "bookings"
    FOR EACH ROW EXECUTE FUNCTION "bookings_check_transition"();
-- The history is append-only.
CREATE OR REPLACE FUNCTION "booking_events_append_only"() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'booking events are append-only' USING ERRCODE = 'insufficient_privilege';
END $$ LANGUAGE plpgsql;
CREATE TRIGGER "booking_events_append_only" BEFORE UPDATE OR DELETE ON "booking_events"
    FOR EACH ROW EXECUTE FUNCTION "booking_events_append_only"();
-- At most one change waiting for the host per booking.
CREATE UNIQUE INDEX IF NOT EXISTS "booking_changes_one_pending" ON "booking_changes" ("booking_id")
    WHERE "status" = 'pending';
ALTER TABLE "booking_changes" ADD CONSTRAINT "booking_changes_dates" CHECK (
    "new_check_out" > "new_check_in" AND "new_guests" >= 1);
-- A booked night belongs to a booking that exists.
ALTER TABLE "nights" ADD CONSTRAINT "nights_booking_fk" FOREIGN KEY ("booking_id")
    REFERENCES "bookings" ("id") ON DELETE CASCADE;
CREATE INDEX IF NOT EXISTS "nights_booking_id" ON "nights" ("booking_id") WHERE "booking_id" IS NOT NULL;"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        ALTER TABLE "nights" DROP CONSTRAINT IF EXISTS "nights_booking_fk";
        DROP INDEX IF EXISTS "nights_booking_id";
        DROP TABLE IF EXISTS "booking_events";
        DROP TABLE IF EXISTS "booking_changes";
        DROP TABLE IF EXISTS "bookings";
        DROP TABLE IF EXISTS "booking_series";
        DROP FUNCTION IF EXISTS "bookings_check_transition";
        DROP FUNCTION IF EXISTS "booking_events_append_only";"""


MODELS_STATE = (
    "eJztXWlz27a6/isYfUpm3BxbXpKjOXNmZFtOdCtLPpLctCfusBQJSRhTgMoljm5v//sFuI"
    "gbSBHUYorGl7QG8YLUg+3d378aC6JDw/rQ1jTiYHtMniFutMBfDawuIP0f7vMT0FCXy/Ap"
    "a7DVieESqF5PxWZd3UfqxLJNVbPp06lqWJA26dDSTLS0EWFva4wQnhnwJ8eCAC5UZEAduO"
    "Tgnfsn+A5NNEWayvqfgKVqWS/E1IEJLWi/PwGWTUxKMletOdQ/sFfqRKPvpKPuZXQHoz8d"
    "SH/hDNpzaNJ3fPudNiOswx/QCv5cPitTBA09BifS2QBuu2Kvlm7b42P39s7tyb58omjEcB"
    "Y47L1c2XOC190dB+kfGA17NoMYmqoN9Qi42DEMfzaCJu+LaYNtOnD9qXrYoMOp6hhsihr/"
    "mjpYY1gA903sn4t/+58W6aYo/cFYGXXGitJIzSj7hMQ0+E0awWw1IGwzoP762xs3BMRtbb"
    "AX3HxpD9+dX713ISCWPTPdhy5cjb9dQtVWPVIX9BDlpWNSCpiG+maumh3sLFy4u/RLVKzB"
    "FOwR8gT29NPLoB40hLCHGyEANICsOMiNXzrD7t1vSue+3e21vGW8Utw1/YSHHUb10B6Nvg"
    "6Gty1vNSvB4k7uEf7kNBbqD8WAeGbP6Z/nzZzJ+qU99Oar6c4XofvdOw76/pOm+4hNWzhN"
    "7i5U2MbizxR/U8SpdjNBm7eF+PQU3gNxmK8uCsB8dZEJM3sUh1kzIYNCUe00zLf0iY0WkA"
    "91nDIBte6Tfgj+pzo7ozj09AfqA2ys/CnPgX7cve+Mxu37B/a6hWX9abj4tccd9qTptq4S"
    "re+uEtO0HgR87Y6/APYn+O+g30mecet+4/822Depjk0UTF4UVY+szqA1QC026/DHEtHRSs"
    "x6nLKGs34ksxxgkjvNlKsps7MjZDuYYH89yvndy/yaihjXGCHZJetY3UndwCkyZnz6zGUU"
    "GVRpaO8ow49m+Ge4SvGJCUB96ejRH+Y4IQ1bw61sqi9r6SW6oOhvp78Y2h6P1h7dtG87DR"
    "fhiao9v6imrsSgZk9IkyRa1n3TjxbNRbJFxerMBYf9CvbNPupDqBHK9K5u6J8Njswae36S"
    "J7Oafk8KBYWykMyaDbKUDiuw509ypEM2ycJSR4xICh0bhQ7Jl0i+RPIlki95k3zJlE70PF"
    "OXHnu+gS9xewrp0gcYArJU6UQCn9zTdn8AQ2K7Om6wUJ+hBVSgzSm4gEwB5VMWLdowVRfI"
    "WIF3hI5hQcuind+n9el7eYPkmipwIuVxTd7MCR75MaL9HvqHZJ62QViqv6X6uyoXrVR/S/"
    "V3ZWdZqr/l/NID6ju978pMcZxSznKVZxktRTggr/fhPDMa+2LUD6CDMxUqo2LO5smGN05V"
    "O5jPT0+L+LGcnmY7srBnHKSlNkxqw6Q2LKkNc1HnaMGC2cjWfrEfJI1xNVcrue6KItfTmq"
    "B2qo/mZREOgPbKvJncZ/GbKfD4FNYzpQir7ApbGvHLQohf5iB+mUR8ikzLVty/BOCOU9UQ"
    "67NCfNdZDt91lua7DLUE1DGi2vG3e8F5STESwnhNUArfiona+/aDV7/T29FUHFPoIoxT1Q"
    "/ny0IL+TJnIV+mF/IEkTTGY/jD5mPsd6/BIZGnLur8Oo5pigIE3923f30f0xb1Bv3PQfcI"
    "4je9wXXqZMYzh0oEVhrutmmqq6yjOUKVQN1Alr032ENOeuIgw0bY+sDe9xrMNMP32+8JOJ"
    "GlzInF0eNcE2JAFWcIJSFVAswJJdsXmOuWw+J2PRj0Ysv4uptcp4/31x1697lrmnZCnoDc"
    "7Y/TaKv6AmFxuNdkEm9BvOnu+85hMTYCvqY7IOKBjHi0gLtCtOIFvpayrnAHkEaWKhtZbG"
    "IvFQtqJhQyByTI6sdn7t7uYr8QZUoPJmIqEDMIyuywzEHkLqv8LnM1DJYNOWbNazTr4gxp"
    "I02bmGuEi3DAFZtd+rn0Pz/9s9k8P//YPD2/+nR58fHj5afTT7Sv+8HpRx/zrsHuZ3ahxW"
    "Y4fcNJr6/sCamv15ez1EvOepxSznpVZp1z6LpfnzIXZ1s3I4q2VG6axOHs09/9PISG68nO"
    "WQwZGXGObDlkWZUT3lfJuMjyeCWjMeuJVzJeYxu84lEidcSLqdjoIFsi1fNGqStIdIjllg"
    "hdE/JcY4RYbiPzu4uBBCoPqIn386g4b6Jtz3MfqtF6qLoAtk9nqPYCYmSvGrwMe/6jk9zk"
    "em4nVLUcBTm+ujy3qON31bkoYpq8yLZMXviGyWy/KFGnhhp7jnwqAvanbLA/pazAGoViRs"
    "yVCMBRmhqCvKsVHTkoNMIxoOUcFRr3upHgBuAKiLz7vMNuVPq7dNW8IXhqIPf6SV1mqT65"
    "t5rm92aXsdu9YKh7GwO0WBKTrgoAv0NsA3uu2oAuKQPRruAF2XOggiEhlg183of+HNrVBP"
    "RrDETpmEwKkJ2Oct/14Jwr91tjCqG7ETCazV2Q3DcpDr02f5d+ylXyU17PUFqpmHEhBwR5"
    "usQjPNly4GW6wKSheb2eBW6CGFENfK8O4HRsOYuFKsbQREgkxkUw1qENtXLWhQSpNC9Uxb"
    "xQxKjELmnRvCchiQzuS3qGeupaQUTjVBLU/IjJgK/cMmIyYOPv/OGOE9qNkZOR3cqPnOQs"
    "3x2gWz+7RRLY+KatUlRqbGXnCLDByi8gvLJVJCC40jeAx2HPT44GLPp+MCf0HyolqZgwGZ"
    "GlT8MY0glYS6IUawImBtGe6R+uiGHxRdfdDs8VXiM7gQWhSIG1WgJr5RXIxxwQJxirtU2Q"
    "VtUO/4SkdVoIXtYtW9Y6zYjstFb0Ai0jb6WppddsdRy40iKW7/Sq2g7HKr0hkjckO+DRta"
    "R3vn/3HeIEK3SA5Zxf3N0FTZNw8qpsgHtNVbuLYi8Bp9IPORv9+qqMpI5j/zoOKYgfShCP"
    "ls6IGGjL+47xzMM1QT52DHgS9HZY9QM74lFyp4d1rws2MkehE9nj2bqcqD/yXr3rvjVYXL"
    "6/HSMX/e9SafKqShMb2YaQ1mRNUEPR/qxZSO5o5ggezRQ/HP2yFM7ZiVgSZDWQPQ6dkMUy"
    "HA6vlOMe4Pevne/u2VWhZX2Vs6yv0gmyTLKEpr3ycOLCXKDudHKQAy5zdama9sJP+iswCY"
    "32Q3s4vu/0xy2wHuMJfxk8jjotMCeOBZ/wL91er90C3xH9yCc8Gj/edgctYNmOjsgT7g3u"
    "KLFBppTupn3d7beApk4Qpn8NxuP2ZzqORmybXvlP+PMjFc38wWcOtGz/DePB177fbJMX7L"
    "deP/Y/t3uDry0wcfBMNcgL7dnt/6Z8GdyzngivFGYUecJ37eG9QoW+3xg45oIplVaUftCm"
    "XzYhKv2yx373P48dv49/w7NeSetLMaVpIZVpjsI0uf5MQhZbrb3YAAdcd3S1IBMqS0Ndf1"
    "ThpUcXXXfYUR567Rs6m9GRnvDDsPtLe9xRhoPBfQssTfSdfrnCfiVdgBTEzq3/yKLwUOaL"
    "PanGVKq6ThkWIT1ohKQGN+MBXLkwpFLVhJhzQoQ8E5N0tUN7L8YyzY9rKhxq4feX6BZB14"
    "QzLjOdjW9IIREutH5ZoL9gtFBIUjuMi+Q/zU5/msp+yna78gyFT4iAZl/4phUcR7yEoxeX"
    "KNg82tot6j2lp7YRFXI4TPmdQYWKLCtrSJSAecqojlYXzA0ZGTxe9zrgYdi56Y66g37cku"
    "c+ZE1hLsNhp91LokzwrATMUSqJcwGcmZlZ+V/BROAxogOeGo/jm8McHLtPH8iGd3UbHBlw"
    "tFANIzOBXJyyVPK4Umif7QtpL3XcefPj1TpZHPsjLz3c6L7d66XzwU2gzkR8YUijdIcD9P"
    "QoAC0DplyZKSBVe56xNG+hhiigGWBG6ZLuQR7hB3+AY0M37yKjFxjF8d35STLLcTSOPqFR"
    "i2ZNiSOck4s+RiVz0cey6LHK7RNkcPU6eZAmKSWsIayuzUIxHYO3TrMtowmyGghmh7aMan"
    "OoPSsIK1PTswEU1kIkCQ8I/tll6/T0MBxuEf17tvY9pXtfo+ZgW6z0W5qyftnI9wI2cWwl"
    "cBIWAztKecjVfXasqxu5BlZbYRlh0nDnV7NIkMoSIgIVLRb0WMhyt9wgNMcopWiS0ESUBD"
    "VGeThQz68uqw+rxjwwDM/xV1kSA2kZ+vjNbhsZQx3wqGZutKafykjEeeOu1/m1e93r0EEN"
    "+APRT3jC94PbzrA9pm3BqMxbaNi9GTNvIdP3FH99Fw3NMU2Is2Yt4z6N0BxSDzq6Pcw9el"
    "4A5PPsoogpgxU7PIyVsqSzzuFbMg+eFF1tlHbNs4uPF5/Ory7Wx8+6Je8M4hw/jAVh0SBT"
    "KIJskkwCmwT2BcJnuvR0ZHllBpYaJ+gv/97MGKI2WO+EKyHYnm+Jc9YYEuioy3hOQPZm1u"
    "RV4rJ1U50KuzDfDtvMA9mlfcIPj9e97uhL57YFls7EQNYc6sz9lzaOWaODmdqQtY0eRw+d"
    "/i1rtByLhYR7yWIqwKAESWnsoHxEYTYlRXmoAICIgtaP2QrCsT78y1AXE1399950tfs26a"
    "4XUok48CStzGRR5UwWXmBtuRyRUUo5y1WeZZnVIfsorW9WB1ldrm6zztnsqSD+SKR20fDr"
    "CInM4pGfxYNf1V44hcejBY8x4Lpo/o7Igool7xh2PPVowewd3DoLCQuVTOOROgHSKT63x6"
    "xmKXXj0s6c2GQ3Rf0e2FB1xemQ6WGOEiALqhbBqqGwH7YlUCN/rOFRl90oVN9PFkGURRCr"
    "n6XJO9qzUzWtj/6N+ZqU8MLZc9amRIY+YiF3WJm2af8yxAnITtu0nogU1vlWoCidtPzEON"
    "6MDE15hoM6ZWdK+DYUCg49zwkOPU8HhyJLcSuic26gXC/BCJn0EBTwEDxCa+bSJG7AhHCi"
    "6cbDcHDTGY26/c8s+U0wyhMedtq3v7UA09atWNajbo9ZL6cqMsqZLs+KJAM4y84GcJZKB+"
    "AsDaIKx6jHqWqYjK9ZNM1+Xpb9JNbERDPE5CtBtJN09XPD3wvchmrOoCjWMSIJdCGgLcb1"
    "iQIdI5JAFwL6Bel08BTI2e5tQf9S3HbV8N2x++Ac8mvMZqIZEkg403AKl7eob2WLvcgv0g"
    "ciG/3jtIbLyhbVsInLyhZ1KDHpWeY4+u21yS5bsR1aBgsUk/QKNQJ7rtoAWQATG0xNCFvA"
    "S1kM3vkYnXgd34OF+gwt8OCtydF/esCEU8eCQAUWpIDrQDNUtODUldznmzaVmHRH3K7I5D"
    "WaZfJS3JOJw0f5a3A7nfv+uah/Npvn5x+bp+dXny4vPn68/HS6ZqfSj/L4quvuZ8Zaxa6b"
    "gNfKKT7J52QZW5ATtrWJGzjeY4yHLLvNEyzVM/3KsgrKgLbKuq/GdW9w8zPTOPo1Zp9w9/"
    "5hMHTjKoIitCzt+sDrRMhzSbXkzivmBVZjMb4nTrUF31MxWW0bM56UIN62BBGptl50G0VI"
    "5B76W8pjUh47ankseRrsAFhBt9pqHgUbwY2cg1WSdEdQNbV5j3AL74UPT/IkXsvtphikYP"
    "W9xgBD4BGdUKlSI6YOdaCymt9zk2DiWMYKTIkJ6EcbKxtpVlqeLTfEZj8xKZRWUih1LGgK"
    "3pMREsl4xBmPKTJsaHL8af5nNOhnsHEhSZJlR5oN/g8cOv8ne+1ruDoyiGLceiqNZTJjZW"
    "I+2ACpAn9UehYxdwX9a2ft2kN1NWjR71XcTCEC9tkkWW1cTHeXikhqAN6IBiAlXr0aqxpG"
    "AfG51ViUUC7DmohN2syzupYfCyAMvlGBxrQVtj5PAJVc3P97DzQKNPgjlsPsD/DuzkT/GK"
    "m2Z1SxwB8sSRSj8Z6/TzO2e3yPeJRE+AUyTuKV4yQiU8E9bjMYhRjVmzbQBDtIBL4ozZsG"
    "7whTOh6Ru1vssBZAN0UnfQkrll26mtjuJMxMsv9vhP2XJqs9sHrSZFVzF8IgEwNHUI0kac"
    "iWUaP5IHYbGf+t4dYZZAMjHS6WxGa5zd3omaSLnt81lAb9OMqgmkuD9v8WzXCU1SU+T/Fn"
    "IY0rrVjsYkg8oEwOt/nHEtFt5T6R4umriqfrKeUyAxmMQITmTUtX63o94uj5RG8avnIFV1"
    "+j2OpxsPbHF21fwp2VZf/2Quzp5eLG198M+nfd4T3zXmVJ9pC5cJ1c+8rDcPB52BmNWoAK"
    "hEuTsGPRYv3vH3qdsdd/sXQzANPWdv+m03ND8/0CL1WJzvdrVKXntUhlK8587jNlxeucLb"
    "usaUWXCGUMKeOl8NNkZleF5JDWwM6bJwTvozKktYQaYiYe+GfG9ZA9AzxaOQXCU/CnQ3jq"
    "9mwnkzXB4V1MXufA2YszSZ1KlJW42GVxsmpOTEmPoB3XJrOJrXIK12ZKCev+dRISdmZbCR"
    "U2KUTzbQAxwhqaAI5E5R9gkqvzD5RvglMcIZMTXO0JDtWoonMco5R1b6o8y0ldvwCLwSGt"
    "X5Kts0KJds5yEu2cpRPt+BKkMlctTq6tbMSTdPWDe/eF2jxhhQrtzLlzO4knMkiFkW98fq"
    "SnghLROHrWurXe8Ql/GcQ7uKa6yPPbzk2v22dPdKgZCLO2zq8P3SFr8k532tK+ve/2W0DV"
    "F56xpgKCkjdNmKtgyFbsJMikTkdYp7NeO8pkJegFwiGVgVlZ6JZwq0rQSm6sytwYS6aE6a"
    "8QVEckyWrklLi7wKTAeFdmEyVo5Saq8iaSPqjZm6q+PqiylGfdZp2z2VOln6KOiEU5ziiN"
    "9DpOpqyWtVFlMqeKg+rVeRPENEYkJUwZa7D/WIOwlm/qytoBtDUvkBy9pQugKqtOFwF1c9"
    "Xp9Dm7A1RFi2pW84zdiG7sitmmqvdcxbMdFTK9cceq0ZKO26i/Q7xtvWUfqA4bqk44HSCM"
    "zV9c2cFs4erbGNKmRFZ9kRT5XndApoBJ5hYgpmfnslqAvstALPGfDQg9l8A731vdTT/9nv"
    "V8URG7tN1cgPYcugYwXnb8/bykSMaVeJ7piGJKhrQdQtjIDmnzbfBlTF0cUinbySgjFmXU"
    "fnjodZl13T9W+DZ4pk67Hba/9lvgBdlznXIfpSzvu48iInSYMsGeSbo3HbEYgiEY9JkifP"
    "Mwlgv+jFPWybd7FwGgGL6U2uNJuje9OEMwBPd4ivDNw1huj8cp5R5Pn52i3icxmjoBujPf"
    "E7bmRFGN0UhUM1AVDiaNEcmA0m0CSqWbTc0cLoq42VBhFOmlZj1OKV3oquNVk57lV66NV7"
    "X9vBcj+yTM97Yb89rxArvRshZfWRVM6OdZj7INIWvr0mY7SGjTKlYyiXbBFnKV6mQKVOCP"
    "0wIvc3JC/4H4BExNsjgBtvv36gNoL5ni8SdCbygwp9wOMVf8Wko7HFvc6CFs7JCFl9izQx"
    "ReoouSiFZeitJI/6tE6SW6h5TtTB+JIaocoPj2kqxRVmu72Y0NcGS2rbpPbl5ocZYheKs4"
    "4lJTeaBSXRdFgnovsoN6L1JBveKSptQrVEvkLKJXkBKnlDilxCkgcfrOtNkiZ+htu1nmDD"
    "19N8ucIyqgmqoB6BpZWUwsJFRQdC1qni8cBL5L/IkrLkIdBDJfC6iGwTzjMO2VFjh3OfCO"
    "S/pKN7qdZ4aX1oM3eMvLcE0ZX1hNUGU0nIyGqzCuBaLhikQWRcsHbR0xUxmFYrVjZdqUt9"
    "bmDQ6j7j/J5dDVsM9Oyz1tww2/FSPLlp5K2cwvlXMsJKYyjJBUWf1bUmvYvLwsoDakvbKT"
    "AbJnCcUh3VQCCPvda4juXnKY0jfakFc3Jtv3LkIiPe8EPe9S/OkhlU9//z/18bNe"
)
