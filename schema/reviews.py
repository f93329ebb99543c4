"""GraphQL surface of reviews: the Review node, ratings, the review mutations and queries.

Listing and User expose `reviews` and `rating` through the functions at the end of this module;
the Listing, User and Booking types are referred to lazily here, so that those modules can import
this one."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from loaders import now_or_later
from models.reviews import ALL_CATEGORIES, ModerationMove, StatsSubject
from models.reviews import ReportReason as DomainReportReason
from models.reviews import Review as ReviewModel
from models.reviews import ReviewReport as ReportModel
from models.reviews import ReviewSide as DomainReviewSide
from models.reviews import ReviewStatus as DomainReviewStatus
from resolvers import review_insights, review_moderation, review_queries, reviews
from resolvers.paging import Page
from resolvers.review_queries import ReviewSort as DomainReviewSort
from schema.base import Connection, Payload, connection, node_uuid, user_errors
from schema.context import Context, Info
from schema.input_limits import limits
from schema.nodes import ModelNode
from schema.permissions import IsAdmin, IsAuthenticated
from schema.ratings import CategoryRatings

if TYPE_CHECKING:
    from schema.bookings import Booking
    from schema.listings import Listing
    from schema.users import User

strawberry.enum(
    DomainReviewSide,
    name="ReviewSide",
    description="Who wrote a review: the GUEST (of the stay) or the HOST (of the guest).",
)
strawberry.enum(DomainReviewStatus, name="ReviewStatus")
strawberry.enum(DomainReportReason, name="ReportReason")
strawberry.enum(DomainReviewSort, name="ReviewSort")
ReviewSide = DomainReviewSide
ReviewStatus = DomainReviewStatus
ReportReason = DomainReportReason
ReviewSort = DomainReviewSort

LazyUser = Annotated["User", strawberry.lazy("schema.users")]
LazyListing = Annotated["Listing", strawberry.lazy("schema.listings")]
LazyBooking = Annotated["Booking", strawberry.lazy("schema.bookings")]


def can_see_review(context: Context, review: ReviewModel) -> bool:
    """Published reviews are public; a blind, held or hidden one is its author's and admins' only."""
    if review.status is DomainReviewStatus.PUBLISHED:
        return True
    viewer = context.user
    return viewer is not None and (viewer.id == review.author_id or viewer.is_admin)


@strawberry.type
class ReviewResponse:
    text: str
    at: datetime


@strawberry.type(name="ReviewReport", description="A user's report of a review (admins only).")
class ReviewReportType:
    reason: ReportReason
    note: str
    created_at: datetime
    resolved_at: datetime | None

    @strawberry.field
    def reporter(self, root: strawberry.Parent[ReportModel], info: Info) -> LazyUser | None:
        return now_or_later(info.context.loaders.user_by_id, root.reporter_id)  # type: ignore[no-any-return]


@strawberry.type(name="Review", description="A review of a completed stay, by its guest or its host.")
class Review(ModelNode):
    id: relay.NodeID[uuid.UUID]
    side: ReviewSide = strawberry.field(
        description="GUEST: the guest's review of the stay; HOST: of the guest."
    )
    overall: int
    text: str
    published_at: datetime | None
    created_at: datetime
    sentiment: float = strawberry.field(description="-1 (negative) to 1 (positive), from the text (VADER).")

    model = ReviewModel
    loader = "review_by_id"

    @classmethod
    async def visible(cls, context: Context, rows: Sequence[ReviewModel]) -> list[bool]:
        return [can_see_review(context, r) for r in rows]

    @strawberry.field(
        description="PUBLISHED for everyone; its author and admins also see PENDING "
        "(blind), HELD (under review) and HIDDEN."
    )
    def status(self, root: strawberry.Parent[ReviewModel]) -> ReviewStatus:
        return root.status

    @strawberry.field
    def categories(self, root: strawberry.Parent[ReviewModel]) -> CategoryRatings:
        return CategoryRatings(**{name: float(v) for name, v in root.ratings().items()})

    @strawberry.field(description="The guest's note to the host: for the host, its author and admins only.")
    def private_note(self, root: strawberry.Parent[ReviewModel], info: Info) -> str | None:
        viewer = info.context.user
        if viewer is None or not (viewer.id in (root.author_id, root.subject_id) or viewer.is_admin):
            return None
        return root.private_note

    @strawberry.field(description="Who wrote it (first name and avatar: never a full name).")
    def author(self, root: strawberry.Parent[ReviewModel], info: Info) -> LazyUser | None:
        return now_or_later(info.context.loaders.user_by_id, root.author_id)  # type: ignore[no-any-return]

    @strawberry.field(description="Whom it is about: the host (GUEST side) or the guest (HOST side).")
    def subject(self, root: strawberry.Parent[ReviewModel], info: Info) -> LazyUser | None:
        return now_or_later(info.context.loaders.user_by_id, root.subject_id)  # type: ignore[no-any-return]

    @strawberry.field
    def listing(self, root: strawberry.Parent[ReviewModel], info: Info) -> LazyListing | None:
        return now_or_later(info.context.loaders.listing_by_id, root.listing_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The stay: for its guest, its host and admins; null for others.")
    def booking(self, root: strawberry.Parent[ReviewModel], info: Info) -> LazyBooking | None:
        viewer = info.context.user
        if viewer is None or not (viewer.id in (root.author_id, root.subject_id) or viewer.is_admin):
            return None
        return now_or_later(info.context.loaders.booking_by_id, root.booking_id)  # type: ignore[no-any-return]

    @strawberry.field(description="The public answer of the one reviewed, if any.")
    def response(self, root: strawberry.Parent[ReviewModel]) -> ReviewResponse | None:
        if root.response is None or root.responded_at is None:
            return None
        return ReviewResponse(text=root.response, at=root.responded_at)

    @strawberry.field(description="Why the screening held it (offensive, phone, email, url): admins only.")
    def flags(self, root: strawberry.Parent[ReviewModel], info: Info) -> list[str] | None:
        viewer = info.context.user
        return list(root.flags) if viewer is not None and viewer.is_admin else None

    @strawberry.field(description="Users' reports of it: admins only.")
    def reports(self, root: strawberry.Parent[ReviewModel], info: Info) -> list[ReviewReportType] | None:
        viewer = info.context.user
        if viewer is None or not viewer.is_admin:
            return None
        return now_or_later(info.context.loaders.reports_by_review, root.id)  # type: ignore[no-any-return]


async def reviews_page(
    info: Info,
    subject: StatsSubject,
    subject_id: uuid.UUID,
    *,
    sort: DomainReviewSort,
    first: int | None,
    after: str | None,
) -> Connection[Review]:
    """A page of the published reviews of a listing (guests'), a host (guests') or a guest (hosts')."""
    stats = await info.context.loaders.stats_by_subject.load((subject, subject_id))
    side = DomainReviewSide.HOST if subject is StatsSubject.GUEST else DomainReviewSide.GUEST
    page = await review_queries.published_reviews(
        side=side,
        sort=sort,
        first=first,
        after=after,
        total=stats.count if stats else 0,
        listing_id=subject_id if subject is StatsSubject.LISTING else None,
        subject_id=None if subject is StatsSubject.LISTING else subject_id,
    )
    return _connection(info, page)


def _connection(info: Info, page: Page[ReviewModel]) -> Connection[Review]:
    for review in page.items:
        info.context.loaders.review_by_id.prime(review.id, review)
        author = getattr(review, "_author", None)  # joined in by published_reviews
        if author is not None:
            info.context.loaders.user_by_id.prime(author.id, author)
    return connection(page)  # type: ignore[arg-type]


# ---- queries -----------------------------------------------------------------------------------


@strawberry.type(description="One calendar month (UTC) of a listing's published guest reviews.")
class MonthSentiment:
    month: str = strawberry.field(description="YYYY-MM.")
    reviews: int
    sentiment: float | None = strawberry.field(
        description="Average sentiment, -1 to 1; null without reviews."
    )
    overall: float | None = strawberry.field(description="Average overall rating; null without reviews.")


@strawberry.type(description="A phrase trending in a listing's recent reviews.")
class TopicCount:
    phrase: str
    count: int = strawberry.field(description="In how many recent reviews it occurs.")


@strawberry.type(description="What a listing's guest reviews say: for its host and admins.")
class ReviewInsights:
    months: list[MonthSentiment] = strawberry.field(description="The last 12 months, oldest first.")
    positive_topics: list[TopicCount] = strawberry.field(
        description="From positive reviews, most frequent first."
    )
    negative_topics: list[TopicCount] = strawberry.field(
        description="From negative reviews, most frequent first."
    )
    topics_computed_at: datetime | None = strawberry.field(
        description="When the nightly job last found topics for it; null if never."
    )


@strawberry.type(description="A completed stay awaiting your review.")
class ReviewToWrite:
    side: ReviewSide = strawberry.field(description="The side you review it from.")
    deadline: datetime = strawberry.field(description="The window closes then; what is in is published.")
    booking: LazyBooking


@strawberry.type
class Query:
    @strawberry.field(permission_classes=[IsAuthenticated], description="Your stays awaiting your review.")
    async def reviews_to_write(self, info: Info) -> list[ReviewToWrite]:
        due = await review_queries.reviews_to_write(info.context.require_user())
        return [ReviewToWrite(side=d.side, deadline=d.deadline, booking=d.booking) for d in due]  # type: ignore[arg-type]

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Sentiment over time and trending topics of your listing's reviews (its host and "
        "admins; NOT_FOUND for others).",
    )
    async def review_insights(self, info: Info, listing_id: relay.GlobalID) -> ReviewInsights:
        found = await review_insights.review_insights(
            user=info.context.require_user(), listing_id=node_uuid(listing_id, "Listing")
        )
        return ReviewInsights(
            months=[
                MonthSentiment(month=m.month, reviews=m.reviews, sentiment=m.sentiment, overall=m.overall)
                for m in found.months
            ],
            positive_topics=[TopicCount(phrase=t.phrase, count=t.count) for t in found.positive],
            negative_topics=[TopicCount(phrase=t.phrase, count=t.count) for t in found.negative],
            topics_computed_at=found.topics_computed_at,
        )

    @strawberry.field(
        permission_classes=[IsAdmin], description="Held and reported reviews, oldest first (admins)."
    )
    async def moderation_queue(
        self, info: Info, first: int | None = None, after: str | None = None
    ) -> Connection[Review]:
        return _connection(info, await review_moderation.moderation_queue(first=first, after=after))


