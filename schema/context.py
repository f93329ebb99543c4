"""The per-request (per-connection, over WebSocket) GraphQL context."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket
from strawberry.types import Info as StrawberryInfo

from core.errors import AccessDenied
from core.revocation import Watch
from loaders import Loaders
from models.users import User


@dataclass
class Context:
    request: Request | WebSocket
    response: Response | WebSocket | None
    loaders: Loaders = field(default_factory=Loaders)
    user: User | None = None
    session_id: uuid.UUID | None = None
    connection_params: dict[str, Any] | None = None
    # Over WebSocket: the guard that closes the socket on revocation or token expiry.
    watch: Watch | None = None
    # Users who proved who they are in this very request (login, refresh) see their own fields,
    # without making them the request's user for the other fields of the document.
    signed_in_now: set[uuid.UUID] = field(default_factory=set)

    @property
    def ip(self) -> str:
        client = self.request.client
        return client.host if client else ""

    @property
    def user_agent(self) -> str:
        return self.request.headers.get("user-agent", "")

    @property
    def revoked(self) -> bool:
        """This socket's credentials were revoked or expired: it is closing, send it nothing."""
        return self.watch is not None and self.watch.fired

    def require_user(self) -> User:
        if self.user is None:
            raise AccessDenied("UNAUTHENTICATED", "Sign in first.")
        return self.user

    def sees_private(self, user: User) -> bool:
        """Private fields (email, phone, ...) are for the user themselves and admins."""
        if user.id in self.signed_in_now:
            return True
        viewer = self.user
        return viewer is not None and (viewer.id == user.id or viewer.is_admin)


Info = StrawberryInfo[Context, None]
