"""The transient-error classifier, fed the errors real clients raise, and the retry schedule."""

from __future__ import annotations

from core.transient import is_transient


def test_bugs_and_file_errors_are_not_transient():
    for error in (ValueError("bad"), KeyError("k"), FileNotFoundError(2, "gone"), PermissionError(13, "no")):
        assert not is_transient(error)
    try:
        raise RuntimeError("job failed") from ConnectionResetError(104, "reset")
    except RuntimeError as chained:
        assert is_transient(chained)


def test_retry_delays_grow_with_jitter_up_to_the_cap():
    from tasks.app import MAX_RETRIES, RETRY_CAP_SECONDS, retry_delay

    low = [retry_delay(n, rng=lambda: 0.0) for n in range(MAX_RETRIES)]
    high = [retry_delay(n, rng=lambda: 1.0) for n in range(MAX_RETRIES)]
    assert low == sorted(low) and low[0] > 0
    assert all(h == 2 * lo for lo, h in zip(low, high, strict=True))
    assert max(high) == RETRY_CAP_SECONDS
    assert sum(low) > 4 * 60  # even the luckiest schedule rides out a four-minute outage


def test_the_visibility_timeout_outlasts_every_job_and_retry():
    import tasks.app as jobs
    from tasks.app import RETRY_CAP_SECONDS, VISIBILITY_TIMEOUT, celery_app

    celery_app.loader.import_default_modules()
    ours = [t for name, t in celery_app.tasks.items() if not name.startswith("celery.")]
    assert len(ours) > 10
    for task in ours:
        assert task.soft_time_limit < task.time_limit, task.name
        assert task.time_limit + RETRY_CAP_SECONDS < VISIBILITY_TIMEOUT, task.name
    assert VISIBILITY_TIMEOUT <= 10 * 60  # a dead worker's jobs come back within minutes
    assert celery_app.conf.broker_transport_options == jobs.transport_options()
    assert celery_app.conf.broker_transport_options["visibility_timeout"] == VISIBILITY_TIMEOUT
