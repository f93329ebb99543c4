from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True

# After 9_*_simulated_gateway_apart: reviews (models/reviews.py), with their rules as constraints and
# triggers, and the aggregates kept by a trigger.


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "review_stats" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "subject_type" VARCHAR(8) NOT NULL,
    "subject_id" UUID NOT NULL,
    "count" INT NOT NULL,
    "sum_overall" INT NOT NULL,
    "sum_overall_sq" INT NOT NULL,
    "n1" INT NOT NULL,
    "n2" INT NOT NULL,
    "n3" INT NOT NULL,
    "n4" INT NOT NULL,
    "n5" INT NOT NULL,
    "sum_cleanliness" INT NOT NULL,
    "sum_accuracy" INT NOT NULL,
    "sum_check_in" INT NOT NULL,
    "sum_communication" INT NOT NULL,
    "sum_location" INT NOT NULL,
    "sum_value" INT NOT NULL,
    "sum_house_rules" INT NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    CONSTRAINT "uid_review_stat_subject_6c4233" UNIQUE ("subject_type", "subject_id")
);
COMMENT ON COLUMN "review_stats"."subject_type" IS 'LISTING: listing\nHOST: host\nGUEST: guest\nPLATFORM: platform';
COMMENT ON TABLE "review_stats" IS 'Running sums of the published reviews of one subject, kept by a trigger (migration 10).';
        CREATE TABLE IF NOT EXISTS "host_standings" (
    "rating" DOUBLE PRECISION,
    "reviews" INT NOT NULL,
    "completed_stays" INT NOT NULL,
    "host_cancellations" INT NOT NULL,
    "cancellation_rate" DOUBLE PRECISION NOT NULL,
    "response_rate" DOUBLE PRECISION,
    "top_host" BOOL NOT NULL,
    "computed_at" TIMESTAMPTZ NOT NULL,
    "user_id" UUID NOT NULL PRIMARY KEY REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_host_standi_top_hos_c54568" ON "host_standings" ("top_host");
COMMENT ON TABLE "host_standings" IS 'A host''s standing, computed nightly (tasks.reviews.rank_hosts) from the last 365 days.';
        CREATE TABLE IF NOT EXISTS "listing_topics" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "phrase" VARCHAR(100) NOT NULL,
    "polarity" VARCHAR(8) NOT NULL,
    "count" INT NOT NULL,
    "computed_at" TIMESTAMPTZ NOT NULL,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_listing_top_listing_9530f7" UNIQUE ("listing_id", "polarity", "phrase")
);
COMMENT ON TABLE "listing_topics" IS 'A phrase trending in a listing''s recent reviews, computed nightly.';
        CREATE TABLE IF NOT EXISTS "reviews" (
    "id" UUID NOT NULL PRIMARY KEY,
    "side" VARCHAR(8) NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "overall" SMALLINT NOT NULL,
    "cleanliness" SMALLINT,
    "accuracy" SMALLINT,
    "check_in" SMALLINT,
    "communication" SMALLINT,
    "location" SMALLINT,
    "value" SMALLINT,
    "house_rules" SMALLINT,
    "text" TEXT NOT NULL,
    "private_note" TEXT NOT NULL,
    "flags" JSONB NOT NULL,
    "sentiment" DOUBLE PRECISION NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "published_at" TIMESTAMPTZ,
    "response" TEXT,
    "responded_at" TIMESTAMPTZ,
    "author_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    "booking_id" UUID NOT NULL REFERENCES "bookings" ("id") ON DELETE RESTRICT,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE RESTRICT,
    "subject_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT,
    CONSTRAINT "uid_reviews_booking_58ff20" UNIQUE ("booking_id", "side")
);
CREATE INDEX IF NOT EXISTS "idx_reviews_listing_c9629e" ON "reviews" ("listing_id", "side", "status", "published_at");
CREATE INDEX IF NOT EXISTS "idx_reviews_subject_57e85a" ON "reviews" ("subject_id", "side", "status", "published_at");
CREATE INDEX IF NOT EXISTS "idx_reviews_status_207b00" ON "reviews" ("status", "created_at");
COMMENT ON COLUMN "reviews"."side" IS 'GUEST: guest\nHOST: host';
COMMENT ON COLUMN "reviews"."status" IS 'PENDING: pending\nPUBLISHED: published\nHELD: held\nHIDDEN: hidden';
        CREATE TABLE IF NOT EXISTS "review_moderation" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "admin_id" UUID NOT NULL,
    "move" VARCHAR(8) NOT NULL,
    "from_status" VARCHAR(12) NOT NULL,
    "to_status" VARCHAR(12) NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ NOT NULL,
    "review_id" UUID NOT NULL REFERENCES "reviews" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_review_mode_review__4d8eff" ON "review_moderation" ("review_id", "at");
