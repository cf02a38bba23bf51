"""Scoped reads of the exercise library.

What a user may see:

- the published shared library: anyone signed in;
- shared drafts: staff who curate the library;
- a clinic's private exercises (draft or published): that clinic's clinicians and
  its portal clients. Everyone else gets 404, never a hint that it exists.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.functions import Length
from django.http import Http404

from exercises.models import (
    SEARCH_CONFIG,
    Exercise,
    ExerciseMedia,
    Progression,
    Status,
)
from physio.access import clinician_for, portal_client_for
from physio.models import Clinician

CURATE_PERMISSION = "exercises.curate_library"
CHAIN_DEPTH = 8
_WORD = re.compile(r"[^\W_]+")
CARD_FIELDS = [
    "name",
    "summary",
    "difficulty",
    "weight_bearing",
    "status",
    "owner_clinic_id",
    "updated_at",
]


def is_curator(user) -> bool:
    return bool(user.is_authenticated and user.is_staff and user.has_perm(CURATE_PERMISSION))


def clinic_id_for(user) -> int | None:
    """The clinic whose private exercises ``user`` may see (as clinician or portal client)."""
    clinician = clinician_for(user)
    if clinician:
        return clinician.clinic_id
    client = portal_client_for(user)
    return client.clinic_id if client else None


def visible_q(user) -> Q:
    """The condition on Exercise rows ``user`` may see."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    shared = Q(owner_clinic__isnull=True)
    q = shared & Q(status=Status.PUBLISHED)
    if is_curator(user):
        q = shared
    clinic_id = clinic_id_for(user)
    if clinic_id:
        q |= Q(owner_clinic_id=clinic_id)
    return q


def exercises_visible_to(user) -> QuerySet[Exercise]:
    return Exercise.objects.filter(visible_q(user))


def exercise_get(*, fetched_by, exercise_id: int) -> Exercise:
    """One exercise ``fetched_by`` (a user) may see, with its media; or 404."""
    exercise = (
        exercises_visible_to(fetched_by)
        .select_related("owner_clinic")
        .prefetch_related("media")
        .filter(pk=exercise_id)
        .first()
    )
    if exercise is None:
        raise Http404("No such exercise.")
    return exercise


def exercises_editable_by(clinician: Clinician) -> QuerySet[Exercise]:
    """A clinic's own exercises: the only ones its clinicians change in the app."""
    return Exercise.objects.filter(owner_clinic_id=clinician.clinic_id)


def exercise_get_editable(*, fetched_by: Clinician, exercise_id: int) -> Exercise:
    exercise = exercises_editable_by(fetched_by).filter(pk=exercise_id).first()
    if exercise is None:
        raise Http404("No such exercise.")
    return exercise


def media_get(*, fetched_by, media_id: int) -> ExerciseMedia:
    """A media item of an exercise ``fetched_by`` may see; or 404."""
    media = (
        ExerciseMedia.objects.filter(exercise__in=exercises_visible_to(fetched_by))
        .filter(pk=media_id)
        .first()
    )
    if media is None:
        raise Http404("No such media.")
    return media


def _search_terms(text: str) -> tuple[str, str, str] | None:
    """Prefix tsquery text for every word (``clam:* & band:*``), the same limited to the
    name's weight (``clam:*A & band:*A``), and the first word."""
    words = _WORD.findall(text.lower())[:8]
    if not words:
        return None
    anywhere = " & ".join(f"{word}:*" for word in words)
    in_name = " & ".join(f"{word}:*A" for word in words)
    return anywhere, in_name, words[0]


def _main_media() -> Prefetch:
    return Prefetch(
        "media", queryset=ExerciseMedia.objects.filter(is_main=True), to_attr="main_media"
    )


def with_main_media(qs: QuerySet[Exercise]) -> QuerySet[Exercise]:
    """Attach ``main_media`` (a list of 0 or 1 item) in one extra query for the whole page."""
    return qs.prefetch_related(_main_media())


FILTERS = {
    "body_region": lambda value: Q(body_region=value),
    "movement": lambda value: Q(movement=value),
    "position": lambda value: Q(position=value),
    "equipment": lambda value: Q(equipment__contains=[value]),
    "difficulty": lambda value: Q(difficulty=int(value)),
    "weight_bearing": lambda value: Q(weight_bearing=int(value)),
    "target": lambda value: Q(targets__contains=[value]),
    "condition": lambda value: Q(conditions__contains=[value]),
    "source": lambda value: Q(owner_clinic__isnull=value == "shared"),
}


def _filtered(fetched_by, filters: dict | None) -> QuerySet[Exercise]:
    # Cards need neither the long text nor the search vector: leave them in the database.
    qs = exercises_visible_to(fetched_by).only(*CARD_FIELDS)
    for name, value in (filters or {}).items():
        if value not in (None, "") and name in FILTERS:
            qs = qs.filter(FILTERS[name](value))
    return qs


