"""GraphQL surface of users and auth."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Annotated

import strawberry
from strawberry import relay

from models.reviews import StatsSubject
from models.users import Role as DomainRole
from models.users import User as UserModel
from models.users import display_name
from resolvers import accounts, sessions, two_factor, user_queries
from schema.base import Connection, Payload, connection, node_uuid, user_errors
from schema.context import Context, Info
from schema.extensions import CHECKS_PASSWORD  # at most one such field per request
from schema.nodes import ModelNode
from schema.permissions import IsAdmin, IsAuthenticated
from schema.ratings import HostStandingType, Rating, rating_for, standing_of, top_host
from schema.reviews import Review, ReviewSide, ReviewSort, reviews_page

# strawberry.enum marks the domain enum itself as a GraphQL enum (and returns it); the plain alias
# keeps the name usable as a type for mypy.
strawberry.enum(DomainRole, name="Role")
Role = DomainRole


@strawberry.type(name="User", description="A Roost member. Private fields are null for others.")
class User(ModelNode):
    id: relay.NodeID[uuid.UUID]
    first_name: str
    avatar_url: str | None
    bio: str
    languages: list[str]
    is_host: bool
    member_since: datetime = strawberry.field(resolver=lambda root: root.created_at)

    model = UserModel
    loader = "user_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[UserModel]) -> list[bool]:
        return [u.is_active for u in rows]  # suspended members are not shown

    @strawberry.field
    def display_name(self, root: strawberry.Parent[UserModel]) -> str:
        return display_name(root.first_name, root.last_name)

    @strawberry.field
    def email_verified(self, root: strawberry.Parent[UserModel]) -> bool:
        return root.email_verified_at is not None

    @strawberry.field(
        description="Published reviews of this user: as HOST, their guests' reviews of their stays; "
        "as GUEST, their hosts' reviews of them."
    )
    async def reviews(
        self,
        root: strawberry.Parent[UserModel],
        info: Info,
        as_: Annotated[ReviewSide, strawberry.argument(name="as")] = ReviewSide.HOST,
        sort: ReviewSort = ReviewSort.NEWEST,
        first: int | None = None,
        after: str | None = None,
    ) -> Connection[Review]:
        return await reviews_page(info, _subject(as_), root.id, sort=sort, first=first, after=after)

    @strawberry.field(description="What this user's published reviews add up to, as HOST or as GUEST.")
    async def rating(
        self,
        root: strawberry.Parent[UserModel],
        info: Info,
        as_: Annotated[ReviewSide, strawberry.argument(name="as")] = ReviewSide.HOST,
    ) -> Rating:
        return await rating_for(info, _subject(as_), root.id)

    @strawberry.field(description="Holds the top host badge (README, Reviews): computed nightly.")
    async def top_host(self, root: strawberry.Parent[UserModel], info: Info) -> bool:
        return await top_host(info, root.id)

    @strawberry.field(description="Their standing as a host (last 365 days, nightly); null if never ranked.")
    async def standing(self, root: strawberry.Parent[UserModel], info: Info) -> HostStandingType | None:
        return await standing_of(info, root)

    # ---- private: the user themselves and admins only ----
    @strawberry.field
    def email(self, root: strawberry.Parent[UserModel], info: Info) -> str | None:
        return root.email if info.context.sees_private(root) else None

    @strawberry.field
    def last_name(self, root: strawberry.Parent[UserModel], info: Info) -> str | None:
        return root.last_name if info.context.sees_private(root) else None

    @strawberry.field
    def phone(self, root: strawberry.Parent[UserModel], info: Info) -> str | None:
        return root.phone if info.context.sees_private(root) else None

    @strawberry.field
    def roles(self, root: strawberry.Parent[UserModel], info: Info) -> list[Role] | None:
        return root.roles if info.context.sees_private(root) else None

    @strawberry.field
    def two_factor_enabled(self, root: strawberry.Parent[UserModel], info: Info) -> bool | None:
        return root.two_factor_enabled if info.context.sees_private(root) else None

    @strawberry.field(description="Confirmed stays this host cancelled: counted against them.")
    async def host_cancellations(self, root: strawberry.Parent[UserModel], info: Info) -> int | None:
        if not info.context.sees_private(root):
            return None
        return await info.context.loaders.host_cancellations.load(root.id)


def _subject(role: ReviewSide) -> StatsSubject:
    return StatsSubject.HOST if role is ReviewSide.HOST else StatsSubject.GUEST


# ---- inputs -----------------------------------------------------------------------------------


@strawberry.input
class RegisterInput:
    email: str
    password: str
    first_name: str
    last_name: str = ""


@strawberry.input
class LoginInput:
    email: str
    password: str
    otp_code: str | None = strawberry.field(
        default=None, description="Authenticator code or recovery code, when 2FA is on."
    )


@strawberry.input
class RefreshTokenInput:
    refresh_token: str


@strawberry.input
class TokenInput:
    token: str


@strawberry.input
class EmailInput:
    email: str


@strawberry.input
class ResetPasswordInput:
    token: str
    new_password: str


@strawberry.input
class ChangePasswordInput:
    current_password: str
    new_password: str


@strawberry.input(description="Only the fields given are changed.")
class UpdateProfileInput:
    first_name: str | None = strawberry.UNSET
    last_name: str | None = strawberry.UNSET
    phone: str | None = strawberry.UNSET
    avatar_url: str | None = strawberry.UNSET
    bio: str | None = strawberry.UNSET
    languages: list[str] | None = strawberry.UNSET


@strawberry.input
class PasswordInput:
    password: str


@strawberry.input
class CodeInput:
    code: str


@strawberry.input
class SuspendUserInput:
    user_id: relay.GlobalID


@strawberry.input
class DisableTwoFactorInput:
    password: str
    code: str


# ---- payloads ---------------------------------------------------------------------------------


@strawberry.type
class UserPayload(Payload):
    user: User | None = None


@strawberry.type
class AuthPayload(Payload):
    access_token: str | None = None
    access_token_expires_at: datetime | None = None
    refresh_token: str | None = None
    user: User | None = None

    @classmethod
    def of(cls, session: sessions.Session) -> AuthPayload:
        return cls(
            access_token=session.access_token,
            access_token_expires_at=session.access_token_expires_at,
            refresh_token=session.refresh_token,
            user=session.user,  # type: ignore[arg-type]
        )


@strawberry.type
class OkPayload(Payload):
    ok: bool = False


@strawberry.type
class EnableTwoFactorPayload(Payload):
    secret: str | None = None
    otpauth_uri: str | None = None


@strawberry.type
class ConfirmTwoFactorPayload(Payload):
    recovery_codes: list[str] | None = strawberry.field(
        default=None, description="Shown once: each signs in once without the app."
    )


@strawberry.type
class Query:
    @strawberry.field(description="The signed-in user, or null.")
    def me(self, info: Info) -> User | None:
        return info.context.user  # type: ignore[return-value]

    @strawberry.field(description="A member's public profile.")
    async def user(self, info: Info, id: relay.GlobalID) -> User | None:
        if id.type_name != "User":
            return None
        found = await User.resolve_nodes(info=info, node_ids=[id.node_id])
        return found[0]  # type: ignore[no-any-return]

    @strawberry.field(permission_classes=[IsAdmin], description="All members, newest first.")
    async def users(
        self, info: Info, first: int | None = None, after: str | None = None, email: str | None = None
    ) -> Connection[User]:
        return connection(await user_queries.members(email=email, first=first, after=after))  # type: ignore[arg-type]


@strawberry.type
class Mutation:
    @strawberry.mutation(metadata=CHECKS_PASSWORD)
    @user_errors
    async def register(self, info: Info, input: RegisterInput) -> UserPayload:
        user = await accounts.register(
            email=input.email,
            password=input.password,
            first_name=input.first_name,
            last_name=input.last_name,
            ip=info.context.ip,
        )
        return UserPayload(user=user)  # type: ignore[arg-type]

    @strawberry.mutation(metadata=CHECKS_PASSWORD)
    @user_errors
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        session = await sessions.login(
            email=input.email,
            password=input.password,
            otp_code=input.otp_code,
            ip=info.context.ip,
            user_agent=info.context.user_agent,
        )
        info.context.signed_in_now.add(session.user.id)
        return AuthPayload.of(session)

    @strawberry.mutation
    @user_errors
    async def refresh_token(self, info: Info, input: RefreshTokenInput) -> AuthPayload:
        session = await sessions.refresh(
            refresh_token=input.refresh_token, ip=info.context.ip, user_agent=info.context.user_agent
        )
        info.context.signed_in_now.add(session.user.id)
        return AuthPayload.of(session)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="End this session.")
    @user_errors
    async def logout(self, info: Info) -> OkPayload:
        ctx = info.context
        await sessions.logout(user=ctx.require_user(), session_id=ctx.session_id)  # type: ignore[arg-type]
        return OkPayload(ok=True)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="End every session.")
    @user_errors
    async def logout_all(self, info: Info) -> OkPayload:
        await sessions.logout_all(user=info.context.require_user())
        return OkPayload(ok=True)

    @strawberry.mutation(
        permission_classes=[IsAdmin], description="Disable an account (admins): it is signed out everywhere."
    )
    @user_errors
    async def suspend_user(self, info: Info, input: SuspendUserInput) -> UserPayload:
        user = await sessions.suspend(user_id=node_uuid(input.user_id, "User"))
        return UserPayload(user=user)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def request_email_verification(self, info: Info) -> OkPayload:
        await accounts.request_email_verification(user=info.context.require_user())
        return OkPayload(ok=True)

    @strawberry.mutation
    @user_errors
    async def verify_email(self, info: Info, input: TokenInput) -> UserPayload:
        return UserPayload(user=await accounts.verify_email(token=input.token))  # type: ignore[arg-type]

    @strawberry.mutation(description="Always answers ok: it does not tell whether the account exists.")
    @user_errors
    async def request_password_reset(self, info: Info, input: EmailInput) -> OkPayload:
        await accounts.request_password_reset(email=input.email, ip=info.context.ip)
        return OkPayload(ok=True)

    @strawberry.mutation(metadata=CHECKS_PASSWORD)
    @user_errors
    async def reset_password(self, info: Info, input: ResetPasswordInput) -> OkPayload:
        await accounts.reset_password(token=input.token, new_password=input.new_password)
        return OkPayload(ok=True)

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Signs out other sessions.",
        metadata=CHECKS_PASSWORD,
    )
    @user_errors
    async def change_password(self, info: Info, input: ChangePasswordInput) -> OkPayload:
        ctx = info.context
        await accounts.change_password(
            user=ctx.require_user(),
            session_id=ctx.session_id,  # type: ignore[arg-type]
            current_password=input.current_password,
            new_password=input.new_password,
        )
        return OkPayload(ok=True)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def update_profile(self, info: Info, input: UpdateProfileInput) -> UserPayload:
        changes = {name: value for name, value in vars(input).items() if value is not strawberry.UNSET}
        user = await accounts.update_profile(user=info.context.require_user(), changes=changes)
        return UserPayload(user=user)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    @user_errors
    async def become_host(self, info: Info) -> UserPayload:
        return UserPayload(user=await accounts.become_host(user=info.context.require_user()))  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated], metadata=CHECKS_PASSWORD)
    @user_errors
    async def enable_two_factor(self, info: Info, input: PasswordInput) -> EnableTwoFactorPayload:
        secret, uri = await two_factor.enable_two_factor(
            user=info.context.require_user(), password=input.password
        )
        return EnableTwoFactorPayload(secret=secret, otpauth_uri=uri)

    @strawberry.mutation(permission_classes=[IsAuthenticated], metadata=CHECKS_PASSWORD)
    @user_errors
    async def confirm_two_factor(self, info: Info, input: CodeInput) -> ConfirmTwoFactorPayload:
        codes = await two_factor.confirm_two_factor(user=info.context.require_user(), code=input.code)
        return ConfirmTwoFactorPayload(recovery_codes=codes)

    @strawberry.mutation(permission_classes=[IsAuthenticated], metadata=CHECKS_PASSWORD)
    @user_errors
    async def disable_two_factor(self, info: Info, input: DisableTwoFactorInput) -> OkPayload:
        await two_factor.disable_two_factor(
            user=info.context.require_user(), password=input.password, code=input.code
        )
        return OkPayload(ok=True)
