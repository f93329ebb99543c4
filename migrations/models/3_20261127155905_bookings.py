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
    "total" BIGINT NOT NULL,
    "time_zone" VARCHAR(64) NOT NULL,
    "starts_at" TIMESTAMPTZ NOT NULL,
    "ends_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ,
    "idempotency_key" VARCHAR(100),
    "request_hash" VARCHAR(64),
    "cancel_reason" VARCHAR(20),
    "cancel_note" TEXT NOT NULL,
    "cancelled_by_id" UUID,
    "cancelled_at" TIMESTAMPTZ,
    "refund_total" BIGINT,
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
    "old_total" BIGINT NOT NULL,
    "new_total" BIGINT NOT NULL,
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
    "eJztXWlz27a6/isYfUpm3FxbXpKjOXNmZFtOdCtLPpLctCfusBQJSRhTgMoljk5v//sFuI"
    "gbSBHUYorGl7QG8YLUg+3d378aC6JDw/rQ1jTiYHtMniFutMBfDawuIP0f7vMT0FCXy/Ap"
    "a7DVieESqF5PxWZd3UfqxLJNVbPp06lqWJA26dDSTLS0EWFva4wQnhnwJ8eCAC5UZEAduO"
    "Tgnfsn+A5NNEWayvqfgKVqWS/E1IEJLWi/PwGWTUxKMletOdQ/sFfqRKPvpKPuZXQHoz8d"
    "SH/hDNpzaNJ3fPudNiOswx/QCv5cPitTBA09BifS2QBuu2Kvlm7b42P39s7tyb58omjEcB"
    "Y47L1c2XOC190dB+kfGA17NoMYmqoN9Qi42DEMfzaCJu+LaYNtOnD9qXrYoMOp6hhsihr/"
    "nDpYY1gA903sn4t/+Z8W6aYo/cFYGXXGitJIzSj7hMQ0+E0awWw1IGwzoP762xs3BMRtbb"
    "AX3HxpD9+dX713ISCWPTPdhy5cjb9dQtVWPVIX9BDlpWNSCpiG+maumh3sLFy4u/RLVKzB"
    "FOwR8gT29NPLoB40hLCHGyEANICsOMiNXzrD7t1vSue+3e21vGW8Utw1/YSHHUb10B6Nvg"
    "6Gty1vNSvB4k7uEf7kNBbqD8WAeGbP6Z/nzZzJ+qU99Oar6c4XofvdOw76/pOm+4hNWzhN"
    "7i5U2MbizxR/U8SpdjNBm7eF+PQU3gNxmK8uCsB8dZEJM3sUh1kzIYNCUe00zLf0iY0WkA"
    "91nDIBte6Tfgj+pzo7ozj09AfqA2ys/CnPgX7cve+Mxu37B/a6hWX9abj4tccd9qTptq4S"
    "re+uEtO0HgR87Y6/APYn+M+g30mecet+4/802Depjk0UTF4UVY+szqA1QC026/DHEtHRSs"
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
    "I02bmGuEi3DAFZtd+rn0Pz/9o9k8P//YPD2/+nR58fHj5afTT7Sv+8HpRx/zrsHuZ3ahxW"
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
    "XzYhKv2yx373348dv49/w7NeSetLMaVpIZVpjsI0uf5MQhZbrb3YAAdcd3S1IBMqS0Ndf1"
    "ThpUcXXXfYUR567Rs6m9GRnvDDsPtLe9xRhoPBfQssTfSdfrnCfiVdgBTEzq3/yKLwUOaL"
    "PanGVKq6ThkWIT1ohKQGN+MBXLkwpFLVhJhzQoQ8E5N0tUN7L8YyzY9rKhxq4feX6BZB14"
    "QzLjOdjW9IIREutH5ZoL9gtFBIUjuMi+Q/zU5/msp+yna78gyFT4iAZl/4phUcR7yEoxeX"
    "KNg82tot6j2lp7YRFXI4TPmdQYWKLCtrSJSAecqojlYXzA0ZGTxe9zrgYdi56Y66g37cku"
    "c+ZE1hLsNhp91LokzwrATMUSqJcwGcmZlZ+a9gIvAY0QFPjcfxzWEOjt2nD2TDu7oNjgw4"
    "WqiGkZlALk5ZKnlcKbTP9oW0lzruvPnxap0sjv2Rlx5udN/u9dL54CZQZyK+MKRRusMBen"
    "oUgJYBU67MFJCqPc9YmrdQQxTQDDCjdEn3II/wgz/AsaGbd5HRC4zi+O78JJnlOBpHn9Co"
    "RbOmxBHOyUUfo5K56GNZ9Fjl9gkyuHqdPEiTlBLWEFbXZqGYjsFbp9mW0QRZDQSzQ1tGtT"
    "nUnhWElanp2QAKayGShAcE/+yydXp6GA63iP49W/ue0r2vUXOwLVb6LU1Zv2zkewGbOLYS"
    "OAmLgR2lPOTqPjvW1Y1cA6utsIwwabjzq1kkSGUJEYGKFgt6LGS5W24QmmOUUjRJaCJKgh"
    "qjPByo51eX1YdVYx4Yhuf4qyyJgbQMffxmt42MoQ54VDM3WtNPZSTivHHX6/zave516KAG"
    "/IHoJzzh+8FtZ9ge07ZgVOYtNOzejJm3kOl7ir++i4bmmCbEWbOWcZ9GaA6pBx3dHuYePS"
    "8A8nl2UcSUwYodHsZKWdJZ5/AtmQdPiq42Srvm2cXHi0/nVxfr42fdkncGcY4fxoKwaJAp"
    "FEE2SSaBTQL7AuEzXXo6srwyA0uNE/SXf29mDFEbrHfClRBsz7fEOWsMCXTUZTwnIHsza/"
    "Iqcdm6qU6FXZhvh23mgezSPuGHx+ted/Slc9sCS2diIGsOdeb+SxvHrNHBTG3I2kaPo4dO"
    "/5Y1Wo7FQsK9ZDEVYFCCpDR2UD6iMJuSojxUAEBEQevHbAXhWB/+aaiLia7+a2+62n2bdN"
    "cLqUQceJJWZrKociYLL7C2XI7IKKWc5SrPsszqkH2U1jerg6wuV7dZ52z2VBB/JFK7aPh1"
    "hERm8cjP4sGvai+cwuPRgscYcF00f0dkQcWSdww7nnq0YPYObp2FhIVKpvFInQDpFJ/bY1"
    "azlLpxaWdObLKbon4PbKi64nTI9DBHCZAFVYtg1VDYD9sSqJE/1vCoy24Uqu8niyDKIojV"
    "z9LkHe3ZqZrWR//GfE1KeOHsOWtTIkMfsZA7rEzbtH8Z4gRkp21aT0QK63wrUJROWn5iHG"
    "9GhqY8w0GdsjMlfBsKBYee5wSHnqeDQ5GluBXROTdQrpdghEx6CAp4CB6hNXNpEjdgQjjR"
    "dONhOLjpjEbd/meW/CYY5QkPO+3b31qAaetWLOtRt8esl1MVGeVMl2dFkgGcZWcDOEulA3"
    "CWBlGFY9TjVDVMxtcsmmY/L8t+Emtiohli8pUg2km6+rnh7wVuQzVnUBTrGJEEuhDQFuP6"
    "RIGOEUmgCwH9gnQ6eArkbPe2oH8pbrtq+O7YfXAO+TVmM9EMCSScaTiFy1vUt7LFXuQX6Q"
    "ORjf5xWsNlZYtq2MRlZYs6lJj0LHMc/fbaZJet2A4tgwWKSXqFGoE9V22ALICJDaYmhC3g"
    "pSwG73yMTryO78FCfYYWePDW5OjfPWDCqWNBoAILUsB1oBkqWnDqSu7zTZtKTLojbldk8h"
    "rNMnkp7snE4aP8Nbidzn3/XNQ/ms3z84/N0/OrT5cXHz9efjpds1PpR3l81XX3M2OtYtdN"
    "wGvlFJ/kc7KMLcgJ29rEDRzvMcZDlt3mCZbqmX5lWQVlQFtl3Vfjuje4+ZlpHP0as0+4e/"
    "8wGLpxFUERWpZ2feB1IuS5pFpy5xXzAquxGN8Tp9qC76mYrLaNGU9KEG9bgohUWy+6jSIk"
    "cg/9LeUxKY8dtTyWPA12AKygW201j4KN4EbOwSpJuiOomtq8R7iF98KHJ3kSr+V2UwxSsP"
    "peY4Ah8IhOqFSpEVOHOlBZze+5STBxLGMFpsQE9KONlY00Ky3Plhtis5+YFEorKZQ6FjQF"
    "78kIiWQ84ozHFBk2NDn+NP87GvQz2LiQJMmyI80G/wcOnf+TvfY1XB0ZRDFuPZXGMpmxMj"
    "EfbIBUgT8qPYuYu4L+tbN27aG6GrTo9ypuphAB+2ySrDYuprtLRSQ1AG9EA5ASr16NVQ2j"
    "gPjcaixKKJdhTcQmbeZZXcuPBRAG36hAY9oKW58ngEou7v+9BxoFGvwRy2H2B3h3Z6L/Ga"
    "m2Z1SxwB8sSRSj8Z6/TzO2e3yPeJRE+AUyTuKV4yQiU8E9bjMYhRjVmzbQBDtIBL4ozZsG"
    "7whTOh6Ru1vssBZAN0UnfQkrll26mtjuJMxMsv9vhP2XJqs9sHrSZFVzF8IgEwNHUI0kac"
    "iWUaP5IHYbGf+t4dYZZAMjHS6WxGa5zd3omaSLnt81lAb9OMqgmkuD9v8WzXCU1SU+T/Fn"
    "IY0rrVjsYkg8oEwOt/nHEtFt5T6R4umriqfrKeUyAxmMQITmTUtX63o94uj5RG8avnIFV1"
    "+j2OpxsPbHF21fwp2VZf/2Quzp5eLG198M+nfd4T3zXmVJ9pC5cJ1c+8rDcPB52BmNWoAK"
    "hEuTsGPRYv3vH3qdsdd/sXQzANPWdv+m03ND8/0CL1WJzvdrVKXntUhlK8587jNlxeucLb"
    "usaUWXCGUMKeOl8NNkZleF5JDWwM6bJwTvozKktYQaYiYe+GfG9ZA9AzxaOQXCU/CnQ3jq"
    "9mwnkzXB4V1MXufA2YszSZ1KlJW42GVxsmpOTEmPoB3XJrOJrXIK1+Z5cq5J6iQnHMSfMw"
    "I7FUaV/xIsVMY2RlTDpb37WjWhAi0Fc75NJkZYQ5PMkZhgAkxybTCBMlRwiiNkcoKrPcGh"
    "Wlt0jmOUsg5RlWc5aXsRuBg5pPVLenZWKPHRWU7io7N04iNfolfmqsXJfZaNeJKufnDvnh"
    "nxhEfFdJ1tt5NAI4NUGPnG50d6KigRDbBnPV3rgZ/wl0G8g2s6jTy/7dz0un32RIeagTBr"
    "6/z60B2yJu90py3t2/tuvwVUfeEZzyoguHrThLkKn2xFW4JM6tiEdWzrtaNMVoJeORxSGS"
    "iXhW4JN7cEreTGqsyNseRWmP4KcfVQkrJGfqIHVhKtra5ldluCVu62Ku826TycvfXq6zws"
    "a7DWbdY5mz1VsyvqQVqUNY3SSHfxZK5xWdRWZuGqOKhegT5BTGNEUhSVQSL7DxIJizCnrq"
    "wdQFvzytbRW7oAqrJceBFQN5cLT5+zO0BVtBpqNc/YjejGrphtyrHPVTzbUQXaG3esGi3p"
    "uDH7O8TbFsr2geqwoeqE0wHiD/3FlR2FGK6+jbGISmTVF6lt4HUHZAqYZG4BYnoGMasF6L"
    "sMxDI22oDQcwm888MM3Lzh71nPFxWxS9tN4mjPoWsp45U12M9LiqTKiScIjyimZCziIYSN"
    "7FhE31hfxibGIZWynQwPY+Fh7YeHXpeZ4f1jhW+sZ+q022H7a78FXpA91yn3UcpEv/vwL0"
    "KHKROlm6R706GmIRiC0bopwjcPY7mo3ThlnTzydxG5i+FLqT2epHvTizMEQ3CPpwjfPIzl"
    "9nicUu7x9NlZwk0lRlYnTA/spMIWZwn4Y2QS/q3gF44rjhHJ2OJtYoul407NXDiKOO5Q8R"
    "bppWY9Timd8qrjp5Oe5Vcuk1i1/bwXs/0kTP23G4Pd8QK70VYXX1kVzO3o2aOyTStre9Vm"
    "y0poJStWPYt2wRZy1fRkClTgj9MCL3NyQv+B+ARMTbI4Abb79+oDaC+ZKvMnQm8oMKfcDj"
    "FX/LJaOxxb3IwibD6RNbh2y2pnm1XooiSiRbiiNNKjK1GFi+4hZTtjSmKIKsdGvr18e5TV"
    "2m52YwMcmbWs7pObF9WcZVreKoS51FQeqGrbRZF44ovseOKLVDyxuKQp9QrVEjmL6BWkxC"
    "klTilxCkicvntutsgZ+u9uljlD3+HNMueICqimagC6RlYWEwsJFRRdG53nXQeB72R/4oqL"
    "UAeBzNcCqmEwXztMe6UFzl0OvOPqztIxb+dFAqT14A3e8jIAVEYsVhNUGV8n4+sqjGuB+L"
    "oisUrRSlJbx+BURqFY7eibNuWttXmDw6j7T3I5dDXss9PKX9tww2/FyLJl3dFs5pfKORYS"
    "UxlGSKqs/i2pNWxeXhZQG9Je2XkI2bOE4pBuKgGE/e41RHcv6VPpG23IKyGU7XsXIZGed4"
    "Kedyn+9JDKp7//H20GTrU="
)
