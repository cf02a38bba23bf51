"""The exercise library: exercises, their media, and progression links between them.

An exercise with no owner clinic belongs to the shared library kept by curators in
the admin; one with an owner clinic is private to that clinic and kept by its
clinicians in the app.
"""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from physio.models import Clinic, Condition

SEARCH_CONFIG = "english"


class BodyRegion(models.TextChoices):
    HIP = "hip", "Hip and glutes"
    KNEE = "knee", "Knee"
    ANKLE_FOOT = "ankle_foot", "Ankle and foot"
    TRUNK = "trunk", "Trunk and pelvis"
    LOWER_LIMB = "lower_limb", "Whole lower limb"


class Movement(models.TextChoices):
    HIP_EXTENSION = "hip_extension", "Hip extension"
    HIP_ABDUCTION = "hip_abduction", "Hip abduction"
    HIP_ROTATION = "hip_rotation", "Hip rotation"
    SQUAT = "squat", "Squat"
    HINGE = "hinge", "Hinge"
    LUNGE = "lunge", "Lunge and split stance"
    STEP = "step", "Step"
    BALANCE = "balance", "Balance"
    TRUNK_STABILITY = "trunk_stability", "Trunk stability"


class Position(models.TextChoices):
    LYING = "lying", "Lying on the back"
    PRONE = "prone", "Lying face down"
    SIDE_LYING = "side_lying", "Side-lying"
    KNEELING = "kneeling", "Kneeling"
    SITTING = "sitting", "Sitting"
    STANDING = "standing", "Standing"


class Equipment(models.TextChoices):
    NONE = "none", "No equipment"
    BAND = "band", "Resistance band"
    DUMBBELL = "dumbbell", "Dumbbell or kettlebell"
    STEP = "step", "Step or box"
    BENCH = "bench", "Bench or chair"
    MAT = "mat", "Mat"
    WALL = "wall", "Wall"


class WeightBearing(models.IntegerChoices):
    """Ordered: none < both legs < single leg, so filters can say "at most"."""

    NONE = 0, "Non-weight-bearing"
    BOTH_LEGS = 1, "Both legs"
    SINGLE_LEG = 2, "Single leg"


class Target(models.TextChoices):
    """The movement faults and qualities an exercise addresses."""

    HIP_DROP = "hip_drop", "Hip drop"
    KNEE_VALGUS = "knee_valgus", "Knee valgus"
    TRUNK_LEAN = "trunk_lean", "Trunk lean"
    HIP_EXTENSOR_STRENGTH = "hip_extensor_strength", "Hip extensor strength"
    HIP_ABDUCTOR_STRENGTH = "hip_abductor_strength", "Hip abductor strength"
    BALANCE = "balance", "Balance"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Side(models.TextChoices):
    EACH = "each", "Each side"
    BOTH = "both", "Both sides together"
    ALTERNATE = "alternate", "Alternating sides"


class ExerciseQuerySet(models.QuerySet):
    def shared(self):
        return self.filter(owner_clinic__isnull=True)

    def published(self):
        return self.filter(status=Status.PUBLISHED)


def _search_vector():
    """Name weighted over summary, then steps, cues and mistakes (PostgreSQL keeps it current)."""

    def part(field, weight):
        # SearchVector wraps each column in COALESCE(..., ''), so empty text is fine.
        return SearchVector(field, weight=weight, config=SEARCH_CONFIG)

    return (
        part("name", "A")
        + part("summary", "B")
        + part("steps", "C")
        + part("cues", "C")
        + part("mistakes", "D")
    )


