"""Permission classes: UNAUTHENTICATED when nobody is signed in, FORBIDDEN for the wrong role."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError
from strawberry.permission import BasePermission

from models.users import User
from schema.context import Info


class IsAuthenticated(BasePermission):
    message = "Sign in first."
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.user is not None


class _HasRole(BasePermission):
    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        user = info.context.user
        if user is None:  # not a FORBIDDEN: signing in may well grant it
            raise GraphQLError(IsAuthenticated.message, extensions=IsAuthenticated.error_extensions)
        return self.allowed(user)

    def allowed(self, user: User) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError


class IsHost(_HasRole):
    message = "Only hosts may do this; call becomeHost first."
    error_extensions = {"code": "FORBIDDEN"}

    def allowed(self, user: User) -> bool:
        return user.is_host or user.is_admin


class IsAdmin(_HasRole):
    message = "Only administrators may do this."
    error_extensions = {"code": "FORBIDDEN"}

    def allowed(self, user: User) -> bool:
        return user.is_admin
