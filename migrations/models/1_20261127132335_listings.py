from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "amenities" (
    "id" VARCHAR(40) NOT NULL PRIMARY KEY,
    "name" VARCHAR(80) NOT NULL,
    "category" VARCHAR(40) NOT NULL,
    "icon" VARCHAR(40) NOT NULL
);
        CREATE TABLE IF NOT EXISTS "search_logs" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "user_id" UUID,
    "filters" JSONB NOT NULL,
    "sort" VARCHAR(20) NOT NULL,
    "result_count" INT NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "search_logs" IS 'One search, recorded asynchronously for analytics.';
        CREATE TABLE IF NOT EXISTS "listings" (
    "id" UUID NOT NULL PRIMARY KEY,
    "title" VARCHAR(120) NOT NULL,
    "description" TEXT NOT NULL,
    "slug" VARCHAR(160) NOT NULL UNIQUE,
    "property_type" VARCHAR(20) NOT NULL,
    "room_type" VARCHAR(20) NOT NULL,
    "address" VARCHAR(255) NOT NULL,
    "neighborhood" VARCHAR(100) NOT NULL,
    "city" VARCHAR(100) NOT NULL,
    "region" VARCHAR(100) NOT NULL,
    "country" VARCHAR(2) NOT NULL,
    "city_key" VARCHAR(100) NOT NULL,
    "neighborhood_key" VARCHAR(100) NOT NULL,
    "latitude" DOUBLE PRECISION,
    "longitude" DOUBLE PRECISION,
    "time_zone" VARCHAR(64) NOT NULL,
    "max_guests" SMALLINT NOT NULL,
    "bedrooms" SMALLINT NOT NULL,
    "beds" SMALLINT NOT NULL,
    "bathrooms" DECIMAL(3,1) NOT NULL,
    "amenities" TEXT[] NOT NULL,
    "accessibility" TEXT[] NOT NULL,
    "house_rules" TEXT NOT NULL,
    "check_in_from" VARCHAR(5) NOT NULL,
    "check_in_until" VARCHAR(5),
    "check_out_time" VARCHAR(5) NOT NULL,
    "instant_book" BOOL NOT NULL,
    "min_nights" SMALLINT NOT NULL,
    "max_nights" SMALLINT NOT NULL,
    "cancellation_policy" VARCHAR(20) NOT NULL,
    "currency" VARCHAR(3) NOT NULL,
    "nightly_price" INT NOT NULL,
    "cleaning_fee" INT NOT NULL,
    "weekly_discount_pct" SMALLINT NOT NULL,
    "monthly_discount_pct" SMALLINT NOT NULL,
    "status" VARCHAR(20) NOT NULL,
    "calendar_token" VARCHAR(64) NOT NULL UNIQUE,
    "published_at" TIMESTAMPTZ,
    "deleted_at" TIMESTAMPTZ,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL,
    "host_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE RESTRICT
);
CREATE INDEX IF NOT EXISTS "idx_listings_city_ke_fba3c3" ON "listings" ("city_key");
CREATE INDEX IF NOT EXISTS "idx_listings_host_id_188b7f" ON "listings" ("host_id", "created_at");
COMMENT ON COLUMN "listings"."property_type" IS 'APARTMENT: apartment\nHOUSE: house\nVILLA: villa\nSTUDIO: studio\nLOFT: loft\nCABIN: cabin\nCOTTAGE: cottage\nGUESTHOUSE: guesthouse\nTOWNHOUSE: townhouse\nBUNGALOW: bungalow\nTINY_HOME: tiny_home\nFARM_STAY: farm_stay\nBOAT: boat\nUNIQUE_STAY: unique_stay';
COMMENT ON COLUMN "listings"."room_type" IS 'ENTIRE_PLACE: entire_place\nPRIVATE_ROOM: private_room\nSHARED_ROOM: shared_room';
COMMENT ON COLUMN "listings"."cancellation_policy" IS 'FLEXIBLE: flexible\nMODERATE: moderate\nSTRICT: strict';
COMMENT ON COLUMN "listings"."status" IS 'DRAFT: draft\nPUBLISHED: published\nUNLISTED: unlisted\nSUSPENDED: suspended';
        CREATE TABLE IF NOT EXISTS "calendar_feeds" (
    "id" UUID NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "url" VARCHAR(2000) NOT NULL,
    "last_synced_at" TIMESTAMPTZ,
    "last_status" VARCHAR(10) NOT NULL,
    "last_error" VARCHAR(500) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_calendar_fe_listing_838605" UNIQUE ("listing_id", "url")
);
COMMENT ON TABLE "calendar_feeds" IS 'An iCal URL of the same home on another channel, imported into blocked nights.';
        CREATE TABLE IF NOT EXISTS "calendar_conflicts" (
    "id" UUID NOT NULL PRIMARY KEY,
    "night" DATE NOT NULL,
    "event_uid" VARCHAR(255) NOT NULL,
    "summary" VARCHAR(255) NOT NULL,
    "detected_at" TIMESTAMPTZ NOT NULL,
    "feed_id" UUID NOT NULL REFERENCES "calendar_feeds" ("id") ON DELETE CASCADE,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_calendar_co_feed_id_6ae4d7" UNIQUE ("feed_id", "night", "event_uid")
);
COMMENT ON TABLE "calendar_conflicts" IS 'An imported event that collides with a Roost booking: never applied over it.';
        CREATE TABLE IF NOT EXISTS "listing_photos" (
    "id" UUID NOT NULL PRIMARY KEY,
    "position" SMALLINT NOT NULL,
    "caption" VARCHAR(300) NOT NULL,
    "is_cover" BOOL NOT NULL,
    "status" VARCHAR(12) NOT NULL,
    "upload_key" VARCHAR(200) NOT NULL,
    "original_key" VARCHAR(200),
    "large_key" VARCHAR(200),
    "small_key" VARCHAR(200),
    "width" INT,
    "height" INT,
    "error" VARCHAR(300) NOT NULL,
    "created_at" TIMESTAMPTZ NOT NULL,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_listing_pho_listing_8d1201" ON "listing_photos" ("listing_id", "position");
COMMENT ON COLUMN "listing_photos"."status" IS 'PROCESSING: processing\nREADY: ready\nFAILED: failed';
        CREATE TABLE IF NOT EXISTS "nights" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "night" DATE NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "booking_id" UUID,
    "created_at" TIMESTAMPTZ NOT NULL,
    "feed_id" UUID REFERENCES "calendar_feeds" ("id") ON DELETE CASCADE,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_nights_listing_5a122f" UNIQUE ("listing_id", "night")
);
COMMENT ON COLUMN "nights"."kind" IS 'BLOCKED: blocked\nIMPORTED: imported\nBOOKED: booked';
COMMENT ON TABLE "nights" IS 'A night that is not free: UNIQUE (listing, night) makes PostgreSQL refuse a second claim.';
        CREATE TABLE IF NOT EXISTS "seasonal_rates" (
    "id" UUID NOT NULL PRIMARY KEY,
    "start_date" DATE NOT NULL,
    "end_date" DATE NOT NULL,
    "nightly_price" INT NOT NULL,
    "weekend_price" INT,
    "min_nights" SMALLINT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "listing_id" UUID NOT NULL REFERENCES "listings" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_seasonal_ra_listing_8f9172" ON "seasonal_rates" ("listing_id", "start_date");
COMMENT ON TABLE "seasonal_rates" IS 'Nights in [start_date, end_date) cost `nightly_price` (Fri/Sat nights `weekend_price`).';
-- Hand-written below: what Tortoise cannot declare.
-- Integrity: the database refuses nonsense whatever the code does.
ALTER TABLE "listings"
    ADD CONSTRAINT "listings_prices_ck" CHECK ("nightly_price" >= 0 AND "cleaning_fee" >= 0),
    ADD CONSTRAINT "listings_discounts_ck" CHECK ("weekly_discount_pct" BETWEEN 0 AND 99 AND "monthly_discount_pct" BETWEEN 0 AND 99),
    ADD CONSTRAINT "listings_capacity_ck" CHECK ("max_guests" >= 1 AND "bedrooms" >= 0 AND "beds" >= 0 AND "bathrooms" >= 0),
    ADD CONSTRAINT "listings_stay_ck" CHECK ("min_nights" >= 1 AND "max_nights" >= "min_nights"),
    ADD CONSTRAINT "listings_location_ck" CHECK (("latitude" IS NULL OR "latitude" BETWEEN -90 AND 90) AND ("longitude" IS NULL OR "longitude" BETWEEN -180 AND 180));
ALTER TABLE "seasonal_rates"
    ADD CONSTRAINT "seasonal_rates_range_ck" CHECK ("end_date" > "start_date"),
    ADD CONSTRAINT "seasonal_rates_prices_ck" CHECK ("nightly_price" > 0 AND ("weekend_price" IS NULL OR "weekend_price" > 0));
ALTER TABLE "nights" ADD CONSTRAINT "nights_kind_ck" CHECK (
    ("kind" = 'booked') = ("booking_id" IS NOT NULL) AND ("kind" = 'imported') = ("feed_id" IS NOT NULL));
-- At most one cover photo per listing.
CREATE UNIQUE INDEX "listing_photos_one_cover" ON "listing_photos" ("listing_id") WHERE "is_cover";
-- Search: ranked full-text over title, description, city, neighbourhood ('simple': many languages).
ALTER TABLE "listings" ADD COLUMN "search_vector" tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce("title", '')), 'A') ||
    setweight(to_tsvector('simple', coalesce("city", '') || ' ' || coalesce("neighborhood", '')), 'B') ||
    setweight(to_tsvector('simple', coalesce("description", '')), 'C')) STORED;