COMMENT ON COLUMN "review_moderation"."move" IS 'HIDE: hide\nRESTORE: restore';
COMMENT ON COLUMN "review_moderation"."from_status" IS 'PENDING: pending\nPUBLISHED: published\nHELD: held\nHIDDEN: hidden';
COMMENT ON COLUMN "review_moderation"."to_status" IS 'PENDING: pending\nPUBLISHED: published\nHELD: held\nHIDDEN: hidden';
COMMENT ON TABLE "review_moderation" IS 'The audit trail of moderation: append-only (a trigger refuses updates and deletes).';
        CREATE TABLE IF NOT EXISTS "review_reminders" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "side" VARCHAR(8) NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "sent_at" TIMESTAMPTZ NOT NULL,
    "booking_id" UUID NOT NULL REFERENCES "bookings" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_review_remi_booking_148f05" UNIQUE ("booking_id", "side", "kind")
);
COMMENT ON COLUMN "review_reminders"."side" IS 'GUEST: guest\nHOST: host';
COMMENT ON TABLE "review_reminders" IS 'An email asking one side of a booking for its review: each sent once (UNIQUE).';
        CREATE TABLE IF NOT EXISTS "review_reports" (
    "id" UUID NOT NULL PRIMARY KEY,
    "reason" VARCHAR(24) NOT NULL,
    "note" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "resolved_at" TIMESTAMPTZ,
    "reporter_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE,
    "review_id" UUID NOT NULL REFERENCES "reviews" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_review_repo_review__c6e6a5" UNIQUE ("review_id", "reporter_id")
);
CREATE INDEX IF NOT EXISTS "idx_review_repo_resolve_e93c50" ON "review_reports" ("resolved_at", "review_id");
COMMENT ON COLUMN "review_reports"."reason" IS 'SPAM: spam\nOFFENSIVE: offensive\nCONTACT_DETAILS: contact_details\nNOT_ABOUT_THE_STAY: not_about_the_stay\nFAKE: fake\nOTHER: other';
COMMENT ON TABLE "review_reports" IS 'A user''s report of a published review: at most one per user and review (UNIQUE).';
-- The rules of reviews, whoever writes (models/reviews.py says them in Python too).
ALTER TABLE "reviews"
    ADD CONSTRAINT "reviews_side" CHECK ("side" IN ('guest', 'host')),
    ADD CONSTRAINT "reviews_status" CHECK ("status" IN ('pending', 'published', 'held', 'hidden')),
    ADD CONSTRAINT "reviews_ratings_1_to_5" CHECK (
        "overall" BETWEEN 1 AND 5
        AND coalesce("cleanliness", 1) BETWEEN 1 AND 5 AND coalesce("accuracy", 1) BETWEEN 1 AND 5
        AND coalesce("check_in", 1) BETWEEN 1 AND 5 AND coalesce("communication", 1) BETWEEN 1 AND 5
        AND coalesce("location", 1) BETWEEN 1 AND 5 AND coalesce("value", 1) BETWEEN 1 AND 5
        AND coalesce("house_rules", 1) BETWEEN 1 AND 5),
    -- Each side rates exactly its own categories.
    ADD CONSTRAINT "reviews_categories_of_side" CHECK (
        ("side" = 'guest' AND "cleanliness" IS NOT NULL AND "accuracy" IS NOT NULL
            AND "check_in" IS NOT NULL AND "communication" IS NOT NULL AND "location" IS NOT NULL
            AND "value" IS NOT NULL AND "house_rules" IS NULL)
        OR ("side" = 'host' AND "house_rules" IS NOT NULL AND "communication" IS NOT NULL
            AND "cleanliness" IS NOT NULL AND "accuracy" IS NULL AND "check_in" IS NULL
            AND "location" IS NULL AND "value" IS NULL)),
    ADD CONSTRAINT "reviews_text_length" CHECK (char_length("text") BETWEEN 20 AND 2000),
    ADD CONSTRAINT "reviews_sentiment" CHECK ("sentiment" BETWEEN -1 AND 1),
    ADD CONSTRAINT "reviews_published_when" CHECK ("status" <> 'published' OR "published_at" IS NOT NULL),
    ADD CONSTRAINT "reviews_response_when" CHECK (("response" IS NULL) = ("responded_at" IS NULL));

-- Who writes, when, and what may change. A review is written by one side of a completed booking
-- about the other; it starts pending; once published its content never changes, nor does its one
-- response; its status moves only along models.reviews.MOVES.
CREATE OR REPLACE FUNCTION "reviews_guard"() RETURNS trigger AS $$
DECLARE
    b record;
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT "status", "guest_id", "host_id", "listing_id" INTO b
            FROM "bookings" WHERE "id" = NEW."booking_id";
        IF b."status" IS DISTINCT FROM 'completed' THEN
            RAISE EXCEPTION 'only a completed stay is reviewed' USING ERRCODE = 'check_violation';
        END IF;
        IF NOT ((NEW."side" = 'guest' AND NEW."author_id" = b."guest_id" AND NEW."subject_id" = b."host_id")
                OR (NEW."side" = 'host' AND NEW."author_id" = b."host_id" AND NEW."subject_id" = b."guest_id"))
           OR NEW."listing_id" <> b."listing_id" THEN
            RAISE EXCEPTION 'a review is written by one side of its booking about the other'
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW."status" <> 'pending' OR NEW."published_at" IS NOT NULL OR NEW."response" IS NOT NULL THEN
            RAISE EXCEPTION 'a review starts pending' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END IF;
    IF (NEW."booking_id", NEW."side", NEW."author_id", NEW."subject_id", NEW."listing_id")
        IS DISTINCT FROM (OLD."booking_id", OLD."side", OLD."author_id", OLD."subject_id", OLD."listing_id") THEN
        RAISE EXCEPTION 'whose review it is never changes' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD."published_at" IS NOT NULL AND (
        NEW."overall", NEW."cleanliness", NEW."accuracy", NEW."check_in", NEW."communication",
        NEW."location", NEW."value", NEW."house_rules", NEW."text", NEW."private_note", NEW."flags",
        NEW."sentiment", NEW."published_at"
    ) IS DISTINCT FROM (
        OLD."overall", OLD."cleanliness", OLD."accuracy", OLD."check_in", OLD."communication",
        OLD."location", OLD."value", OLD."house_rules", OLD."text", OLD."private_note", OLD."flags",
        OLD."sentiment", OLD."published_at"
    ) THEN
        RAISE EXCEPTION 'a published review never changes' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD."response" IS NOT NULL
       AND (NEW."response", NEW."responded_at") IS DISTINCT FROM (OLD."response", OLD."responded_at") THEN
        RAISE EXCEPTION 'a review has one response, for good' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW."response" IS NOT NULL AND NEW."published_at" IS NULL THEN
        RAISE EXCEPTION 'only a published review gets a response' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW."status" <> OLD."status" AND (OLD."status", NEW."status") NOT IN (
        ('pending', 'published'), ('pending', 'held'), ('held', 'published'), ('held', 'hidden'),
        ('published', 'hidden'), ('hidden', 'published')
    ) THEN
        RAISE EXCEPTION 'a % review cannot become %', OLD."status", NEW."status"
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER "reviews_guard" BEFORE INSERT OR UPDATE ON "reviews"
    FOR EACH ROW EXECUTE FUNCTION "reviews_guard"();

-- The aggregates: exact running sums of the published reviews of each listing, host, guest and of
-- the platform, changed in the transaction that publishes, hides or restores a review.
ALTER TABLE "review_stats"
    ADD CONSTRAINT "review_stats_subject" CHECK ("subject_type" IN ('listing', 'host', 'guest', 'platform')),
    ADD CONSTRAINT "review_stats_consistent" CHECK (
        "n1" >= 0 AND "n2" >= 0 AND "n3" >= 0 AND "n4" >= 0 AND "n5" >= 0
        AND "count" = "n1" + "n2" + "n3" + "n4" + "n5"
        AND "sum_overall" = "n1" + 2 * "n2" + 3 * "n3" + 4 * "n4" + 5 * "n5");

