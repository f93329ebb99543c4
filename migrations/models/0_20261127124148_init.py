from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "users" (
    "id" UUID NOT NULL PRIMARY KEY,
    "email" VARCHAR(254) NOT NULL UNIQUE,
    "password_hash" VARCHAR(255) NOT NULL,
    "first_name" VARCHAR(100) NOT NULL,
    "last_name" VARCHAR(100) NOT NULL,
    "phone" VARCHAR(32),
    "avatar_url" VARCHAR(500),
    "bio" TEXT NOT NULL,
    "languages" TEXT[] NOT NULL,
    "is_host" BOOL NOT NULL,
    "is_admin" BOOL NOT NULL,
    "is_active" BOOL NOT NULL,
    "email_verified_at" TIMESTAMPTZ,
    "totp_secret" VARCHAR(64),
    "two_factor_enabled_at" TIMESTAMPTZ,
    "totp_last_step" BIGINT,
    "created_at" TIMESTAMPTZ NOT NULL,
    "updated_at" TIMESTAMPTZ NOT NULL
);
-- Hand-written: emails are stored lower-cased, so UNIQUE is case-insensitive.
ALTER TABLE "users" ADD CONSTRAINT "users_email_lower" CHECK ("email" = lower("email"));
CREATE TABLE IF NOT EXISTS "account_tokens" (
    "id" UUID NOT NULL PRIMARY KEY,
    "purpose" VARCHAR(32) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "account_tokens"."purpose" IS 'VERIFY_EMAIL: verify_email\nRESET_PASSWORD: reset_password';
COMMENT ON TABLE "account_tokens" IS 'Single-use emailed token (email verification, password reset), stored hashed.';
CREATE TABLE IF NOT EXISTS "recovery_codes" (
    "id" UUID NOT NULL PRIMARY KEY,
    "code_hash" VARCHAR(64) NOT NULL UNIQUE,
    "used_at" TIMESTAMPTZ,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE TABLE IF NOT EXISTS "refresh_tokens" (
    "id" UUID NOT NULL PRIMARY KEY,
    "family_id" UUID NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "created_at" TIMESTAMPTZ NOT NULL,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "revoked_at" TIMESTAMPTZ,
    "ip" VARCHAR(64) NOT NULL,
    "user_agent" VARCHAR(300) NOT NULL,
    "user_id" UUID NOT NULL REFERENCES "users" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_refresh_tok_family__59d0e5" ON "refresh_tokens" ("family_id");
COMMENT ON TABLE "refresh_tokens" IS 'One opaque refresh token. Rotation makes a chain of them: a family (one session).';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztnFtT2zgUgP+Kx08wQxnIBSizszMJhDZbIJ0ktN12Ox7FVhINtuRaMpBh+99Xku04vh"
    "KnhBqvX1os6Ujyd3Q550jOo2oRA5p0v6PrxMVsTG4hVk+VRxUDC/I/UvP3FBXYdpgrEhiY"
    "mFIAeCU1JorKLDChzAE647lTYFLIkwxIdQfZDBHRmjpCeGbCNy6FCrQAMqGhSHFlRz4qd9"
    "BBU6QDUX5PsQGl98QxFAdSyHb3FMqIw0XmgM6hsS+aNIjO2+S1bqV2F6MfLuRvOINsDh3e"
    "xrfvPBlhAz5AGjzat9oUQdOI4ESGqECma2xhy7Sbm/75hSwpej7RdGK6Fg5L2ws2J3hZ3H"
    "WRsS9kRN4MYugABo0VuNg1TV8bQZLXY57AHBcuu2qECQacAtcUKlL/mLpYFywU2ZL4p/Wn"
    "37WVYpp2PRhro95Y09SERkUXYmrwk3SCxWhAmAlQjz+9ekMgMlUVDZy97wx3mke7EgGhbO"
    "bITIlL/SkFAQOeqIQeUrZdh0vAJOqzOXB62LUk7j7vCcA6TGBfEY+x513fhHqQEGIPJ0IA"
    "NEC2PmT1U2/Yv/hb6111+pen3jBeaHJM/4OHPSH1sTMafR4Mz0+90awFgzs+R9KVo1rgQT"
    "MhnrE5f2w2cpT1qTP09NWQ+iJ8vnvLwbWf05BZQm2hmuQs1MTEStdU+qSISj2Pgp6eFsXV"
    "s/YciGI+aq2B+aiViVlkRTHrDhQoNMCSmM95DkMWTEcdlYyhNnzR/eCP8syM9dHzFzQG2F"
    "z4Ks9BP+5f9UbjztVH0ZxF6Q9T8uuMeyKnIVMXsdSdo5ialpUon/vj94p4VL4OrnvxNW5Z"
    "bvxVFX0CLiMaJvcaMFZGZ5AaUItoHT7YiNe2gdajkhXU+ivRcsAkV83cqtlkZq+IPYOC/f"
    "FY63cr+nW0Ylbjishzmo7lVeoTlqIwxqe3qYaiQJVEe8ENfjTDH+AiYSfGgPre0Y1fzetE"
    "GqaGU9kB90vvZXVA8XfnbwyZZ6N1Rmed854qCU+AfnsPHEOLoBY5pEFiKcuyySyrYcVTAA"
    "YzCUe8heizT30IdcKN3sUZf1RTfNZI/l6ez+r4JTkKjnItnzUbcu0dlmDO7+V4h0LJhb2O"
    "iFDtdDzpdNR2SW2X1HZJbZf8L+2SKVf0PDOWHsl/wi6RJQvF0gcYKsQGXJGKL+5Fu/eVIW"
    "Eyxq1Y4BZSBSj6nMNVyFThdop1yhOmwELmQtkhvA4KKeWFd5Px9K20UFtNJViR8qwmT3MF"
    "l/yI0HYX/Zc0nn6FcB3+rsPfZdlo6/B3Hf4urZbr8HetX75A3fH9bhMVRyVrLZdZy8guYg"
    "F5pV/uZoa6LUP9BWJwjsZ9VJwyebLxRqUqh7l5cLDOPZaDg+yLLCIvhXQdDaujYXU0LB4N"
    "k9RTomCBNrKjX+KF6sO4ioeV5HXFItvTUqByoY9Gex0LgJfK3JlkXnRnCm58Fo4zJQTLfB"
    "V2Y+LttYi3c4i348SnyKFMk08FcEelKsj6cC276zDH7jpM2l0m2AB1RKhy9u1WONucUSHG"
    "S4GN+JbM1d72PXhwx3dHR3OdQhthVKp6nNtrDeR2zkBuJwfyBJEk4zF8YOmM/eIVWCTywk"
    "W9L+NIpCgguHPV+bIbiRZdDq7fBcVXiJ9dDrqJlRnPXO4R0CTujuOARdbSvCIVo24iyraG"
    "PbSkJy4yGcJ0X7T3O4xpwffb9xhORLU5oSlxnC4hJgQ4wykJpWIwJ1xsWzCXKS/LrTsYXE"
    "aGcbcfH6c3V90e3/vkmOaFkOcg96/HSdrAsBAujnspVvMuyJvPvrsUE+NJ4Eu5FyQe+Iiv"
    "Frh0ojXvw9eNTldSK6gPWcp8yMIIszUKdQcWOg6IiVXPznz+cxd2T7QpX5iIo0EsEGwywz"
    "IrqWdZ6WeZjDBQBlOONbto1scZ3kZSNqZrhNexgEumXd5d/t+bt41Gs3ncOGgenbRbx8ft"
    "k4MTXlZ2OJl1nLcN9t+JDS2i4eQOV9/6ylZIdW99ubaxodajkrXWy6L1lEVX9j5xXJx9ur"
    "kSaEv8Nk1scfblLz4MoSlvsqcMhoxfxHllwyHrVDl2+yr+XeTmvOJfY1aTV/x7jV/hFf1K"
    "pCq8tnnXoMP9UX2upv1+lZezl/vLVWGZ0lw4yLQVU+8bpNiH/q5Z3iNwzzpsHLaOWyfNo9"
    "bSKFym5NmCgd2Xfb+ALznUn2frerwrIhU8h93KmbeYVAUI+8UrSHcrp6+8RZZ6ifOv0eA6"
    "w4kJReK2LNKZ8q+yzdOU3xMqEDDyj7HiJ1YxS1RU0E27ifiSF+d+/gdERDO2"
)
