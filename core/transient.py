"""Which errors are transient: a fault of a connection or a service that the same call, made again
a little later, can get past. One classifier for every client library we talk through.

The client libraries do not share a base class for this: redis-py's `ConnectionError` is not
Python's, nor are asyncpg's connection errors, and Tortoise or our own code may wrap them. So the
classifier knows each library's transient family and follows `raise ... from` chains.
"""

from __future__ import annotations

import smtplib

import asyncpg
import httpx
import kombu.exceptions
import redis.exceptions
from tortoise.exceptions import DBConnectionError

# Errors that say nothing about the request, only about the service answering it.
TRANSIENT: tuple[type[BaseException], ...] = (
    ConnectionError,  # Python's (refused, reset, aborted, broken pipe); Tortoise's DBConnectionError too
    TimeoutError,
    redis.exceptions.ConnectionError,  # also BusyLoadingError (LOADING), MaxConnectionsError
    redis.exceptions.TimeoutError,
    redis.exceptions.ReadOnlyError,  # a failover left us talking to a replica
    redis.exceptions.TryAgainError,
    asyncpg.PostgresConnectionError,  # class 08: connection does not exist, failure, cannot connect
    asyncpg.exceptions.OperatorInterventionError,  # class 57: admin shutdown, cannot connect now, crash
    asyncpg.exceptions.InsufficientResourcesError,  # class 53: too many connections, out of memory
    asyncpg.exceptions.TransactionRollbackError,  # class 40: serialization failure, deadlock
    asyncpg.InterfaceError,  # "connection is closed", "pool is closing" (but see PERMANENT)
    # What a pooled connection that the server dropped while idle raises on its next query
    # ("cannot switch to state ...; another operation is in progress"); it is closed after it.
    asyncpg.InternalClientError,
    DBConnectionError,
    kombu.exceptions.OperationalError,  # the broker cannot be reached to enqueue a job
    httpx.TransportError,  # connect / read / write timeouts and failures of a provider's API
    smtplib.SMTPServerDisconnected,
    smtplib.SMTPConnectError,
)

# Subclasses of the families above that are about the input or the file system, not a service.
PERMANENT: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.DataError,  # an InterfaceError: a query argument of the wrong type
    FileNotFoundError,
    FileExistsError,
    PermissionError,
    IsADirectoryError,
    NotADirectoryError,
    httpx.UnsupportedProtocol,
    httpx.InvalidURL,
)


def _causes(exc: BaseException) -> list[BaseException]:
    """exc and what it wraps: `raise X from Y` (__cause__), or an exception passed as an argument
    (Tortoise's `OperationalError(exc)`). Cycles and long chains are cut."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 10:
        current = todo.pop()
        if any(current is s for s in seen):
            continue
        seen.append(current)
        if current.__cause__ is not None:
            todo.append(current.__cause__)
        todo.extend(a for a in current.args if isinstance(a, BaseException))
    return seen


def _smtp_transient(exc: BaseException) -> bool:
    """SMTP says which failures are temporary: 4xx codes (greylisting, mailbox busy)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    return isinstance(exc, smtplib.SMTPResponseException) and 400 <= exc.smtp_code < 500


def is_transient(exc: BaseException) -> bool:
    """True when exc, or an error it wraps, is a transient fault of a service (retry it)."""
    for error in _causes(exc):
        if isinstance(error, PERMANENT):
            continue
        if isinstance(error, TRANSIENT) or _smtp_transient(error):
            return True
        if isinstance(error, OSError) and not isinstance(error, smtplib.SMTPException):
            # Sockets fail as bare OSError too ("Multiple exceptions: ..." when every address of a
            # host refuses, EHOSTUNREACH, ENETUNREACH): a network fault unless it is a file's.
            return True
    return False