class Exercise(models.Model):
    name = models.CharField("name", max_length=120)
    slug = models.SlugField("slug", max_length=140)
    summary = models.CharField("summary", max_length=300, blank=True)
    steps = models.TextField("steps", help_text="One step per line, in order.")
    cues = models.TextField("coaching cues", blank=True, help_text="One cue per line.")
    mistakes = models.TextField("common mistakes", blank=True, help_text="One mistake per line.")

    body_region = models.CharField("body region", max_length=20, choices=BodyRegion)
    movement = models.CharField("movement", max_length=20, choices=Movement)
    position = models.CharField("position", max_length=20, choices=Position)
    equipment = ArrayField(
        models.CharField(max_length=20, choices=Equipment),
        default=list,
        blank=True,
        verbose_name="equipment",
    )
    difficulty = models.PositiveSmallIntegerField(
        "difficulty", default=1, help_text="1 (easiest) to 5 (hardest)."
    )
    weight_bearing = models.PositiveSmallIntegerField(
        "weight-bearing", choices=WeightBearing, default=WeightBearing.NONE
    )
    targets = ArrayField(
        models.CharField(max_length=30, choices=Target),
        default=list,
        blank=True,
        verbose_name="targets",
    )
    conditions = ArrayField(
        models.CharField(max_length=40, choices=Condition),
        default=list,
        blank=True,
        verbose_name="suits conditions",
    )

    default_sets = models.PositiveSmallIntegerField("sets", default=3)
    default_reps = models.PositiveSmallIntegerField("repetitions", null=True, blank=True)
    default_hold_seconds = models.PositiveSmallIntegerField("hold (seconds)", null=True, blank=True)
    default_rest_seconds = models.PositiveSmallIntegerField("rest (seconds)", default=60)
    default_side = models.CharField("side", max_length=10, choices=Side, default=Side.BOTH)
    dosing_notes = models.CharField("dosing notes", max_length=200, blank=True)

    status = models.CharField("status", max_length=10, choices=Status, default=Status.DRAFT)
    owner_clinic = models.ForeignKey(
        Clinic,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exercises",
        verbose_name="owner clinic",
        help_text="Empty for the shared library; set for an exercise private to one clinic.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="created by",
    )
    harder = models.ManyToManyField(
        "self",
        through="Progression",
        through_fields=("easier", "harder"),
        symmetrical=False,
        related_name="easier",
        blank=True,
        verbose_name="progressions",
    )
    search_vector = models.GeneratedField(
        expression=_search_vector(), output_field=SearchVectorField(), db_persist=True
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = ExerciseQuerySet.as_manager()

    class Meta:
        verbose_name = "exercise"
        verbose_name_plural = "exercises"
        ordering = ["name", "pk"]
        permissions = [("curate_library", "Can change the shared exercise library")]
        constraints = [
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(owner_clinic__isnull=True),
                name="exercise_shared_slug_unique",
                violation_error_message="Another shared exercise already uses this slug.",
            ),
            models.UniqueConstraint(
                fields=["owner_clinic", "slug"], name="exercise_clinic_slug_unique"
            ),
            models.CheckConstraint(
                condition=Q(difficulty__gte=1, difficulty__lte=5),
                name="exercise_difficulty_1_to_5",
                violation_error_message="Difficulty runs from 1 to 5.",
            ),
            models.CheckConstraint(
                condition=Q(weight_bearing__in=WeightBearing.values),
                name="exercise_weight_bearing_valid",
            ),
            models.CheckConstraint(
                condition=Q(default_reps__isnull=False) | Q(default_hold_seconds__isnull=False),
                name="exercise_dosing_reps_or_hold",
                violation_error_message="Give repetitions, a hold time, or both.",
            ),
            models.CheckConstraint(
                condition=Q(default_sets__gte=1, default_sets__lte=10),
                name="exercise_sets_1_to_10",
                violation_error_message="Give from 1 to 10 sets.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="exercise_status_valid"
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="exercise_search_gin"),
            # The name alone: a search finds the exercises whose name matches without
            # reading every exercise that mentions the word somewhere in its text.
            GinIndex(SearchVector("name", config=SEARCH_CONFIG), name="exercise_name_search_gin"),
            GinIndex(fields=["targets"], name="exercise_targets_gin"),
            GinIndex(fields=["conditions"], name="exercise_conditions_gin"),
            models.Index(fields=["status", "owner_clinic", "name"], name="exercise_listing_idx"),
            # The library lists by name: a page of 24 is read in index order, not sorted.
            models.Index(fields=["name", "id"], name="exercise_name_order_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exercises:detail", args=[self.pk])

    @property
    def is_shared(self) -> bool:
        return self.owner_clinic_id is None

    @property
    def is_published(self) -> bool:
        return self.status == Status.PUBLISHED

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def step_list(self) -> list[str]:
        return self._lines(self.steps)

    @property
    def cue_list(self) -> list[str]:
        return self._lines(self.cues)

    @property
    def mistake_list(self) -> list[str]:
        return self._lines(self.mistakes)

    def get_targets_display(self) -> list[str]:
        labels = dict(Target.choices)
        return [labels.get(value, value) for value in self.targets]

    def get_conditions_display(self) -> list[str]:
        labels = dict(Condition.choices)
        return [labels.get(value, value) for value in self.conditions]

    def get_equipment_display(self) -> list[str]:
        labels = dict(Equipment.choices)
        return [labels.get(value, value) for value in self.equipment]

    @property
    def dosing_text(self) -> str:
        """The default dose in words, e.g. "3 × 12 reps, each side, rest 60 s"."""
        parts = []
        if self.default_reps and self.default_hold_seconds:
            parts.append(
                f"{self.default_sets} × {self.default_reps} reps, "
                f"hold {self.default_hold_seconds} s"
            )
        elif self.default_reps:
            parts.append(f"{self.default_sets} × {self.default_reps} reps")
        else:
            parts.append(f"{self.default_sets} × {self.default_hold_seconds} s hold")
        if self.default_side != Side.BOTH:
            parts.append(self.get_default_side_display().lower())
        if self.default_rest_seconds:
            parts.append(f"rest {self.default_rest_seconds} s")
        return ", ".join(parts)

    def default_dosing(self) -> dict:
        """The default dose as fields a programme item can copy."""
        return {
            "sets": self.default_sets,
            "reps": self.default_reps,
            "hold_seconds": self.default_hold_seconds,
            "rest_seconds": self.default_rest_seconds,
            "side": self.default_side,
        }


class Progression(models.Model):
    """``easier`` progresses to ``harder`` (and ``harder`` regresses to ``easier``)."""

    easier = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="+", verbose_name="easier exercise"
    )
    harder = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="+", verbose_name="harder exercise"
    )

    class Meta:
        verbose_name = "progression"
        verbose_name_plural = "progressions"
        constraints = [
            models.UniqueConstraint(fields=["easier", "harder"], name="progression_unique"),
            models.CheckConstraint(
                condition=~Q(easier=models.F("harder")),
                name="progression_not_to_itself",
                violation_error_message="An exercise cannot progress to itself.",
            ),
        ]

    def __str__(self):
        return f"{self.easier} → {self.harder}"