# ---- mutations ---------------------------------------------------------------------------------

TEXT = limits(max_length=2000)
NOTE = limits(max_length=1000)


@strawberry.input(description="The category ratings, 1-5, of either side.")
class CategoryRatingsInput:
    cleanliness: int | None = None
    accuracy: int | None = None
    check_in: int | None = None
    communication: int | None = None
    location: int | None = None
    value: int | None = None
    house_rules: int | None = None


@strawberry.input(
    description="Rate overall and each category of your side, 1-5: the guest rates "
    "cleanliness, accuracy, checkIn, communication, location and value; the host "
    "houseRules, communication and cleanliness."
)
class WriteReviewInput(CategoryRatingsInput):
    booking_id: relay.GlobalID
    overall: int
    text: str = strawberry.field(metadata=TEXT, description="Public: 20 to 2,000 characters.")
    private_note: str = strawberry.field(default="", metadata=NOTE, description="Guests: for the host only.")


@strawberry.input(description="Only the fields given change; a review can be edited until it is published.")
class UpdateReviewInput(CategoryRatingsInput):
    review_id: relay.GlobalID
    overall: int | None = None
    text: str | None = strawberry.field(default=None, metadata=TEXT)
    private_note: str | None = strawberry.field(default=None, metadata=NOTE)


