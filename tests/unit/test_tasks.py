"""The Celery broker URL, as kombu spells a Unix socket."""

from __future__ import annotations


def test_broker_url_speaks_kombu_for_unix_sockets():
    from tasks.app import broker_url

    assert broker_url("unix:///var/redis.sock") == "redis+socket:///var/redis.sock"
    assert broker_url("redis://h:6379/0") == "redis://h:6379/0"