CREATE INDEX "listings_search_vector_gin" ON "listings" USING GIN ("search_vector");
CREATE INDEX "listings_amenities_gin" ON "listings" USING GIN ("amenities");
CREATE INDEX "listings_published_city" ON "listings" ("city_key", "nightly_price") WHERE "status" = 'published' AND "deleted_at" IS NULL;
CREATE INDEX "listings_published_geo" ON "listings" ("latitude", "longitude") WHERE "status" = 'published' AND "deleted_at" IS NULL;
CREATE INDEX "listings_published_price" ON "listings" ("nightly_price") WHERE "status" = 'published' AND "deleted_at" IS NULL;
CREATE INDEX "listings_published_newest" ON "listings" ("created_at" DESC, "id" DESC) WHERE "status" = 'published' AND "deleted_at" IS NULL;
CREATE INDEX "listings_neighborhood_key" ON "listings" ("neighborhood_key");
CREATE INDEX "search_logs_created_at" ON "search_logs" ("created_at");
-- The amenity catalogue (models.listings.AMENITIES).
INSERT INTO "amenities" ("id", "name", "category", "icon") VALUES
('wifi', 'Wi-Fi', 'essentials', 'wifi'),
('kitchen', 'Kitchen', 'essentials', 'chef-hat'),
('washer', 'Washer', 'essentials', 'washing-machine'),
('dryer', 'Dryer', 'essentials', 'wind'),
('heating', 'Heating', 'essentials', 'flame'),
('air_conditioning', 'Air conditioning', 'essentials', 'snowflake'),
('hot_water', 'Hot water', 'essentials', 'droplet'),
('essentials', 'Towels, bed sheets, soap', 'essentials', 'bath'),
('workspace', 'Dedicated workspace', 'work', 'laptop'),
('tv', 'TV', 'entertainment', 'tv'),
('pool', 'Pool', 'outdoors', 'waves'),
('hot_tub', 'Hot tub', 'outdoors', 'bath'),
('garden', 'Garden', 'outdoors', 'trees'),
('bbq', 'BBQ grill', 'outdoors', 'flame-kindling'),
('beach_access', 'Beach access', 'location', 'umbrella'),
('lake_access', 'Lake access', 'location', 'sailboat'),
('ski_in_out', 'Ski-in/ski-out', 'location', 'mountain-snow'),
('free_parking', 'Free parking on premises', 'parking', 'car'),
('ev_charger', 'EV charger', 'parking', 'plug-zap'),
('gym', 'Gym', 'facilities', 'dumbbell'),
('elevator', 'Elevator', 'facilities', 'arrow-up-down'),
('pets_allowed', 'Pets allowed', 'policies', 'paw-print'),
('smoking_allowed', 'Smoking allowed', 'policies', 'cigarette'),
('self_check_in', 'Self check-in', 'policies', 'key-round'),
('crib', 'Crib', 'family', 'baby'),
('high_chair', 'High chair', 'family', 'baby'),
('smoke_alarm', 'Smoke alarm', 'safety', 'siren'),
('carbon_monoxide_alarm', 'Carbon monoxide alarm', 'safety', 'siren'),
('first_aid_kit', 'First aid kit', 'safety', 'cross'),
('fire_extinguisher', 'Fire extinguisher', 'safety', 'fire-extinguisher');"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        DROP TABLE IF EXISTS "nights";
        DROP TABLE IF EXISTS "calendar_conflicts";
        DROP TABLE IF EXISTS "listings";
        DROP TABLE IF EXISTS "calendar_feeds";
        DROP TABLE IF EXISTS "listing_photos";
        DROP TABLE IF EXISTS "amenities";
        DROP TABLE IF EXISTS "seasonal_rates";
        DROP TABLE IF EXISTS "search_logs";"""


MODELS_STATE = (
    "eJztXWlz2zYa/isYfXJmvFlb8lVPpzOyLSfaypKrI2kaZ1iIhCSMKUAlQTvabv/7Ajwk3i"
    "ZlUaYYfGljEC9IPS+O98bftTnVkG6+b6oqtQgb0kdEapfg7xqBc8T/Efv8ENTgYrF+KhoY"
    "HOs2AXR6Kkx0tR/BsckMqDL+dAJ1E/EmDZmqgRcMU/G22gCTqY7+ZZkIoDnEOtKATQ4O7D"
    "/BEzLwBKtQ9D8EC2iaz9TQgIFMxN4dApNRg5PMoDlD2nvxSo2q/J181EJGtwj+y0L8F04R"
    "myGDv+PrN96MiYa+I9P7c/GoTDDStQCcWBMD2O0KWy7sttGofXNr9xRfPlZUqltzsu69WL"
    "IZJavuloW194JGPJsiggzIkOYDl1i67nLDa3K+mDcww0KrT9XWDRqaQEsXLKr9PLGIKrAA"
    "9pvEf05+cT/N101Rur2hMmgNFaUW4aj4hBAb3CaVEjEbMGECqL//ccZdA2K31sQLrj82+w"
    "eNs3c2BNRkU8N+aMNV+8cmhAw6pDboa5QXlsEpUBTq6xk0WsSa23C3+ZdAoqII7D7yEPb8"
    "0zdB3WtYw75eCB6gHmTZQa59avXbt1+U1l2z3bl0pvFSsef0A+m3BNV9czD43OvfXDqzWf"
    "Emd3iNxDOnNoffFR2RKZvxPxv1FGZ9avYdftVtflG+3p3toOs+qduPBNvWbLJXoSIWVjyn"
    "4hdFkGo7DHp5WeRnT+Y1EIT57CQDzGcniTCLR0GYVQMJKBTIojDf8CcMz1E81EHKENSaS/"
    "re+0d5VkZ26PkP1HpEX7osT4F+2L5rDYbNu3vxurlp/qXb+DWHLfGkbrcuQ60HZyE2rQYB"
    "n9vDj0D8Cf7odVvhPW7Vb/hHTXwTtBhVCH1WoOabnV6rh1qA6+j7AvPRNuB6kLKCXN8TLn"
    "uYpLKZSzWbrGwf2RYY7M5Hyd9C+Gso+aRGH8k2RcfyMvUFSVEI45PHWEFRQBWF9pYL/HhK"
    "fkXLiJwYAtTVjkbuMPsJ6bp1vZQN+LzSXvwTiv92/osRc2S05uC6edOq2QiPofr4DA1NCU"
    "AtntA6DbWs+kYfzevzcAskcGqDI36F+GYX9T5SKRd6l9f8z1qMzhp4fpimsxpuTw4FhzKT"
    "zpoMstQOS7DmD1O0Q8Hk3FpHgEgqHS8qHVIukXKJlEukXPJDyiUTzuhZoi098PwFucTumc"
    "uW3iMI0AXkjAQuuWPtfg/6lNk2bjCHj8gEEKgzDi6gE8DllPklb5jAOdaX4IDyMUxkmrzz"
    "u6g9vZA3SKmpBDtSmtTkcC7nlh8gKnbT36Xw9BqEpflbmr/LctBK87c0f5eWy9L8LfnLN6"
    "gnft5twuIgpeRymbmMF3kkIKf37iIzakUJ6juwwRkK11FJzOJJhjdIVTmYG0dHWeJYjo6S"
    "A1nEsxikpTVMWsOkNSxsDbNRj7GCedxItn6JHySdcRU3K9nhinmOpxVB5Uwf9dMsEgDvlX"
    "gy2c+CJ5MX8ZnbzhQhLHMo7MaIn2ZC/DQF8dMw4hNsmEyx/8oBd5CqglgfZ5K7jlPkruOo"
    "3KXDDaAOEFVOvi0E5wXHKBfGK4KN8C2Zql10HDx84qejoVhGroMwSFU9nE8zTeTTlIl8Gp"
    "3IY0yjGA/RdxaPsdu9AptEmrmo9fswYCnyEDy4a/7+LmAt6vS6H7zuPsSvO72ryM5MphbX"
    "CMwo3E3DgMukrdlHFUJdxyYrDPa1JD22sM4wMd+L972FMC3w/fotBCc2lRk1Y+w4V5TqCJ"
    "IEpWRNFQJzzMmKAnPVslvcrnq9TmAaX7XD83R0d9XiZ589p3kn7CjI7e4wijbU5pjkh3tF"
    "JvHOiTdffU8xIsaLgK/odoi4pyPuLeC2Eq04ia8beVdiB5BOljI7WRhlC8VEqoFyuQNCZN"
    "WTM7fvd2HPVJnwjYkaCiICgk1WWOIgcpWVfpXZFgaToRi35hWetkmCthGlDfEakywScMm4"
    "yz+X/+9fP9XrjcZ5/ahxdnF6cn5+enF0wfvaHxx9dJ52DLY/iAMtwOHoCSejvpIZUt2oL2"
    "uhbcj1IKXkelm4HrPp2l8fcRcnezd9hrZIbZrQ5uzS3/7aR7odyR4zGRIq4uzZdEjyKoei"
    "r8J5kZvjFc7GrCZe4XyN1+AVzBKpIl7CxMYHeSVSHWeUKoFUZEBGc44IZstaXJUv99Fhao"
    "EvuxMuW550SrxgXGjG/ocLnGRxj5wke0dOXOdIcmxGXsdqhb3XF1nAvkgG+yLiiVI5FFNq"
    "LPMA7KepIMjbmtG+jUKlMUb8lK1CjT1oJLgeuDnE7iLPsGvIf5cGjWtKJjq2j5/IYRbpk3"
    "qqqW5vcRjb3TOm2zYJwPMFNfisAOgJEQbYDDLAp5SOeVfwjNkMQNCnXOUBY0ofOcf4z+Fd"
    "DcC/RsecTsjFALNopu22B485cr/WJgjZC4Hg6cwGyX6TYvFj85uMlSxTrOSKQ1HDRsKB7B"
    "Gk2TP2cGdLgVfYI8LOrtV8znESBIgqEP+xg8BH05rPYT6BxkciMc6CsYYYUjezcIZIpYmz"
    "LCbOLIZtcUjnrb2wJpEJRuHoNMdklBPRIJUENT1ry5MrX5m15Ynxt+5w+wnti9lbvtUan7"
    "0VM323gG71bKdhYIOLtkyZcYGZnaLAejM/g/IqZlEOxZW/AYz6HbdAEzD5+8GM8v9wLQkS"
    "KnREUcKJEMQZsNJEOdYUjHWqPvI/bBXDjFddtzt8rPLqWwkiEF4qrOVSWEtvQN7npJyc+S"
    "KvSRQp2+Yf0rSOMsEruiXrWkcJ2WXmkh+gm+hbUWoZuVeeIJKoiuUG3kFmxfijX8gmXJPt"
    "cOta8DPfPft2sYNl2sBS9q/Y1YUMg8bUdngB7hVV5Q6KQpLeZCxkMvrVNRlJG0fxNg6piO"
    "9KEfeX7/c5aDePGotzD1cE+cA24GjQr8Oq6/kR91I63W14nbeQYww6vjWebMvxx0QWGl33"
    "tSZyg93l6Dvov0mjyZsaTRhmei6ryYqggqr9cT2T3lFPUTzqEXnY/2URnJOLQYTIKqB77L"
    "oohKlbMbJSSniA279ysbvHZ5mm9VnKtD6LFukx6AIZbOngFAtzhrtvw4PscJrDBTTY3C08"
    "moMJteZ9sz+8a3WHl2A1xgP52BsNWpdgRi0TPZBP7U6neQmeMP/IBzIYjm7avUtgMkvD9I"
    "F0erecWKcTTnfdvGp3L4EKx5jwv3rDYfMDH0eljPEj/4F8GHHVzB18aiGTuW8Y9j533WZG"
    "n4nbejXqfmh2ep8vwdgiU6jTZ96z3f2ifOzdiZ6YLBXhFHkgt83+ncKVvi8CHGMujEpLTt"
    "9r8i8bU8i/bNRt/zZquX3cE170CntfshlNM5lMUwym4flnUDp/1dwLDLDDecdnCzaQstDh"
    "6qMyTz0+6dr9lnLfaV5zbvpHeiD3/fan5rCl9Hu9u0uwMPAT/3JF/Eo+ATmIrRv3kcnh4c"
    "KXeFIOVkJN4wJLLjuoj6QCJ+MOQrkI4lrVmBozSnNFJobpKod2Ic4y1c1rypxq4faX6GZB"
    "10DTWGE6Gd81hUQ40/wVycY5s4XWJJXDOEsNxuQSjJEKjGK1K48o9w7h0RSFb9TAscdT2H"
    "9w5QU7jrZyk7qgErkMcyUnRii/1blSkeRlXROFYJ4Iqr21BcemjPRGV50WuO+3rtuDdq8b"
    "9OTZD0XTup5av9XshFGmZLoBzH4qiXMGnIWbWflvzmLEAaId7hqj4fVuNo7tlzATw9u2jR"
    "gdcDCHup5YxCpIuVEBq43QPi4Kaad8VaN+frYqWCX+SCtRNbhrdjrRmlRjpAkVPzekfrrd"
    "AXq0F4BuAqacmREgIZslTM0bpGIOaAKYfrpweJBD+N4dYN/QTTvI+AHGcTxoHIYrrfrz6E"
    "MWNX/VlCDCKfWwA1SyHnagkpe4PXqM9Vi7ThqkYUoJ6xpW22ehGJYeN0+TPaMhsgooZrv2"
    "jKozpD4qmCgTw/EBZLZChAl3CP7x6eXR0W4k3Cz292Tre8T2vkLNIizf9VNRyupVRC4EbG"
    "oxxQsSzge2n3KXs/t4X2c3th2sTBEVYaJwp1fUD5HKawxyVNWf820hKdzyBaU5QClVk5Al"
    "YkNQA5S7A7Vxdlp+WFURgaE7gb/KgupYTbDHvxy2kTDUDrdqEUZruKWM8gRv3HZav7evOi"
    "0+qI6+Y/4JD+Sud9PqN4e8zRtVRAv129dDES1kuJHibx+ioVqGgUgS1xLOUx/NLu2gg5vd"
    "nKONDCA3ki9mizisxOahL5UF53qM3JK48UToKmO0qx+fnJ9cNM5OVtvPqiVtD4rZfoQIIr"
    "JBJigPsmEyCWwY2GeEHvnU07DplDpfqDFJf+nnZsIQlcF6K1IJJWz2SpyTxpBA+0PGUxKy"
    "XxZN3iQvWzPgJHcI802/KSKQbdoHcj+66rQHH1s3l2BhjXVszpAmwn9541A0WkSYDUXbYD"
    "S4b3VvRKNpmSIl3CkWUwIBxStKw7wS9pnFlAjlrhIAfAZaN2fLS8d6/7MO52MN/lKYrbZo"
    "l+5qIm2QBx6mlZUsylzJwkms3axGpJ9ScrnMXJZVHZK30upWdZA3XFWN6zGLPZLE78vUzp"
    "p+7SORVTzSq3jE36ydu4THyET7mHCdtX6Hb0IFinf0W455NGP1jth7FkIeKlnGI7IDREt8"
    "vh6zipXUDWo7M8rodi4WuxdDVRWnXZaH2UuATARNSqCuiB/2SqAG7lj9vb52403q6TiLML"
    "mozmqRvlhZR1lvDQXX1wnVUqMmtoeVBXaKl/YOQXKBnRUjIlin2+v9dNJGH5BNEmrppJl4"
    "q1RHJ+SFzpTG10hJ42tE0/iwqdj358YcQKnxXD4yGcuVI5ZrD/1OC4Paoe25SwLX7vu969"
    "Zg0O5+EGVKvFEeSL/VvPlyCYRdZSnq07Q7ws80gVjfzMl0nCVt+zg5b/s4krhtLXQKc2cT"
    "B6kqWDatnrUgelo99DDW1MBTLCThnGiH6aoXMF0I3Do0pigv1gEiCXQmoE0h9eUFOkAkgc"
    "4E9DPW+OARkJMDkbz+G0nbZcN3y4FeMxR/G2gimmsCCWcUztwXEVT3DoJC9BfprU5Gfz/9"
    "lvIOgnJ4L+UdBFW4DNDxocTYt1fOlWTD9tqHk+HaP+dKPecieWwCQhmYGAhdAqe4LDhwMT"
    "p0Or4Dc/iITHDvzMnBbx1goIllIgCBiTjgGlB1iOcxNwAW+aaXLgN0bj5/1XWAV3iaKEvF"
    "7kwxcpQ7B19ncy9eivqpXm80zutHjbOL05Pz89OLo5U4FX2UJlddtT8I0Spw3HiylrzXfs"
    "v32j/yr9zUQOnRltn2Vbvq9K5/FRZH9zbQB9K+u+/17Qh477pQUSC753Si9HFDs+TW7zYT"
    "35Jf7glSvULuKZmu9ho3ntQgfmwN4s0uvq/kGpL6mNTH9k0fC+8GWwA2ZwBkObeCF8H17Y"
    "Nl0nQHCBrqrENjr0hbPzxM03hNu5ui04z3pNV6BAGH6JBrlSo1NKQBKG5nnhmUUMvUl2BC"
    "DcA/Wl8yrMbcaL/ZEC/HiUmltJRKqWUiI+c56SORgkdQ8JhgnSEjJp7mP4NeN0GMW5OERX"
    "asMvA/sOtKjeK1bxHqKCAKSOuRgoPh2oIhfogBIlexce05j7vL6185b1cB92Ahk3+vYtd0"
    "yOGfDZNVJsR0e0VjpAXgB7EARNSrNxNV1/ka8dJqIJ8jVWANZZG8LLPanh8TYAK+coXGYI"
    "qYn4eAay72v94BlQMN/gxUm/oTHNwa+N8DyBynign+FOV8BI3z/F1UsC3wPfmzJNZfIPMk"
    "3jhPwseK2O02QVAIUP3QDhpvBeWBz0/zQ4O3h8X39ijcLbBZ50A3QidjCUtWB7ic2G4lzU"
    "yK/z+I+C9dVgWIetJlVfEQwibih/KsFqOnuk8O0zRUuO5TZFZ8Lp3uR3F1vFLySFbhnpBh"
    "5szM9pGUOThsU2tvETe5i0WVA2G3ewXRLejma8JQnCU92XXkI9m96+htDv+tOYne1PT6z/"
    "8B3LCEuw=="
)
