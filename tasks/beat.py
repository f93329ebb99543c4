"""Beat that does not drop a run: a due job whose send fails on a transient fault (the broker is
down) is sent again with backoff until the broker is back, then the schedule goes on.

Celery's scheduler moves an entry to its next slot before it sends it and only logs a failed send,
so a run that falls in a Redis outage is lost until the next slot (an hour for the payouts). The
scheduled jobs work from the database state ("what is due now"), so a run sent late does all the
work of the one missed. While it waits, beat sends nothing else: nothing could be sent anyway, and
the other entries that fell due meanwhile go out right after it, once each (crontab catches up
one missed slot)."""

from __future__ import annotations

import logging
import time
from typing import Any

from celery.beat import PersistentScheduler

from core.transient import is_transient

log = logging.getLogger("celery.beat")  # beside Celery's own scheduler lines

RESEND_FIRST_SECONDS = 1.0
RESEND_CAP_SECONDS = 30.0


def _transient(exc: BaseException) -> bool:
    """Celery wraps the send's error in SchedulingError (as the context, not the cause)."""
    return is_transient(exc) or (exc.__context__ is not None and is_transient(exc.__context__))


class CatchUpScheduler(PersistentScheduler):
    """PersistentScheduler whose sends outlast a broker outage (see the module)."""

    def apply_entry(self, entry: Any, producer: Any = None) -> None:
        log.info("Scheduler: Sending due task %s (%s)", entry.name, entry.task)
        delay, attempt = RESEND_FIRST_SECONDS, 0
        while True:
            try:
                self.apply_async(entry, producer=producer, advance=False)
            except Exception as exc:
                if not _transient(exc):
                    log.exception("scheduled job %s not sent", entry.name)
                    return
                attempt += 1
                log.warning(
                    "scheduled job %s not sent (broker unreachable), sending again in %.0fs",
                    entry.name,
                    delay,
                    extra={"job": entry.task, "attempt": attempt, "error": repr(exc)},
                )
                time.sleep(delay)  # beat's SIGTERM/SIGINT (SystemExit) ends this as any sleep
                delay = min(RESEND_CAP_SECONDS, delay * 2)
                continue
            if attempt:
                log.warning("scheduled job %s sent late, after %d failed sends", entry.name, attempt)
            return