CREATE OR REPLACE FUNCTION "review_stats_add"("kind" text, "target" uuid, r "reviews", "sign" integer)
RETURNS void AS $$
    -- The row first, then the sums. Not one INSERT ... ON CONFLICT DO UPDATE: PostgreSQL checks
    -- its proposed row against review_stats_consistent before it meets the conflict, and the
    -- proposed row of an uncounting (sign -1) has negative counts.
    INSERT INTO "review_stats" (
        "subject_type", "subject_id", "count", "sum_overall", "sum_overall_sq",
        "n1", "n2", "n3", "n4", "n5", "sum_cleanliness", "sum_accuracy", "sum_check_in",
        "sum_communication", "sum_location", "sum_value", "sum_house_rules", "updated_at"
    ) VALUES ("kind", "target", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, now())
    ON CONFLICT ("subject_type", "subject_id") DO NOTHING;
    UPDATE "review_stats" SET
        "count" = "count" + "sign",
        "sum_overall" = "sum_overall" + "sign" * r."overall",
        "sum_overall_sq" = "sum_overall_sq" + "sign" * r."overall" * r."overall",
        "n1" = "n1" + "sign" * (r."overall" = 1)::int, "n2" = "n2" + "sign" * (r."overall" = 2)::int,
        "n3" = "n3" + "sign" * (r."overall" = 3)::int, "n4" = "n4" + "sign" * (r."overall" = 4)::int,
        "n5" = "n5" + "sign" * (r."overall" = 5)::int,
        "sum_cleanliness" = "sum_cleanliness" + "sign" * coalesce(r."cleanliness", 0),
        "sum_accuracy" = "sum_accuracy" + "sign" * coalesce(r."accuracy", 0),
        "sum_check_in" = "sum_check_in" + "sign" * coalesce(r."check_in", 0),
        "sum_communication" = "sum_communication" + "sign" * coalesce(r."communication", 0),
        "sum_location" = "sum_location" + "sign" * coalesce(r."location", 0),
        "sum_value" = "sum_value" + "sign" * coalesce(r."value", 0),
        "sum_house_rules" = "sum_house_rules" + "sign" * coalesce(r."house_rules", 0),
        "updated_at" = now()
    WHERE "subject_type" = "kind" AND "subject_id" = "target";
$$ LANGUAGE sql;

-- One review counted (sign 1) or uncounted (-1) everywhere it counts, always in the same order
-- (listing, host, platform; guest) so that concurrent publications queue instead of deadlocking.
CREATE OR REPLACE FUNCTION "review_stats_apply"(r "reviews", "sign" integer) RETURNS void AS $$
BEGIN
    IF r."side" = 'guest' THEN
        PERFORM "review_stats_add"('listing', r."listing_id", r, "sign");
        PERFORM "review_stats_add"('host', r."subject_id", r, "sign");
        PERFORM "review_stats_add"('platform', '00000000-0000-0000-0000-000000000000', r, "sign");
    ELSE
        PERFORM "review_stats_add"('guest', r."subject_id", r, "sign");
    END IF;
END
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION "reviews_count"() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."status" = 'published' THEN
        PERFORM "review_stats_apply"(OLD, -1);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW."status" = 'published' THEN
        PERFORM "review_stats_apply"(NEW, 1);
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER "reviews_count" AFTER INSERT OR DELETE OR UPDATE OF "status" ON "reviews"
    FOR EACH ROW EXECUTE FUNCTION "reviews_count"();

-- The moderation trail is append-only.
CREATE OR REPLACE FUNCTION "review_moderation_append_only"() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the moderation trail is append-only' USING ERRCODE = 'check_violation';
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER "review_moderation_append_only" BEFORE UPDATE OR DELETE ON "review_moderation"
    FOR EACH ROW EXECUTE FUNCTION "review_moderation_append_only"();
ALTER TABLE "review_reports" ADD CONSTRAINT "review_reports_reason"
    CHECK ("reason" IN ('spam', 'offensive', 'contact_details', 'not_about_the_stay', 'fake', 'other'));