class _NameMatchesFirst:
    """A search's matches in order, for ``Paginator``: a ``count()`` and slices.

    Exercises whose name matches every word come first, found through the name's own
    index (``exercise_name_search_gin``) and ranked among themselves; those that match
    only in their text follow, by rank. A page within the name matches never ranks the
    text-only ones (in a broad search nearly every exercise mentions the word
    somewhere, and ranking them all costs ten times the page: see the README's
    "Benchmarks"); they are ranked only when a page reaches them.
    """

    def __init__(self, qs: QuerySet[Exercise], terms: tuple[str, str, str]):
        anywhere, in_name, first_word = terms
        matches = SearchQuery(anywhere, search_type="raw", config=SEARCH_CONFIG)
        rank = SearchRank(F("search_vector"), matches, weights=[0.05, 0.2, 0.4, 1.0])
        self.every = qs.filter(search_vector=matches)
        self.by_name = (
            # The same expression as the index exercise_name_search_gin, so it is used.
            qs.alias(name_vector=SearchVector("name", config=SEARCH_CONFIG))
            .filter(name_vector=matches)
            .annotate(
                name_start=ExpressionWrapper(
                    Q(name__istartswith=first_word), output_field=BooleanField()
                ),
                rank=rank,
            )
            # The name that starts with the first word, then the tightest (shortest)
            # name: "clam" lists "Clam shell" first.
            .order_by("-name_start", Length("name"), "-rank", "name", "pk")
        )
        # The name's words are the search vector's weight A: the same test as by_name,
        # read from the stored vector instead of parsing every name again.
        name_hit = SearchQuery(in_name, search_type="raw", config=SEARCH_CONFIG)
        self.by_text = (
            self.every.exclude(search_vector=name_hit)
            .annotate(rank=rank)
            .order_by("-rank", "name", "pk")
        )
        self._count = None

    def count(self) -> int:
        if self._count is None:
            self._count = self.every.count()
        return self._count

    def __getitem__(self, window: slice) -> list[Exercise]:
        start, stop = window.start or 0, window.stop
        rows = list(self.by_name[start:stop])
        if len(rows) == stop - start or start + len(rows) == self.count():
            return rows
        names = start + len(rows) if rows else self.by_name.count()
        return rows + list(self.by_text[max(start - names, 0) : stop - names])


def _card_key(exercise: Exercise, media: ExerciseMedia | None) -> str:
    """Everything a library card shows depends on these, so a cached card is never stale."""
    parts = [exercise.pk, exercise.updated_at.timestamp(), exercise.status]
    parts.append(exercise.owner_clinic_id)
    if media is not None:
        parts += [media.pk, media.kind, media.thumbnail.name, media.is_demo]
    return ":".join(map(str, parts))


def exercise_search(
    *, fetched_by, query: str = "", filters: dict | None = None, number=1, per_page: int = 24
) -> Page:
    """Page ``number`` of the exercises ``fetched_by`` may see that match ``query`` and
    the facet ``filters``: the library page and the programme builder's search.

    Words match as prefixes ("clam" finds "clamshell" and "clams"), all of them.
    Exercises whose name matches every word come first, then the rest by rank (name
    over summary over steps and cues over mistakes), then by name. A Django ``Page``
    (its paginator counts the matches with one COUNT on the search index), in three
    queries with the media, four when the page straddles the name matches; a number that is not a
    number gives the first page, one past the end the last. Each row has
    ``main_media`` (a list), ``main`` (the item or None) and ``card_key``.
    """
    qs = _filtered(fetched_by, filters)
    terms = _search_terms(query)
    matches = _NameMatchesFirst(qs, terms) if terms else qs.order_by("name", "pk")
    page = Paginator(matches, per_page).get_page(number)
    rows = list(page.object_list)
    prefetch_related_objects(rows, _main_media())
    for row in rows:
        row.main = row.main_media[0] if row.main_media else None
        row.card_key = _card_key(row, row.main)
    page.object_list = rows
    return page


def exercise_suggestions(
    *,
    fetched_by,
    targets: list[str] = (),
    max_weight_bearing: int | None = None,
    max_difficulty: int | None = None,
    min_difficulty: int | None = None,
) -> QuerySet[Exercise]:
    """Published exercises for the given targets, within a weight-bearing level and difficulty.

    For the programme builder: easiest and least weight-bearing first.
    """
    qs = exercises_visible_to(fetched_by).filter(status=Status.PUBLISHED)
    if targets:
        qs = qs.filter(targets__overlap=list(targets))
    if max_weight_bearing is not None:
        qs = qs.filter(weight_bearing__lte=max_weight_bearing)
    if max_difficulty is not None:
        qs = qs.filter(difficulty__lte=max_difficulty)
    if min_difficulty is not None:
        qs = qs.filter(difficulty__gte=min_difficulty)
    return with_main_media(qs.order_by("weight_bearing", "difficulty", "name", "pk"))


def exercise_chain(*, exercise: Exercise, fetched_by) -> dict:
    """The progression chain around ``exercise``, as levels of visible exercises.

    ``{"easier": [[...next easier], [...easier still], ...], "harder": [[...], ...]}``,
    walked breadth-first up to ``CHAIN_DEPTH`` levels each way (one query per level).
    """
    visible = visible_q(fetched_by)
    chain = {}
    for direction, here, there in (("easier", "harder", "easier"), ("harder", "easier", "harder")):
        seen = {exercise.pk}
        frontier = {exercise.pk}
        levels = []
        for _ in range(CHAIN_DEPTH):
            ids = (
                set(
                    Progression.objects.filter(**{f"{here}_id__in": frontier}).values_list(
                        f"{there}_id", flat=True
                    )
                )
                - seen
            )
            if not ids:
                break
            level = list(
                Exercise.objects.filter(visible, pk__in=ids).order_by("difficulty", "name")
            )
            if not level:
                break
            levels.append(level)
            frontier = {item.pk for item in level}
            seen |= frontier
        chain[direction] = levels
    return chain