def media_upload_to(instance, filename: str) -> str:
    """``exercises/<exercise id>/<random>.<ext>``: the uploader's file name is never kept."""
    ext = PurePosixPath(filename).suffix.lower().lstrip(".") or "bin"
    return f"exercises/{instance.exercise_id}/{uuid.uuid4().hex}.{ext}"


class MediaKind(models.TextChoices):
    IMAGE = "image", "Image"
    VIDEO = "video", "Uploaded video"
    LINK = "link", "YouTube or Vimeo link"


class ExerciseMedia(models.Model):
    """An image, an uploaded video (with a poster frame) or an external video link."""

    exercise = models.ForeignKey(
        Exercise, on_delete=models.CASCADE, related_name="media", verbose_name="exercise"
    )
    kind = models.CharField("kind", max_length=10, choices=MediaKind)
    file = models.FileField("file", upload_to=media_upload_to, blank=True, max_length=200)
    poster = models.FileField("poster frame", upload_to=media_upload_to, blank=True, max_length=200)
    thumbnail = models.FileField(
        "thumbnail", upload_to=media_upload_to, blank=True, editable=False, max_length=200
    )
    url = models.URLField("link", blank=True, max_length=500)
    embed_url = models.URLField("embed address", blank=True, editable=False, max_length=500)
    provider = models.CharField("provider", max_length=20, blank=True, editable=False)
    content_type = models.CharField("content type", max_length=50, blank=True, editable=False)
    size_bytes = models.PositiveBigIntegerField("size (bytes)", null=True, editable=False)
    width = models.PositiveIntegerField("width", null=True, editable=False)
    height = models.PositiveIntegerField("height", null=True, editable=False)
    duration_seconds = models.FloatField("duration (seconds)", null=True, editable=False)
    caption = models.CharField("caption", max_length=200, blank=True)
    order = models.PositiveSmallIntegerField("order", default=0)
    is_main = models.BooleanField("main", default=False)
    is_demo = models.BooleanField(
        "demo media", default=False, help_text="Generated for the demo, shown with a label."
    )
    created_at = models.DateTimeField("added", auto_now_add=True)

    class Meta:
        verbose_name = "media item"
        verbose_name_plural = "media"
        ordering = ["-is_main", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["exercise"], condition=Q(is_main=True), name="exercise_one_main_media"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind=MediaKind.LINK, url__gt="", embed_url__gt="")
                    | Q(kind__in=[MediaKind.IMAGE, MediaKind.VIDEO], file__gt="")
                ),
                name="exercise_media_has_content",
            ),
        ]

    def __str__(self):
        return self.caption or f"{self.get_kind_display()} for {self.exercise}"

    def get_absolute_url(self):
        return self.exercise.get_absolute_url()

    @property
    def is_image(self) -> bool:
        return self.kind == MediaKind.IMAGE

    @property
    def is_video(self) -> bool:
        return self.kind == MediaKind.VIDEO

    @property
    def is_link(self) -> bool:
        return self.kind == MediaKind.LINK

    def _serve_url(self, part: str) -> str:
        return reverse("exercises:media-file", args=[self.pk, part])

    @property
    def file_url(self) -> str:
        return self._serve_url("file") if self.file else ""

    @property
    def poster_url(self) -> str:
        return self._serve_url("poster") if self.poster else ""

    @property
    def thumbnail_url(self) -> str:
        return self._serve_url("thumb") if self.thumbnail else ""

    @property
    def duration_text(self) -> str:
        if self.duration_seconds is None:
            return ""
        total = round(self.duration_seconds)
        return f"{total // 60}:{total % 60:02d}"