@strawberry.input
class RespondToReviewInput:
    review_id: relay.GlobalID
    text: str = strawberry.field(metadata=TEXT)


@strawberry.input
class ReportReviewInput:
    review_id: relay.GlobalID
    reason: ReportReason
    note: str = strawberry.field(default="", metadata=NOTE)


@strawberry.input
class ModerateReviewInput:
    review_id: relay.GlobalID
    reason: str = strawberry.field(metadata=NOTE, description="Why: kept in the moderation trail.")


@strawberry.type
class ReviewPayload(Payload):
    review: Review | None = None


RATING_FIELDS = ("overall", *ALL_CATEGORIES)


def _ratings(input: Any) -> dict[str, int | None]:
    return {name: getattr(input, name) for name in RATING_FIELDS}


def _review_id(id: relay.GlobalID) -> uuid.UUID | None:
    return node_uuid(id, "Review")


@strawberry.type
class Mutation:
    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Review a completed stay (guest or host), within REVIEW_WINDOW_DAYS of check-out. "
        "Blind: published when both sides are in or the window closes.",
    )
    @user_errors
    async def write_review(self, info: Info, input: WriteReviewInput) -> ReviewPayload:
        review = await reviews.write_review(
            user=info.context.require_user(),
            booking_id=node_uuid(input.booking_id, "Booking"),
            ratings=_ratings(input),
            text=input.text,
            private_note=input.private_note,
        )
        return ReviewPayload(review=review)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated], description="Edit your review before publication."
    )
    @user_errors
    async def update_review(self, info: Info, input: UpdateReviewInput) -> ReviewPayload:
        review = await reviews.update_review(
            user=info.context.require_user(),
            review_id=_review_id(input.review_id),
            ratings=_ratings(input),
            text=input.text,
            private_note=input.private_note,
        )
        return ReviewPayload(review=review)  # type: ignore[arg-type]

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Answer a review of you, once, publicly, within REVIEW_RESPONSE_DAYS of its publication.",
    )
    @user_errors
    async def respond_to_review(self, info: Info, input: RespondToReviewInput) -> ReviewPayload:
        review = await reviews.respond_to_review(
            user=info.context.require_user(), review_id=_review_id(input.review_id), text=input.text
        )
        return ReviewPayload(review=review)  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Report a published review, once.")
    @user_errors
    async def report_review(self, info: Info, input: ReportReviewInput) -> ReviewPayload:
        report = await reviews.report_review(
            user=info.context.require_user(),
            review_id=_review_id(input.review_id),
            reason=input.reason,
            note=input.note,
        )
        return ReviewPayload(review=await info.context.loaders.review_by_id.load(report.review_id))  # type: ignore[arg-type]

    @strawberry.mutation(permission_classes=[IsAdmin], description="Take a review down (admins).")
    @user_errors
    async def hide_review(self, info: Info, input: ModerateReviewInput) -> ReviewPayload:
        return await _moderate(info, input, ModerationMove.HIDE)

    @strawberry.mutation(
        permission_classes=[IsAdmin],
        description="Let a review stand (admins): publish a held or hidden one, or dismiss the reports "
        "of a published one.",
    )
    @user_errors
    async def restore_review(self, info: Info, input: ModerateReviewInput) -> ReviewPayload:
        return await _moderate(info, input, ModerationMove.RESTORE)


async def _moderate(info: Info, input: ModerateReviewInput, move: ModerationMove) -> ReviewPayload:
    review = await review_moderation.moderate_review(
        admin=info.context.require_user(),
        review_id=_review_id(input.review_id),
        move=move,
        reason=input.reason,
    )
    return ReviewPayload(review=review)  # type: ignore[arg-type]
