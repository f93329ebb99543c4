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
    "eJztXWlz27a6/isYfUpm3BxbXpKjOXNmZFtOdCtLPpLctCfusBAJSRhTgMoljm5v//sFuI"
    "gbSJHUYorGl7QG8YLUg+3d378aC6oh3fzQVlVqE2tMnxFptMBfDQIXiP2P8PkJaMDlMnjK"
    "Gyw40R0C6PZULN7VeQQnpmVA1WJPp1A3EWvSkKkaeGlhyt/WGGEy09FPtokAWkCsIw045O"
    "Cd8yf4jgw8xSrk/U/AEprmCzU0YCATWe9PgGlRg5HMoTlH2gf+So2q7J1s1L2MbhP8p43Y"
    "L5wha44M9o5vv7NmTDT0A5n+n8tnZYqRrkXgxBofwGlXrNXSaXt87N7eOT35l08Uler2gg"
    "S9lytrTsm6u21j7QOn4c9miCADWkgLgUtsXfdmw29yv5g1WIaN1p+qBQ0amkJb51PU+NfU"
    "JirHAjhv4v9c/Nv7tFA3RekPxsqoM1aURmJG+SfEpsFrUinhqwETiwP119/uuAEgTmuDv+"
    "DmS3v47vzqvQMBNa2Z4Tx04Gr87RBCC7qkDugBykvbYBQoCfXNHBodYi8cuLvsSyBRUQL2"
    "EHkMe/bpZVD3GwLYg43gA+pDlh/kxi+dYffuN6Vz3+72Wu4yXinOmn4iww6nemiPRl8Hw9"
    "uWu5oVf3HH94h4choL+EPREZlZc/bneTNjsn5pD935ajrzRdl+d4+Dvvek6Tzi0xZMk7ML"
    "Fb6xxDMl3hRRqt1M0OZtUXx6cu+BKMxXFzlgvrpIhZk/isKsGohDoUArCfMte2LhBRJDHa"
    "WMQa15pB/8/6nOzsgPPfuB2oDoK2/KM6Afd+87o3H7/oG/bmGaf+oOfu1xhz9pOq2rWOu7"
    "q9g0rQcBX7vjL4D/Cf476HfiZ9y63/i/Df5N0LaoQuiLArXQ6vRbfdQis45+LDEbrcSsRy"
    "lrOOtHMss+JpnTzLiaMjs7RLaDCfbWo5zfvcyvoRTjGkMku2QdqzupGzhFzoxPn4WMIocq"
    "Ce0dY/jxjPyMVgk+MQaoJx09esMcJ6RBa7CVDfiyll7CC4r9dvaLkeXyaO3RTfu203AQnk"
    "D1+QUamhKBmj+hTRprWfdNPlo0F/EWSODMAYf/Cv7NHupDpFLG9K5u2J8NgcwaeX6SJbMa"
    "Xk8GBYMyl8yaDrKUDiuw508ypEM+yYWljgiRFDo2Ch2SL5F8ieRLJF/yJvmSKZvoeaouPf"
    "J8A1/i9CykSx8QBOgSsokEHrmr7f4AhtRydNxgAZ+RCSBQ5wxcQKeA8SmLFmuYwgXWV+Ad"
    "ZWOYyDRZ5/dJffpe3iC5pgqcSFlckztzBY/8CNF+D/1DMk/bICzV31L9XZWLVqq/pfq7sr"
    "Ms1d9yftkB9Z3dd2WmOEopZ7nKs4yXRTggt/fhPDMa+2LUD6CDMxQmoxLB5kmHN0pVO5jP"
    "T0/z+LGcnqY7svBnAqSlNkxqw6Q2LK4Nc1AXaMH82UjXfvEfJI1xNVcrOe6KRa6nNUHtVB"
    "/NyzwcAOuVejM5z6I3k+/xWVjPlCCssitsacQvcyF+mYH4ZRzxKTZMS3H+KgB3lKqGWJ/l"
    "4rvOMviusyTfpcMSUEeIasff7gXnJcOoEMZrglL4VkzU3rcfPPzObkdDsY1CF2GUqn44X+"
    "ZayJcZC/kyuZAnmCYxHqMflhhjr3sNDoksdVHn13FEU+Qj+O6+/ev7iLaoN+h/9ruHEL/p"
    "Da4TJzOZ2UwiMJNwtw0DrtKO5hBVDHUdm9beYA846YmNdQsT8wN/32sw0xzfb7/H4MSmMq"
    "emQI9zTamOIEkRSgKqGJgTRrYvMNcth8XtejDoRZbxdTe+Th/vrzvs7nPWNOuEXQG52x8n"
    "0YbaApPicK/JJN4F8Wa777uAxdgI+JrugIj7MuLRAu4I0Yob+FrKuiIcQBpZqmxksai1VE"
    "ykGqiQOSBGVj8+c/d2F+uFKlN2MFFDQYRDUGaHpQ4id1nld5mjYTAtJDBrXuNZl6RIG0na"
    "2FxjkocDrtjsss9l//npn83m+fnH5un51afLi48fLz+dfmJ9nQ9OPvqYdQ12P/MLLTLDyR"
    "tOen2lT0h9vb7spVZy1qOUctarMuuCQ9f5+oS5ON26GVK0JXLTxA5nj/7u5yHSHU92wWJI"
    "yYhzZMshzaoc876Kx0WWxysejVlPvOLxGtvgFY0SqSNeXMXGBtkSqZ47Sl1BYkMst0Tomt"
    "LnGiPEcxsZ3x0MJFBZQE3cn8fEeQNve557UI3WQ9UFsH06Q7UXiGBr1RBl2PMenWQm13M6"
    "4arlKMjw1RW5RR2/q85FHtPkRbpl8sIzTKb7RRV1aqix58inPGB/Sgf7U8IKrDIoZtRYFQ"
    "E4TFNDkHe1okMHhUoFBrSMo0IVXjcSXB/cAiLvPu+wG8h+lwaNG0qmOnaun8RlluiTeaup"
    "Xm9+GTvdc4a6twnAiyU12KoA6DsiFrDm0AJsSemYdQUv2JoDCIaUmhbweB/2c1hXA7Cv0T"
    "Gj4zIpwFYyyn3Xgwuu3G+NKULORiB4NndAct6k2Oza/F36KVfJT3k9Q0mlYsqF7BNk6RKP"
    "8GTLgJfrAuOG5vV6LnATRIhq4Ht1AKdj014sYDGGJkQiMc6DsYYspJazLsRIpXmhKuaFPE"
    "YlfkkXzXsSkMjgvrhnqKuuLYholEqCmh0x6fOVW0ZM+mz8nTfccUK7MXIytFvFkZOC5bsD"
    "dOtnt4gDG920VYpKjazsDAHWX/k5hFe+igoIruwN4HHY85KjAZO9H8wp+4dJSZBQLiPy9G"
    "mEIDYBa0mUYU3BRKfqM/vDETFMsei62+GFwmtoJ/AgFCmwVktgrbwC+ZgD4grGam0TpFW1"
    "wz8maZ3mgpd3S5e1TlMiO80Vu0DLyFtJauk1Wx0HrqSI5Tm9QssWWKU3RPIGZAc8upbszv"
    "fuvkOcYLkOsIzzS7i7kGFQQV6VDXCvqWp3Uewl4FT6IaejX1+VkdRx7F/HIQXxQwni4dIZ"
    "IQNted8xkXm4JshHjgFXgt4Oq75vRzxK7vSw7nX+RhYodEJ7PF2XE/ZH3qt33bcGj8v3tm"
    "Poov9dKk1eVWliYUsvpDVZE9RQtD9r5pI7mhmCRzPBD4e/LIFzeiKWGFkNZI9DJ2QxdVvA"
    "K2W4B3j9a+e7e3aVa1lfZSzrq2SCLIMukWGtXJyEMOeoOx0f5IDLHC6hYS28pL8FJqHRfm"
    "gPx/ed/rgF1mM8kS+Dx1GnBebUNtET+aXb67Vb4DtmH/lERuPH2+6gBUzL1jB9Ir3BHSPW"
    "6ZTR3bSvu/0WUOEEE/bXYDxuf2bjqNSy2JX/RD4/MtHMG3xmI9Py3jAefO17zRZ9IV7r9W"
    "P/c7s3+NoCE5vMoE5fWM9u/zfly+Ce98RkpXCjyBO5aw/vFSb0/cbBMRZcqbRi9IM2+7IJ"
    "hezLHvvd/zx2vD7eDc97xa0v+ZSmuVSmGQrT+PozKF1stfYiAxxw3bHVgg2kLHW4/qjcS4"
    "8tuu6wozz02jdsNsMjPZGHYfeX9rijDAeD+xZYGvg7+3KF/0q2ABmInVvvkcngYcwXf1KN"
    "qYSaxhiWQnrQEEkNbsYDuHIRxKSqCTXmlBbyTIzT1Q7tvRjLVC+uKXeohddfopsHXQPNhM"
    "x0Or4BhUQ41/rlgf4Fo4UCktphnCf/aXr600T2U77blWdU+ITwafaFb1LBccRLOHxxFQVb"
    "RFu7Rb2n9NQWZkKOgCm/05lQkWZlDYhiME851dHqgoUhI4PH614HPAw7N91Rd9CPWvKch7"
    "wpyGU47LR7cZQpmZWAOUwlcc6BMzczK/9bMBF4hOiAp8bj+OYwB8fu0wfy4R3dhkAGHC2g"
    "rqcmkItSlkoeVwrts30h7aaOO29+vFoni+N/ZKWHG923e71kPrgJ0riIXxjSMN3hAD09Ck"
    "DLgClXZgJIaM1TluYtUjEDNAXMMF3cPcgl/OANcGzoZl1k7AJjOL47P4lnOQ7H0cc0auGs"
    "KVGEM3LRR6hkLvpIFj1euX2CdaFeJwvSOKWENYDVsVkohq2L1mm6ZTRGVgPB7NCWUXWO1G"
    "cFE2VquDaA3FqIOOEBwT+7bJ2eHobDzaN/T9e+J3Tva9RsYhUr/ZakrF828r2ATW1L8Z2E"
    "i4Edpjzk6j471tWNHQOrpfCMMEm4s6tZxEhlCZECFS0W7FhIc7fcIDRHKKVoEtNElAQ1Qn"
    "k4UM+vLqsPq8o9MHTX8VdZUh2rKfr4zW4bKUMd8KjmbrSGl8qoiPPGXa/za/e612GD6ugH"
    "Zp/wRO4Ht51he8za/FG5t9CwezPm3kKG5yn++i4aqm0YiKTNWsp9GqI5pB50dHuYe/Q8B8"
    "jn6UUREwYrfnjoK2XJZl3At6QePAm62ijtmmcXHy8+nV9drI+fdUvWGSQ4fjgLwqNBpqgI"
    "snEyCWwc2BeEntnS07DplhlYqoKgv+x7M2WI2mC9E66EEmu+Jc5pY0igwy7jGQHZm1mTV4"
    "nL1gw4LezCfDtscw9kh/aJPDxe97qjL53bFljaEx2bc6Rx91/WOOaNNuFqQ942ehw9dPq3"
    "vNG0TR4S7iaLqQCD4ielsfzyEbnZlATloQIAQgpaL2bLD8f68C8dLiYa/PfedLX7NumuF1"
    "KJOPA4rcxkUeVMFm5gbbkckWFKOctVnmWZ1SH9KK1vVgdZXa5usy7Y7Ikg/lCkdt7w6xCJ"
    "zOKRncVDXNW+cAqPRxMdY8B13vwdoQUVSd4x7Ljq0ZzZO4R1FmIWKpnGI3ECJFN8bo9ZzV"
    "LqRqWdObXobor6PfCh6orTIdPDHCVAJoImJVBX+A/bEqiRN9bwqMtu5KrvJ4sgyiKI1c/S"
    "5B7t6ama1kf/xnxNSnDh7DlrUyxDHzWxM6xM27R/GeIEpKdtWk9EAutsK1CYTlp+IhxvSo"
    "amLMNBnbIzxXwbcgWHnmcEh54ng0OxqTgV0QU3UKaXYIhMeggW8BA8Qmvm0qBOwEThRNON"
    "h+HgpjMadfufefIbf5QnMuy0b39rAa6tW/GsR90et15OIdbLmS7P8iQDOEvPBnCWSAdgL3"
    "UKC8eoR6lqmIyvmTfNflaW/TjW1MAzzOWrgmjH6ernhr8XuHVozFBRrCNEEuhcQJuc6ysK"
    "dIRIAp0L6BesscETIKe7t/n9S3HbVcN3x+6DcySuMZuKZkAg4UzCWbi8RX0rW+xFfpE+EO"
    "noH6c1XFa2qIZNXFa2qEOJSdcyJ9Bvr0126YrtwDKYo5ikW6gRWHNoAWwCQi0wNRBqATdl"
    "MXjnYXTidnwPFvAZmeDBXZOj//SAgaa2iQAEJmKAa0DVIV4I6kru802bSkw6I25XZPIaz1"
    "J5KeHJJOCjvDW4nc59/1zUP5vN8/OPzdPzq0+XFx8/Xn46XbNTyUdZfNV19zNnrSLXjc9r"
    "ZRSfFHOynC3ICNvaxA0c7zEmQpbf5jGW6pl9ZVkFpU9bZd1X47o3uPmZaxy9GrNPpHv/MB"
    "g6cRV+EVqedn3gdqL0uaRacucV83yrcTG+J0q1Bd9TMVltGzOelCDetgQRqraedxuFSOQe"
    "+lvKY1IeO2p5LH4a7ADYgm611TwKNoIbOgerJOmOEDTUeY8KC+8FD0+yJF7T6aboNGf1vc"
    "aAIOASnTCpUqWGhjQAec3vuUEJtU19BabUAOyj9ZWFVTMpz5YbYrOfmBRKKymU2iYyCt6T"
    "IRLJeEQZjynWLWQI/Gn+ZzTop7BxAUmcZceqBf4PHDr/J3/ta7g6cogi3HoijWU8Y2VsPv"
    "gAiQJ/THouYu7y+9fO2rWH6mrIZN+rOJlCCthn42S1cTHdXSoiqQF4IxqAhHj1aqxqEAUk"
    "5lYjUUKZDGssNmkzz+pYfkyACfjGBBrDUvj6PAFMcnH+7z1QGdDgj0gOsz/AuzsD/2MELd"
    "eoYoI/eJIoTuM+f59kbPf4nuJREsEXyDiJV46TCE2F8LhNYRQiVG/aQOPvoCLwhWneNHhH"
    "mNLxiNzdIod1AXQTdNKXsGLZpauJ7U7CzCT7/0bYf2my2gOrJ01WNXch9DMxCATVUJKGdB"
    "k1nA9it5Hx3xpOnUE+MNbQYkktntvciZ6Ju+h5XQNp0Iuj9Ku5NFj/b+EMR2ldovMUfRbQ"
    "ONKKyS+G2APG5Aibfywx21bOEymevqp4up5SITOQwgiEaN60dLWu11McPY/oTcNXruDqax"
    "RbPQ7W/vii7Uu4s/Ls326IPbtcnPj6m0H/rju8596rPMkeNhaOk2tfeRgOPg87o1ELMIFw"
    "aVB+LJq8//1DrzN2+y+WTgZg1tru33R6Tmi+V+ClKtH5Xo2q5LzmqWwlmM99pqx4nbNllz"
    "Wt2BJhjCFjvBRxmsz0qpAC0hrYebOE4H1UhjSXSMXcxIP+TLke0mdARCunoPAU/GlTkbo9"
    "3clkTXB4F5PXOXD24kxSpxJlJS52WZysmhNT0iNox7XJLGpBQeHaLE/ONUmd5ISD+HPGrN"
    "dmCWNBhLCGtoIjsQ34mGQaB3wtXcEpDpHJCa72BAf61qJzHKGUBXKqPMtxo0ABXkRAWr9s"
    "XGe5MvKcZWTkOUtm5PFETWUOTUFSrnTE43T1g3v3Fd1cqYZJ99wLdDvRKDRIhZFvfH5kp4"
    "ISUk26Zr21gvKJfBlEOzg2vdDz285Nr9vnTzSk6pjwts6vD90hb3JPd9bSvr3v9lsAagvX"
    "qlMBicqdJiLURKRrgGJkUvlTWPmzXjvKZFXQXURAKiO40tAt4X8Vo5XcWJW5MZ51ibBfUV"
    "xvEaeskQPjgbUXa3Ngmd0Wo5W7rcq7TXq1pm+9+nq1yuKgdZt1wWZPFJMKuzbmZU3DNNKP"
    "OZ4EW1ZblemhKg6qWzmuIKYRIimKyuiF/UcvBNWBE1fWDqCtecnl8C2dA1VZxzoPqJvrWC"
    "fP2R2gWrRMZzXP2I3oRq6YbeqEzyGZ7ag06o0zVo2WdNSY/R2RbSs4e0B1+FB1wukAgXHe"
    "4koPjwtW38YgOSW06vMk3Xe7AzoFXDI3ATVcg5jZAuxdOuapBC1A2bkE3nn+705C6/e85w"
    "vE/NJ2sgtac+RYykT59vfzkjw5XKKZq0OKKRkkdwhhIz1IzjPWl7GJCUilbCfjlnjcUvvh"
    "odflZnjvWBEb67k67XbY/tpvgRdszTXGfZQy0e8+LomyYcqEj8bp3nQMZABGwTDSBOGbh7"
    "FcOGmUsk6u4rsIKSXopdQej9O96cUZgFFwjycI3zyM5fZ4lFLu8eTZWcJNJUJWJ0wP7KTC"
    "F2cJ+CNkEv6t4C8c8BohkkGv2wS9Ssedmrlw5HHcYeIt1krNepRSOuVVx08nOcuvXL+vav"
    "t5L2b7SZCTbjcGu+MFdqOtLrqyKph00LVHpZtW1vaqzZaVwEqWr6wT60JM7Kjp6RRA4I3T"
    "Ai9zesL+QeQETA26OAGW8/fqA2gvuSrzJ8puKDBn3A41VuJ6Tzscu7gZpbD5RBaH2i2rnW"
    "5WYYuSFq0OFaaRHl2x8lBsDynbGVNiQ1Q5NvLtJYJjrNZ2sxsZ4MisZXWf3Kyo5jTT8lYh"
    "zKWm8kDlxC7yxBNfpMcTXyTiiYtLmlKvUC2RM49eQUqcUuKUEmcBidNzz00XOQP/3c0yZ+"
    "A7vFnmHDEB1YA6YGtkZXKxkDJB0bHRud51CHhO9ieOuIg04Mt8LQB1nfvaEdYrKXDucuAd"
    "lx2Wjnk7z14vrQdv8JaXAaAyYrGaoMr4OhlfV2Fcc8TX5YlVCpc42joGpzIKxWpH37QZb6"
    "3OGwJG3XuSyaHDoM9OS1Jtww2/FSPLlgUx05lfJueYuJjKMERSZfVvSa1h8/Iyh9qQ9UrP"
    "Q8ifxRSHbFMVQNjrXkN095I+lb3RQqLaNum+dyES6XlX0PMuwZ8eUvn09/8DLnfb+g=="
)