ALTER TABLE "listing_topics" ADD CONSTRAINT "listing_topics_polarity"
    CHECK ("polarity" IN ('positive', 'negative'));"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP FUNCTION IF EXISTS "review_moderation_append_only"() CASCADE;
        DROP FUNCTION IF EXISTS "reviews_count"() CASCADE;
        DROP FUNCTION IF EXISTS "review_stats_apply"("reviews", integer) CASCADE;
        DROP FUNCTION IF EXISTS "review_stats_add"(text, uuid, "reviews", integer) CASCADE;
        DROP FUNCTION IF EXISTS "reviews_guard"() CASCADE;
        DROP TABLE IF EXISTS "listing_topics";
        DROP TABLE IF EXISTS "review_reports";
        DROP TABLE IF EXISTS "review_stats";
        DROP TABLE IF EXISTS "review_reminders";
        DROP TABLE IF EXISTS "review_moderation";
        DROP TABLE IF EXISTS "reviews";
        DROP TABLE IF EXISTS "host_standings";"""


MODELS_STATE = (
    "eJztXXlz2kq2/ypd/DNOPW6e92SoqVeFbZwwFxsP4LtMPKUIqQGNhZorCTvM8t1fd2tBS7"
    "dQC4GF3FWpJEh9WtKvt7OffzfmSIem87GtaWhpuSP0DK1GC/y7YalziP/DvN8EDXWxWN8l"
    "F1x1bFIC1WupuKQpvaWOHddWNRffnaimA/ElHTqabSxcA5GnNYaGNTXhT0sHAjhXDRPqgJ"
    "KDI/oTvEDbmBiaSto3wUJ1nFdk68CGDnQ/NIHjIhuTzFRnBvWP5JE60vAzca876X1pGX8s"
    "If7CKXRn0MbP+PYPfNmwdPgDOsHPxbMyMaCpx+A0dNIBva64qwW99vjYvbmlLcmbjxUNmc"
    "u5tW69WLkzZIXNl0tD/0hoyL0ptKCtulCPgGstTdMfjeCS98b4gmsvYfiq+vqCDifq0iRD"
    "1PjLZGlpBAtAn0T+Ov8//9UizRTlvj9Shp2RojRSI0peITEM/iUNWWQ2GJZLgPr3f71+14"
    "DQqw3ygOuv7cHR2eUHCgFy3KlNb1K4Gv+lhKqreqQU9DXKi6WNKWAa6uuZanes5ZzC3cVv"
    "oloaTMEeIU9gj1+9COrBhTXs64UQABpAlh/kxi+dQff2d6Vz1+72Wt40Xil0Tj9Zgw6hem"
    "gPh7/2BzctbzYrweROrhH24DTm6g/FhNbUneGfZ6cZg/VLe+CN1ykdL4TXu7cd3Pt3Tukt"
    "MmzrYaKrUCELiz1S7EURpypngDYvC/Hhyb0G4jBfnueA+fKcCzO5FYdZsyGBQlHdNMw3+I"
    "5rzCEb6jhlAmrdJ/0Y/Kc6KyM/9PgD9b5lrvwhz4B+1L3rDEftuwfyuLnj/GFS/NqjDrlz"
    "Sq+uElePLhPDFHYCfu2OvgLyE/y9f99J7nFhu9HfG+Sd1KWLFAu9KqoemZ3B1QC12KjDHw"
    "sD91Zg1OOUNRz1AxnlAJPMYcZcTZGVHSErYYD9+SjHdyfjaytiXGOEpEzWsbqDuoFTJMz4"
    "5JnJKBKo0tDeYobfmFo/w1WKT0wA6ktHj343hwnp+up6Kdvqayi9RCcU/nb8xdD1eLT28L"
    "p902lQhMeq9vyq2roSg5rcQacocSVsm741P50nr6iWOqXgkK8g7+yjPoAawkzv6hr/bDBk"
    "1tj9ZpbMavstMRQYylwyKx9kKR1WYM03M6RDMsjCUkeMSAodG4UOyZdIvkTyJZIveZd8yQ"
    "QP9IyrS4/d38CX0JZCuvS+BQFaqHgggU/uabs/ggFyqY4bzNVn6AAVaDMMLkATgPmUeQtf"
    "mKhzw1yBI4T7cKDj4MYf0vr0nTxBck0V2JGyuCZv5AS3/BjRbjf9fTJP2yAs1d9S/V2Vg1"
    "aqv6X6u7KjLNXfcnzxBvWCz7siQxynlKNc5VE2FiIckNd6f54ZjV0x6nvQwdkKllEtxuLh"
    "wxunqh3MZ8fHefxYjo/5jizkHgNpqQ2T2jCpDUtqwyjqDC1YMBp87Rf5IGmMq7laiborih"
    "xPIUHtVB+nF3k4ANyKezLRe/GTKfD4FNYzpQir7ApbGPGLXIhfZCB+kUR8YtiOq9BfAnDH"
    "qWqI9Ukuvuskg+86SfNdploA6hhR7fjbneC8wBgJYRwSFMK3YqL2rv3g1Rd8OtrK0hY6CO"
    "NU9cP5ItdEvsiYyBfpiTw2UBrjEfzhsjH2m9dgk8hSF3V+G8U0RQGCR3ft3z7EtEW9/v2X"
    "oHkE8ete/yq1M1vTJZYInDTcbdtWV7ytOUKVQN00HHdnsK856fHSMF3Dcj6S570FM03w/f"
    "aPFBu3QktX0Za2DS1tJcbIpUjrt1mc5dmT+VtycpswHGWGHIba7AohE6oWRwZcUyUQHmOy"
    "Xc3d8Mp+p+lVv9+L7RpX3eS28Hh31cGsBoUdNzI8fUT3fpRGW9XnhiUOd0gm8RbEG292Lw"
    "yObiPgId0eEQ9E8oMFnOosFC/OuJAxi9mBtGlV2ablInehOFCzoZD1JUFWv5O6fDOX+4qU"
    "Cd6YkK1Ai0BQZIVxO5GrrPKrjCp0HBcyrMhXxrRrcYS7NG1irA0rj8BRsdHFr4v/+enPp6"
    "dnZ59Oj88uP1+cf/p08fn4M25LXzh961PWMdj9Qg602AinTzjpZMcfkPo62S0XesFRj1PK"
    "Ua/KqDM2Xfr2Kes835gc0WumUgElNmef/vbnATRp4ABjMnASEB3YdOAZ8RPObskw1OJ4JY"
    "Nf64lXMjxmG7ziQTl1xItoNHEnWyLV83qpK0i4i8WWCF0h9FxjhEgqKfuFYiCBygJq7H0e"
    "FudtY9v93IdqGHZVR8AW6moOCcFWUD14vdQcJGUO8cfr5WB1R/uqMWJoWcKswp3UFSIbvh"
    "jw1VFebcN1IcsSI8RLkc7qDhXm1qHxAhleohKrOFYYqgWyt12AHlID2lWd8BJyvl5DS7zd"
    "dZ95YoPat+AI4b82Q/sVOe4w0t9haTwzkRXwVG/jk9BwicImnf7Yv9XMzHxMGxlVSyCVEU"
    "jF8lk/fD/q8zx+Y+d8t7Fz32uM77Qu6nFaY7fez3nA/swH+3PKRU/DUEyRLeTjFKWpIchl"
    "zejIRqEhBpOXsVVozPNDghuAK6Ag32W01bWKv0tX7WtkTUyDHj+pwyzVJvNU0/zW5HylzX"
    "PmIWpbwJgTXg3qAL5gGRO4M9UFeEqZBm4KXg13BlQwQJj3AL6mBH8ObmoD/DamgemIBhsY"
    "bjoFUdmdM47cb40J9Jh7y5jOKEj0ScoSH5v/kEFkVQoiC0cobYLkHMgBQZbl8QB3tgx4ie"
    "Uw6ZYWzmeBkyBGVAPH+D1EhDnL+VwVY2giJBLjPBjr0IVaMV+EBKl0RqiKM0IeFxRySIsm"
    "pVuTyMwLybAdz7griGicSoKanc4i4Cvj6AqnswjY+Fu/u8OEdmNai8hqZae1YEzfEtCtn5"
    "dDEtj4oq1SypDYzM4QYIOZn0N4JbNIQHDFTwCPg56fuRY4+PlghvBfWEpSLURkRJLb1rIg"
    "HoBQEsVYIzA2kfaMf1ARw2GLruV2zxReIyuBRAhLgbVaAmvlFciHnK1AMJB+mwj6qm3+CU"
    "nrOBe8pBlf1jrmpN1wVvgALSJvpalljE113L3TIpYfIqO6S4YFf0OalTXZHreuBQwt2fvY"
    "wXJtYBn7F3N1QdtGjKR3G+AOqWp3UOwkG4iMWuKjX1+VkdRx7F7HIQXxfQni0bpmEQNtcT"
    "87lnm4JsjHtgFPgt4Oq/vAjniQ3OmWvoiCWp1gITMUOpE1ztflRKOXdupd961Bsvj4yzFy"
    "0P9DKk3eVGniGq4ppDUJCWoo2p+c5pI7TjMEj9MUPxx9sxTO/Cx5CbIayB5Z3O4usuU55p"
    "LBK2W4B/jta+e7e3KZa1pfZkzry3T2UhstoO2uPJyYMHes5TzFkMYgT3Wyx2muLlTbDWLa"
    "BAah0X5oD0Z3nftRC4R9PFlf+4/DTgvM0NKBT9Yv3V6v3QIvBn7JJ2s4erzp9lvAcZe6gZ"
    "6sXv8WE5togumu21fd+xbQ1LFh4V/90aj9BfejIdfFR/6T9eURi2Z+59MldFz/CaP+r/f+"
    "ZRe9Wv7Vq8f7L+1e/9cWGC+tqWqiV9yye/+78rV/R1oa1kohRpEn67Y9uFOw0Pc7AceeE6"
    "XSCtP32/jNxkjFb/Z43/3bY8dv45/wpFXS+pJPaZpLZZqhME3OPxuh+VZzL9bBHucdni2G"
    "DZWFqYYvlXvq4UnXHXSUh177Go9mtKcn62HQ/aU96iiDfv+uBRa28YLfXCFfiScgBrFz49"
    "9yMDyY+SJ3qjGUqq5jhkVIDxohqcHJuAdXLgtiqWqM7BlCQp6JSbraob0TY5nmxzXlDrXw"
    "20t086BrwymTmebju6aQCOeavyQtkGC00JqkdhjnSU7Pz02fSk1PVrvyDIV3iIBmV/imFR"
    "wHPIWjB5co2Cza2k3qHdUOcQ0s5DCY8lsTCxU8K+uaKAHzhFAdrC6YGTLSf7zqdcDDoHPd"
    "HXb793FLHr1JLq0zHw867V4SZWRNC8AcpZI458BZXSxshJdMkUnNoJWYC2BeaIqziCXqOV"
    "AnDhXKvwTrEcWI9ng+Po6u93NElp9Wm3RPtXgMbcdwrpomN7FynLJQUuVCaJ/sCmkvpfLZ"
    "6afLMIky+ZGVNnl41+710nmSx1AnyixhSKN0+wP0+CAALQKmnJkpIFV3xpmaN1AzMKAcMK"
    "N0SUc4j/Cj38GhoZt1kOEDDON4dNZMVv+IZoxIsAvR/EBxhDNKYsWoZEmsWHZp6DjG2DCZ"
    "GswsSJOUEtY1rNQ6p9hLkzVP+T4ACbIaqCD27QOgzaD2rBiWMrE9a1dufVuScI/gn1y0jo"
    "/3w+HmsTTx7UwpK1OI2tJyxSpQpynrV6VnJ2CTMoSBO7wY2FHKfc7uk0Od3QZ1JXAVkvso"
    "DXd2lbcEqSytJ1DpbY63BZ5j8QahOUYpRZOEJqIgqDHK/YF6dnlRfVg14mtkei7uygKZBq"
    "+u7GYHJU5Xe9yqicO47SftEnFTuu11fute9Tq4UxP+MPArPFl3/ZvOoD3C14JeiV/coHs9"
    "In5xth8T8fbOSEWqAW9dBrigHnR4s59ztORCwHTzMFfKAo86g2/hbjwputoo7U5Pzj+dfz"
    "67PA+3n/BK1h7E2H4IC0LiniZQBNkkmQQ2CewrhM946umG45XfWmiM8Nbsc5PTRW2wLoUr"
    "QZY72xJnXh8S6GhwREbqgc2syZtkINBtdSLsrH8zaBNfe0r7ZD08XvW6w6+dmxZYLMem4c"
    "ygThzd8cURubi0iNqQXBs+Dh869zfkorN0SPIDLy1SBRiUIP2SG5RVy82mpCj3FeoSUdD6"
    "0YlB4OHHv5jqfKyr/7czXe2uTbrhRCqQ8SBJK3O2VDlnixdCXiwbapRSjnKVR1nmL+Fvpf"
    "XNXyKrLtdt1BmLPZWuIpKTID7k/EQDERKZryY7Xw2BKg2tcLKaRwceYmqBvJlqIhMqlqZm"
    "0PHUoznz1DAriiQsVDJhTWoHSCez3R6zmiWPjks7M+SicopdP5Cu6orTPhMhHSRADlQdZK"
    "mmQj5sS6CGfl+Dgy4wk6vutSwOLouDlwiYixaGVs52PiJd1RUnvz7xdkDVryzxHlLbeVwC"
    "P79dyEVsTHKnrHmXHae6S6Q1RY5Bu5W57nYvjjYBP9ddOBAprLMNilE6aUSMCU+ctHZZNq"
    "g6pbRLuMnkiqg/y4ioP0tH1BsORu8FMtKWZzucRsiks6mAs+kBGsYXNqKxN8LZ+RsPg/51"
    "Zzjs3n8hGcOCXp6sQad983sLEMXviqSK6/aIIXyiGmYxK/hJngwqJ/wUKiepHCrLhYlU4c"
    "QecaoaZjA9zVubJKs0SRJrZBtTg4jqgmgn6eoX0bETuE3VnkJRrGNEEuhcQDuE6xMFOkYk"
    "gc4F9Kuh485TIPM9JYP2hbjtquFbsifqDLILc3PRXBNIONNwCtcEqm85oJ3IL9Kdho/+YT"
    "pWyHJA1XCvkOWA6lCX1zPyMvTbofWXr9heG5lzVOD1qtsCd6a6wHCAhVwwsSFsAS/POzjy"
    "MWp6DT+AufoMHfDgzcnh33rAhpOlA4EKHIgB14FmqsacUYx3l0/aVJeX9rhdZd4rY8rlpZ"
    "g7E4OP8ufgdjr33XNRfz49PTv7dHp8dvn54vzTp4vPxyE7lb6VxVdddb8Q1ip23AS8VkbF"
    "XjYnS9iCjAjATdzA4W5jLGTJaZ5gqZ7xWxZVUAa0VdZ9Na56/euficbRL8z9ZHXvHvoDGq"
    "ITVO4mtSr6XiOEnguqJUsvMxo4IIjxPXGqLfieislq25jxpATxviUI4o8puIwiJHIN/VfK"
    "Y1IeO2h5LLkblACsoId2NbeCjeBG9sEqSbpDqNrarIeY1UrXN5tZEq9DmykmylmytNG3IP"
    "CImliq1JCtQx2ozsrSZjay0NIxV2CCbIBf2ly5huak5dliXWz2E5NCaSWF0qUDbcFzMkIi"
    "GY844zExTBfaDH+avw779xw2bk2SZNkNzQX/AftOJUse+xaujgSiGLeeyoiaTH6aGA/SQa"
    "oqKpaeRcxdQfvaWbt2UJISOvh9FZp0RsA+mySrjYtpeVmtpAbgnWgAUuLVm7Gq64AyNrca"
    "CzjLZFgTYW6beVZq+XGAYYFvWKCxXYXMzybAkgv93wegYaDB91g6vO/g6NY2/neoup5RxQ"
    "HfSb4xQuPd/5BmbHf4HPEoifUbyDiJN46TiAwFc7vlMAoxqndtoAlWkAh8UZp3Dd4BZgc9"
    "IHe32GYtgG6KTvoSVixReTWxLSXMTLL/74T9lyarHbB60mRVcxfCIKkHQ1CN5Pvgy6jR1C"
    "LlRsZ/a9CSlaRjQ4fzBXJJmnwaPZN00fObrqVBP44yKAzUwO2/RZNl8ZrExyl+b01DpRWH"
    "HAyJG5jJYV7+sTDwsqJ3pHj6puJpOKRMZoDDCERo3rV0FZZ+EkfPJ3rX8BWr3fsWdXsPg7"
    "U/vGj7Au6sJJG8F2KPDxcaX3/dv7/tDu6I9yrJ12jYc+rkeq88DPpfBp3hsAWwQLiwEdkW"
    "HdL+7qHXGXnt5wuaTBpfbd9fd3o0NN+vFVSV6Hy/3Fl6XPMUSWOM5y5TVrzN3lJmeTQ8RT"
    "BjiBkvhZ1xlV9glEFaAztvlhC8iyKjzgJqBjHxwD84xwN/BFi0cgiEh+CPJWKp2/lOJiHB"
    "/l1M3mbD2YkzSZ2q3RU42GWdu2oOTEGPoJLL3LnIVRk1kLM8OUOSOskJe/HnjMCOhVHlX8"
    "gSqogcI6rh1C6/7NFagZaCOdsmEyOsoUnmQEwwASaZNphAGSo4xBEyOcDVHuC1Wlt0jGOU"
    "sqRVlUc5aXsROBgZpPVLenaSK/HRSUbio5N04iNfoldmqsPIfcZHPElXP7jLZ0Y84VGxqb"
    "PtdhJopJMKI9/48oh3BSWiAfasp6Ee+Mn62o83oKbTyP2bznWve0/u6FAzDYtc6/z20B2Q"
    "S97ujq+0b+669y2g6nPDerIe2r/fde5HSpARdqGu5tByleKZYXdRH5UOo8VUCPEVcQkyqY"
    "MT1sGFc0sZrwS9dhikMpCOh24BN7gEreTWqsytkeRXFv4KcfVRkrJGfqR7ViKFVtkiqy1B"
    "K1dblVebdC7mL736OhfLcr91G3XGYk9V8Yp6mOZlTaM00p08mYtc1k+WWboqDqpXC1IQ0x"
    "iRFEVlEMnug0jW9b5TR1YJ0Na8iHr0lM6BqqxMnwfUzZXp0/tsCaiKFt6t5h67Ed3YEcPB"
    "lx9PFo3oUK1pScWOr2lfNZrScWP3C7S2rcnuA9UhXdUVJ9+qsyVSD14vdQVJVoTOCZFiwz"
    "l5S1YSQHGsBn5ndcJsD7HB/sbOjxBe7/wb44SVyImTp+6I1xygCSBaMQcg2zNWOy2An2Ua"
    "JJuqCxDmCcCRHwJEc/p/IC1fVYMwzDTBqjuD1IrNKjmym4fkSWMVT94fUQrLOOF9CPr8OG"
    "HfkaaIPZpBKvUqMnSThG62Hx56XeL74m8rbEcaosq+GbR/vW+BV8Od6Zjzt5K7Vi7PtNJD"
    "MxHupkgEfZLuXYeBr8EQjKRPEb57GItF1Mcp6xQtU0ZUvYW57iJrPEn3rifnGgzBNZ4ifP"
    "cwFlvjcUq5xtN7ZwEXsRhZnTDds4MYmZwF4I+RSfi3gl845j9GJOP+t4n7l05zNXOfyuM0"
    "h8VbQy806nFK6RBbHR+59Ci/cQnTqq3nnbjMjNdpOcsxlh8usBvt5PGZVcG8q54tmG9aCW"
    "3Fmy0rawt1vsp2uInlGFRNjyZABX4/LfA6Q038F7SaYGKjeRO49PfqI2gviCrzJ4RPKDDD"
    "3A6yV+ySdyX2LW5GETafyPp45bLafLMKnpRItEBelEZ6UyYq5OE1pGxnTEl0UeW45feXCx"
    "OzWtuNbqyDA7OW1X1wszIO8EzLW6UXKDSUe6qoeJ4nlv+cH8t/norlF5c0pV6hWiJnHr2C"
    "lDilxCklTgGJ03eN54uca9/5zTLn2m9/s8w5xAKqrZoAz5GVQ8RChAVFaqPzvOsg8ANcml"
    "RchDoIZL4WUE2T+NpZuFVa4Cyz45Irr0vHvNILeEjrwTs85WXwtYwWriaoMrZVxrZWGNcc"
    "sa154gSjVd62jn+rjEKx2tE3nR9eXAqvjnzsfia3Dv2WInXkTwAG3yXc9Pex6sDvwHDAd0"
    "L/nd6gfPZ36hDzHRzN1X9iJppeZ5SK364rZmVA0g+56XnkJMsBSuNPJY0/waDl1XYG7aus"
    "ti6o7Sy5WgTHm40PLc+TTWKbwtZWWdDeQM2YqyZHTa+y3QQ9mo8+7QECneW93bnu3rV7R6"
    "fnTd8Isi47FlXfJ+LA0NJmlZLnz9w1xR5NIDSD8aHaQWS6Oj70h6kxYbjihdxoSp28f0Vz"
    "d532fwA1ZMd5MG6jTBY2WkrApu1zh5DPkQVXP83RC4nSni9dKqT8yQEYazyZmuAZLlzMcO"
    "rQBoQZfYYrGsttw4VJ9MlHqgtMqDouOD0HMwZ7u5MnMLneJZZVA1luQdaZL22xSmJLHriS"
    "PHBkCPMq3SIkUuOWDGSKLoO8LESMqIYMcPkshGDdl21qvVQb2voVe6k23uVXe/HOZOYWnI"
    "V0hKjCHpJVmtXSUMtH/zDFDp6htiJiRw/qU2h3LNdeNRgCR/R2pqhh0oYKxC1z+7aQmAcT"
    "TltABY4xtUjCqDlaWi440uHYcMH/NAGe1Tr+308fALKAiv9oGmnRBIZFfVSC+rjsgIoyO8"
    "8TUeF3QOfRqxUyoGERX0wQC7uQARfVlDci45j3sIuQ1JCjKL9mWHR95JXpojQypiWO5xt7"
    "9NYSU+/AENuI1zQy14TgfhzhgiNV7/NuwFGaGu7AJdvnSNI8EXSD9rWLoNlBNUwpwr0TES"
    "4Wc0hit1XqJs48g7POjDStPDuEzo4Md9IItulBEXcppVLuKN7ngQ1LXifI9KwUdoXcveIi"
    "OhRc9UVivDYqMSJfnk+TwcdeMA8DVRAEJZ6lgqCyCgI8XkKq8KB9DRnT8hkoKcqWL8pG9h"
    "QBTONUEtMUpmhZANI1kUQ0jugczpHIthq0r6FUmm9XzdpWpWD6bgVTAdtipFbX2nRXPFgp"
    "YS88sGnwJhFLQdUuhvgSKejFF1qitcPy2Vw1vKF6lXvCHHPgiFTheZ0hE9KMAE18S4d4Kp"
    "IQJK9Ez1g1iXDM8OUsqc/tSv8QySni9Je8tc7npONnyFpBb56SYIoReVWFVPwREilI5RCk"
    "+FLq5hRohyCxNm4fez3cFSYkNYEe+sPuqBVsMU/WVbtHspi1gl0muW/lc/LK5eOV4eKVCt"
    "55n0WcBp2/PXYHnaHSvh51+/ctQPwwDbxdKJ6i7clqP46+9gfdv9NKT0v8cbbxLy8V3cPo"
    "ceBlolu4S5tc+6XfvSFXXhBJcv1k3ba7NFfdRDVM8nt4/bVz80gvOdoM6sui6esu8wx/kr"
    "uLDP9lKr+atClLm3JFTpzSbcpeNooiUzxNK6d64akegFlkyrNo5dTfNPUnP5QCEc8RKhn0"
    "vCnoOTj8C20vDOL97S/HtdpcbDghQZnFxoFBLMehID/jTWkFYxdyy4zBQMiEqpW5KlJdJI"
    "ZkjPuo1w501e/3Yurbq24C7/vHu6sOZu0T21N6GPDTeHY1/iEbIyolMuptbfK7j4vy6/xi"
    "DHUhv8UkXe0sReWHrfr60TQrk11vKqSStaaqk+Ai7aeoui6cL8RLg0bpanNkl1EVdGKq0y"
    "lkeWNlHb0Rqj2etuGVgz1upQ2bP6frZcOWyZjqPOqMs8p/+8r4AVZtpMtyscKA6IKYxogk"
    "pMlUcTI7kSyjUomQjYwyKux84Es/j/eWyNY8HXg0g9xmTL3NsgRUfe+vu7C/msIbO122SL"
    "fuKZe3dGD0QR/QvmoE+j5cGP2ZyndkXE/lje6Mijcrcuer9H3DgIueIUnmooPXmeqCOb40"
    "hsCZoVdaVJc4HWr4e/EnkPpHQKW/8PfMx/gXsgFRFLKyVZbefx5vR44/o/RclJ6LVTKml+"
    "+5SFeZCMAhQR3hvbjIg+/FBR9gci8RZGerYiGMIUEdES59Apuq456LwBsS1BDePOko+dko"
    "U8ko4Y+FMkeWy0j7mW3DiBHWyb+sDDsGAWcFVYY4uBnUgE5imnAOcMLXSwslWeahOKG0EA"
    "lYiGw4Ry+FbAVxSmnGro5pIG0RknZA/v51mBahXHZAqWnfoaZdKoPLUQbn0VVGg3a3VlbW"
    "CO19qCl93S5fTblW/m5WU0aUzjtOExVPxiL1gZXRB8qQvjeOc5IBZ28eE6I6YtWE1hQ11H"
    "ftJHuPb0LwDxzBgAMmsSzJIlSSZbwSFD1ShDLdl3TmlUL8G6cirNpI70SUX6wFw3KckA4X"
    "2I0CfXxmVSrH8QNNFtlgS6rkTnODiIrbCOQFo3mPJ9AGLgIqmOEZ1wQL/DPIBUDdXuylxc"
    "4AJkSdR+AlXUhp920OaSntVk7IkglsZAKbdzLVZQKbfU/9d5qV7qHdvcE/VSOVQy7J4uRT"
    "P5SdLBCzS4pgGekISTmDUffUEoFuLCOd+2bFWlZad6lYk7WOpfonGPWIVJdXVIuQSMVPtu"
    "KHQFWC1qfmPhyRCVUpfc+vcDxD6LnzwskHH7vfzNL9vHotFfiSPzV8Gyxs9GLo0P6TAyhh"
    "Ezgunjo6QHi2AJK5zQaG6wAS7GToTdJeg46DG4xXQAWu6jyzYqfK6pahNPrWCDonDWjvYd"
    "2siDJJSGcky2iVK9fxdUnRscvLcUVpqixtVCYUJVwUAiBHaWoI8k7YWQqQAMZB+xrie5kH"
    "3ks+upcpcLF8ZSKVMYf/Ouzfcy2GAUlSQjA0F/wHEE3RAUKdAS0BIyYGBJAe3bV/S6J93e"
    "tfJRlM0sFVyrlHg0bRiIoYqRTUDklQC7mwAgOfpJXBNFULpknJkG8j8XzFnzLEwqjuYZ2S"
    "eGL3MyUeKtM5ftPcEg+hwmJJQNcEGpovlngSAsuYzlxzBY6I+OF8tOGLAV/xv6r1rBAq5w"
    "OY2GhOMz6Q4F1wdnkBdHXlsCSgXT0mjxndRQvaU4blvDpxNW8qFO3GYI4/n52/CnMnvDTp"
    "IUkC2wmhqdVmedN/vOp1wMOgc90ddn32Jdwd6U1yaR3xOei0eykOhS6aNMQZeehDijqZaU"
    "9Pzj+dfz67PA+l+PBKlvDO8DXA2xNRiulkR12JIMuglAgzEKbHlUa0sKYX5SUCMptY4sws"
    "k7BGiVOjJWMjZlIX3JOrhvTON2VngR8IxUFPUcpDMAfeIZuXgjoz00SUTOaZEMlE7nPwRc"
    "zXcdIaqkXetXS8KaK+b8ERwn/t2BZbBVGqcDT9dXt43b7pJAyxW6kaep5j4AgtDK3BUDXE"
    "7jezVA2Bi6FLmuY3rs5s1SFu8p7zGTAsoAK/qz85gOhKLRf4kklaQ8A0rJbQJdOo6vfhLS"
    "dTtQ3Xcyijz5PW1QOxrnqjlRqBDNtqSFFDo9ROjH7R1ZEb5eiKqh/On3Og/JmL8eeUlyDb"
    "Fz9DAVFD//tSFTuSa60p18oKoRDT6seppLNltrNlhEva0t+yt+7pMIHdyOjHZ1YOXn9vJs"
    "g7/I9NNXxtzf/6lGyQapMpH3gMtzIPifKJCKMZBOpSN1wSSmuYJJ38uosWwM/DbP5PyCLW"
    "QhW3MaZTaAOS0sOBDvAqXTk0ytbD1vmQlhl29Iw8dkgfFW8CCAfySrFhX2KDqs8NS/DciN"
    "LIUyNZcgu9cKSwzZF1AW2V5YTG1+5NpwVmhg6fLOJC3x/gnxgP4uSd3IHeQIIg/hPKdgGO"
    "iS4qPRqMKMfHq153+JUENy6WY3wSz6D+ZH3t9PCFGf5s/P/uzU3nno6h7tVREJauT/MI16"
    "d82fo0XQNiy0GLdSCHbA9DxssDN4I/uLa+WuWBy5IgO7+NYsJjyjc3FCB7/fsvQfOkw24c"
    "cHEpvrbCe409cWOcc16WLEYkebJsSd4DqwRBfhB2dJiwbpTjY9OqUsGTPvQM6X09KJtk9h"
    "3kcf4WrWDqYB45ZT77llCO0EbNWFaNgAWgCbCa4FvDWY7/CTVXhCK8J5NpVcY3OBi4Iuxt"
    "QFtlxqnx5RHvCi0wXWJpEPOsffIjcDd6Y7Hw8FLeNHzxQHCO10a8QC8YUtNMD1l2haoIWZ"
    "1sgmUUqNKIY6BpWNBhLIRsVBOkhZCtmIdmicCqmrbEc5rhF5CNapROQhqfqzOoPSsGQ72w"
    "YaJG6CSkSW+AOf4sLTRSCeGaJJbgxi3wqBiuUToJaQzSF9VcMvjlbDxDIglmIgJpSWIsli"
    "YUPvsTpBLYuOEC/mCoZfk68KB9lQW5ymrAF7bxgtFRLMSKMuKDnqTboxT3BiqKnUA/MdUp"
    "Y+vgZ2QJCfafjyWiLBovDdM1LOcjed5b6It2kqXFgRYx3DBrPvBD7WJUMq4xT5ydzFrKP0"
    "Pra4LzPN+KjHqcUo56VUad4UXtv32EuYhaUQTHPUkrUyBVZ6BZJnYv5lyEhYzS1CHl9775"
    "Rw8/vWBmuTitXF1VXl345gyJZpiKEUkHlsTi8Z0KBDGNU0lQOXVnZNBUiaDGXVXyghqnkq"
    "Bm+69FXIy2dGC7Wvd0mMBu9GCL74EcF7b06VUCtjWvqhA7sHPg6i9xCewmYON7YQ5kZWBq"
    "KYGpeTxa486mNsfie+XT3v48gCbPupsRa1oT7BPi3wLZLsOAIAKW59o7oF3VCajdO0oP4J"
    "x8tN3gOkyHLZo5gp1tv3HedEgWgHMSgKw65DAGyIKAOLSSgGQV+Ec0mCCvMIz3jBaAqjYD"
    "xGbhVY45erzv/u2xwwhzLr/7XJ7d+F/8W5afOZBIZ+l9/Xbe13SdMLFnz/ygfZXxzj/9d1"
    "w2lOxhBZSqETJpp6qKgjWPdVIqA6WKpUoyVYaK5Y2T/cTkhQzON5AncvC9oRSTJwkoyXdK"
    "M3MSKo8bDQ3FIR+qumCO5yblWhfQpkQ0547XIIvv3cEDmJzvOmDWexK+ng5rxGsLmevyT+"
    "vQURl2uA8VfEZJEk6ehnys72HkbGgMH9p3LeAs1PmT1b+97dwPu790WnhJTKDlGC/wybru"
    "34/a1yPlpjNqd3vDFsDgu3gB42e4WHh0nizSf/uq/zhSRl87Cj6lf8evgjCTNCbVvvFyoF"
    "UuSO34nzvktZ9xr33cdICfQxdLAXbw9DwHO3h6zq8AeZ5kB0V9Y6VPbGGfBukd+B7578RB"
    "J+jIEiWVfixV9mMJeB3hVCwxMilpMet3yfw2Mr/N24uu/Pw2oeTK2hFKgLbmRuzEJlg9pc"
    "DQVX1GhakT8G43c6gEnLDlRoXAYGlZxBLlLOcOEdZJlc+kuE5vUAOW5wbQBM9w4YLxCqwT"
    "9B7NjalnMwYnxwy9wI6e82Q9WUPcZZMIRUAleTam0PENabR/L5QZ4DPWyxpM78wM3XuZMY"
    "XHAfAH/sdcNWkBE2sFkK1Du/lkOYi+6cSYLvFWByyInwB025i4H8E1XiJTZK+8b1JtCEie"
    "D/Cd5v//Hn7TkWfUI7Y/28tdbJKsx08WMfxpXh9GRhrjdaolulybMW8Maec7DDtfYgQL2f"
    "sSfVRa9dHrDkc04Y/v3BK1/T1ZcavgQ689uu0P7lpgYaruBNnzClgHpc/oDtjsA6ikcrzb"
    "fai0Mir4zFG42ai4gCaoJKwZsCrOH8WQ9QkluElwrRMBQL3GEsQUiKciIJ5KEJkgnomAeC"
    "ZBZIJ4LgLiuQSRCeKFCIgXEkTeqZ2ZSDLz2C4jj2Tt4eWnk8zEdutskrUHlp9UMnvSbptT"
    "sv7AZqeWzEa3lMyStYeYn2AyE92t80vWHlhOmslMVLfLMll7SDOTTWYCW0auyVrDK1NT8a"
    "E+TJcjhi9KGBSYMoru31zahrahzRoMS6l/p5llJFXXbUqts7KNKe692OG23HP4FrYXaDtM"
    "ToQf0BUhqbItrWBM1+nFRR4v3osLvhsvuZcoKoAXlQDCfvMaontynC9kLitmLhU0R5y/mf"
    "lT+QltIyT7T2n7NvbG0pLXvulh9t//B5e5ZRA="
)
