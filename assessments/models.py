"""Assessments of a client: hip-drop and knee-valgus tests per side, photos and landmarks.

Angles are never typed in: they come from the landmarks placed on a photo, computed
on the server by assessments/angles.py (docs/clinical.md §1.3 and §2.1).
"""

import os
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Q
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from assessments import angles
from assessments.triggers import amendment_triggers, assessment_triggers, part_triggers
from physio.history import track_changes
from physio.models import Client, Clinician


class AssessmentLocked(ValidationError):
    """The assessment is signed: the change needs a reason (an amendment) or is not allowed."""


class KeepsSignedPhotos:
    """A storage that never deletes the photo or clip of a signed assessment: it is the record."""

    def delete(self, name):
        signed = Assessment.Status.SIGNED
        if Photo.objects.filter(image=name, assessment__status=signed).exists():
            raise AssessmentLocked(
                "This photo belongs to a signed assessment: it is kept.", code="signed"
            )
        if (
            Clip.objects.filter(Q(original=name) | Q(playback=name))
            .filter(assessment__status=signed)
            .exists()
        ):
            raise AssessmentLocked(
                "This clip belongs to a signed assessment: it is kept.", code="signed"
            )
        super().delete(name)


class PrivateStorage(KeepsSignedPhotos, FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT``, outside the public media path.

    The location is read from the settings on each use (so tests can point it at a
    temporary folder), and there is no public URL: photos are served by a view that
    checks the clinic. Files are written readable by the server's user only (0600)
    in folders only it can open (0700), whatever the process umask: Django applies
    these modes itself (a folder that already exists keeps its mode).
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("file_permissions_mode", 0o600)
        kwargs.setdefault("directory_permissions_mode", 0o700)
        super().__init__(**kwargs)

    @property
    def base_location(self):
        return os.fspath(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a view.")


class _PrivateStorageProxy(LazyObject):
    """``STORAGES["private"]`` (PrivateStorage, or a bucket: physio/storage.py), looked up
    on first use and again whenever the STORAGES setting changes."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorageProxy()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    return _private_storage


def photo_upload_to(photo, filename):
    """An unguessable name: a random folder and file name, nothing from the client."""
    extension = os.path.splitext(filename)[1].lower() or ".jpg"
    return f"assessments/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{extension}"


def clip_upload_to(clip, filename):
    """An unguessable name like a photo's; the original keeps only its extension."""
    extension = os.path.splitext(filename)[1].lower() or ".mp4"
    return f"clips/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{extension}"


class Side(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class Kind(models.TextChoices):
    HIP_DROP = "hip_drop", "Hip drop (single-leg stance)"
    KNEE_VALGUS = "knee_valgus", "Knee valgus (single-leg squat)"


class View(models.TextChoices):
    FRONT = "front", "From the front"
    BACK = "back", "From behind"


def shown(value) -> str:
    """A value as an amendment records it: "—" when empty, an angle to 0.1°."""
    if value is None or value == "":
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}°"
    return str(value)


class SideTest:
    """A test on one side. What differs between the two tests is declared by each
    (HipDropTest, KneeValgusTest): pages and services ask the test, never its kind.

    Each declares: ``kind`` (its Kind, also Photo.test), ``slug`` (in URLs and DOM
    ids), ``default_view`` (the camera view of a new photo), ``landmark_names`` (the
    points placed on a photo, in drawing order), ``max_trials`` (photos per side),
    ``measure`` and ``summary_label`` (the angle it summarises), and ``label``,
    ``heading``, ``summary_deg``, ``summarise()``, ``recorded_values()``,
    ``photo_name()`` and ``angle()``.
    """

    kind: str
    slug: str
    default_view: str
    landmark_names: list[str]
    max_trials: int
    measure: str
    summary_label: str

    def __str__(self):
        return f"{self.label} — {self.assessment}"

    def get_absolute_url(self):
        return self.assessment.get_absolute_url() + f"#{self.dom_id}"

    @property
    def section_key(self) -> str:
        """This test and side in an amendment (Amendment.section) and in ``?amend=``."""
        return f"{self.kind}:{self.side}"

    @property
    def dom_id(self) -> str:
        return f"{self.slug}-{self.side}"

    def snapshot(self, photos: list["Photo"]) -> dict[str, str]:
        """What an amendment compares: the recorded values, then each photo's."""
        values = self.recorded_values()
        for photo in photos:
            values.update(photo.snapshot(prefix=self.photo_name(photo.trial) + ": "))
        return values


class Assessment(models.Model):
    """One visit's hip-drop and knee-valgus tests of a client, both sides."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SIGNED = "signed", "Signed"

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="assessments", verbose_name="client"
    )
    clinician = models.ForeignKey(
        Clinician,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name="clinician",
    )
    assessed_on = models.DateField("date", default=timezone.localdate)
    notes = models.TextField("notes", blank=True)
    status = models.CharField("status", max_length=10, choices=Status, default=Status.DRAFT)
    signed_at = models.DateTimeField("signed", null=True, blank=True)
    signed_by = models.ForeignKey(
        Clinician,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="signed by",
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = "assessment"
        verbose_name_plural = "assessments"
        ordering = ["-assessed_on", "-created_at"]
        indexes = [models.Index(fields=["client", "assessed_on"])]
        triggers = assessment_triggers()
        constraints = [
            models.CheckConstraint(
                name="assessment_signed_has_who_and_when",
                condition=(
                    Q(status="draft", signed_at__isnull=True, signed_by__isnull=True)
                    | Q(status="signed", signed_at__isnull=False, signed_by__isnull=False)
                ),
            ),
        ]

    def __str__(self):
        return f"Assessment of {self.client} on {self.assessed_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("assessments:detail", args=[self.pk])

    @property
    def is_signed(self) -> bool:
        return self.status == self.Status.SIGNED

    def side_tests(self) -> list["HipDropTest | KneeValgusTest"]:
        """Its four tests in page order: hip drop left and right, then knee valgus
        (prefetch ``hip_drop_tests`` and ``knee_valgus_tests`` when listing many)."""
        return [*self.hip_drop_tests.all(), *self.knee_valgus_tests.all()]


class HipDropTest(SideTest, models.Model):
    """Single-leg stance (Trendelenburg) on one side (docs/clinical.md §1).

    The side is the stance side: the finding belongs to it, even though it is the
    other side of the pelvis that drops (§1.1).
    """

    kind = Kind.HIP_DROP
    slug = "hip-drop"
    default_view = View.BACK  # the pelvis is seen from behind (§1.1)
    landmark_names = ["left", "right"]
    max_trials = 1
    measure = "pelvic"
    summary_label = "Pelvic drop"

    class Result(models.TextChoices):
        NEGATIVE = "negative", "Negative (level for 30 s)"
        POSITIVE = "positive", "Positive (cannot lift or hold)"
        DELAYED_POSITIVE = "delayed_positive", "Delayed positive (falls before 30 s)"

    class Compensation(models.TextChoices):
        NONE = "none", "None"
        TRUNK_LEAN = "trunk_lean", "Trunk lean"
        ARM_USE = "arm_use", "Arm use"
        BOTH = "both", "Trunk lean and arm use"

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="hip_drop_tests",
        verbose_name="assessment",
    )
    side = models.CharField("stance side", max_length=5, choices=Side)
    result = models.CharField("result", max_length=20, choices=Result, blank=True)
    seconds_held = models.PositiveSmallIntegerField(
        "seconds held", null=True, blank=True, help_text="0–30 s; a negative test holds 30 s."
    )
    compensation = models.CharField(
        "compensation",
        max_length=20,
        choices=Compensation,
        blank=True,
        help_text="Recorded apart from the result: it can hide a weak hip.",
    )
    pelvic_drop_deg = models.FloatField(
        "pelvic drop (°)",
        null=True,
        blank=True,
        editable=False,
        help_text="Computed from the pelvic points on the photo; positive = free side drops.",
    )
    pain = models.PositiveSmallIntegerField("pain during the test (0–10)", null=True, blank=True)
    notes = models.TextField("notes", blank=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = "hip-drop test"
        verbose_name_plural = "hip-drop tests"
        triggers = part_triggers()
        ordering = ["assessment", "side"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "side"], name="hip_drop_one_per_side"),
            models.CheckConstraint(
                name="hip_drop_seconds_0_30",
                condition=Q(seconds_held__isnull=True) | Q(seconds_held__lte=30),
            ),
            models.CheckConstraint(
                name="hip_drop_pain_0_10", condition=Q(pain__isnull=True) | Q(pain__lte=10)
            ),
            models.CheckConstraint(
                name="hip_drop_negative_held_30",
                condition=~Q(result="negative") | Q(seconds_held=30),
            ),
            models.CheckConstraint(
                name="hip_drop_delayed_fell_before_30",
                condition=~Q(result="delayed_positive") | Q(seconds_held__lt=30),
            ),
            models.CheckConstraint(
                name="hip_drop_positive_under_30",
                condition=~Q(result="positive")
                | Q(seconds_held__isnull=True)
                | Q(seconds_held__lt=30),
            ),
        ]

    @property
    def label(self) -> str:
        return f"Hip drop, {self.side} stance"

    @property
    def heading(self) -> str:
        return f"Hip drop · standing on the {self.side} leg"

    @property
    def summary_deg(self) -> float | None:
        return self.pelvic_drop_deg

    @property
    def is_recorded(self) -> bool:
        return bool(self.result or self.pelvic_drop_deg is not None or self.pain is not None)

    def summarise(self, photos: list["Photo"]) -> None:
        """The pelvic drop is the stance photo's angle."""
        first = next((photo for photo in photos if photo.trial == 1), None)
        self.pelvic_drop_deg = first.angle_deg if first else None

    def recorded_values(self) -> dict[str, str]:
        return {
            "Result": shown(self.get_result_display()),
            "Seconds held": shown(self.seconds_held),
            "Compensation": shown(self.get_compensation_display()),
            "Pain (0–10)": shown(self.pain),
            "Notes": shown(self.notes),
            "Pelvic drop": shown(self.pelvic_drop_deg),
        }

    @staticmethod
    def photo_name(trial: int) -> str:
        return "Photo"

    @staticmethod
    def angle(points: dict, *, side: str, view: str) -> float:
        """Pelvic drop (docs/clinical.md §1.3); the side is the stance side."""
        return angles.pelvic_drop(points["left"], points["right"], stance=side)


class KneeValgusTest(SideTest, models.Model):
    """Single-leg squat on one leg: FPPA from up to 3 trials and the Crossley rating (§2)."""

    kind = Kind.KNEE_VALGUS
    slug = "knee-valgus"
    default_view = View.FRONT
    landmark_names = ["hip", "knee", "ankle"]
    max_trials = 3
    measure = "fppa"
    summary_label = "Mean FPPA"

    class Rating(models.TextChoices):
        GOOD = "good", "Good"
        FAIR = "fair", "Fair"
        POOR = "poor", "Poor"

    class Depth(models.TextChoices):
        PEAK = "peak", "Peak knee flexion"
        DEG_45 = "45", "45° knee flexion"
        DEG_60 = "60", "60° knee flexion"

    RATING_FIELDS = [
        ("rating_overall", "Overall"),
        ("rating_balance", "Balance"),
        ("rating_trunk", "Trunk"),
        ("rating_pelvis", "Pelvis"),
        ("rating_hip", "Hip"),
        ("rating_knee", "Knee"),
    ]

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="knee_valgus_tests",
        verbose_name="assessment",
    )
    side = models.CharField("leg", max_length=5, choices=Side)
    depth = models.CharField("depth protocol", max_length=5, choices=Depth, blank=True)
    rating_overall = models.CharField("overall", max_length=5, choices=Rating, blank=True)
    rating_balance = models.CharField("balance", max_length=5, choices=Rating, blank=True)
    rating_trunk = models.CharField("trunk", max_length=5, choices=Rating, blank=True)
    rating_pelvis = models.CharField("pelvis", max_length=5, choices=Rating, blank=True)
    rating_hip = models.CharField("hip", max_length=5, choices=Rating, blank=True)
    rating_knee = models.CharField("knee", max_length=5, choices=Rating, blank=True)
    fppa_mean_deg = models.FloatField(
        "mean FPPA (°)",
        null=True,
        blank=True,
        editable=False,
        help_text="Mean of the trials' FPPA, each computed from the landmarks on its photo.",
    )
    pain = models.PositiveSmallIntegerField("pain during the test (0–10)", null=True, blank=True)
    notes = models.TextField("notes", blank=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = "knee-valgus test"
        verbose_name_plural = "knee-valgus tests"
        triggers = part_triggers()
        ordering = ["assessment", "side"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "side"], name="knee_valgus_one_per_side"),
            models.CheckConstraint(
                name="knee_valgus_pain_0_10", condition=Q(pain__isnull=True) | Q(pain__lte=10)
            ),
        ]

    @property
    def label(self) -> str:
        return f"Knee valgus, {self.side} leg"

    @property
    def heading(self) -> str:
        return f"Knee valgus · {self.side} leg squat"

    @property
    def summary_deg(self) -> float | None:
        return self.fppa_mean_deg

    def ratings(self) -> list[tuple[str, str]]:
        """(criterion, rating label) for the Crossley criteria (docs/clinical.md §2.3)."""
        return [
            (label, getattr(self, f"get_{name}_display")() or "—")
            for name, label in self.RATING_FIELDS
        ]

    @property
    def is_recorded(self) -> bool:
        return bool(
            self.fppa_mean_deg is not None
            or self.pain is not None
            or any(getattr(self, name) for name, _ in self.RATING_FIELDS)
        )

    def summarise(self, photos: list["Photo"]) -> None:
        """The FPPA is the mean of the trials' angles (docs/clinical.md §2.1)."""
        self.fppa_mean_deg = angles.mean_angle(photo.angle_deg for photo in photos)

    def recorded_values(self) -> dict[str, str]:
        return {
            "Depth protocol": shown(self.get_depth_display()),
            **{
                f"Rating: {label.lower()}": shown(getattr(self, f"get_{name}_display")())
                for name, label in self.RATING_FIELDS
            },
            "Pain (0–10)": shown(self.pain),
            "Notes": shown(self.notes),
            "Mean FPPA": shown(self.fppa_mean_deg),
        }

    @staticmethod
    def photo_name(trial: int) -> str:
        return f"Trial {trial}"

    @staticmethod
    def angle(points: dict, *, side: str, view: str) -> float:
        """FPPA (docs/clinical.md §2.1); the side is the leg."""
        return angles.fppa(points["hip"], points["knee"], points["ankle"], leg=side, view=view)


# Each test class by its kind (Photo.test).
SIDE_TESTS = {test.kind: test for test in (HipDropTest, KneeValgusTest)}


class Clip(models.Model):
    """A video of one test and side, filmed or uploaded by the clinician.

    ``original`` is the file as uploaded (metadata such as GPS stripped by a remux,
    kept for extracting measurement frames); ``playback`` is the H.264 MP4 the worker
    makes from it with physio.video.transcode, empty until ready. Width and height are
    the upright picture's (after the phone's rotation flag, ``rotation``).
    """

    class Status(models.TextChoices):
        PREPARING = "preparing", "Preparing the video"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="clips", verbose_name="assessment"
    )
    test = models.CharField("test", max_length=20, choices=Kind)
    side = models.CharField("side", max_length=5, choices=Side)
    key = models.UUIDField("key", default=uuid.uuid4, unique=True, editable=False)
    original = models.FileField(
        "original", storage=private_storage, upload_to=clip_upload_to, max_length=200
    )
    playback = models.FileField(
        "playback file",
        storage=private_storage,
        upload_to=clip_upload_to,
        max_length=200,
        blank=True,
    )
    width = models.PositiveIntegerField("width (px)", editable=False)
    height = models.PositiveIntegerField("height (px)", editable=False)
    duration_seconds = models.FloatField("duration (s)", editable=False)
    fps = models.FloatField("frames per second", null=True, blank=True, editable=False)
    rotation = models.SmallIntegerField("rotation (°)", default=0, editable=False)
    status = models.CharField(
        "status", max_length=10, choices=Status, default=Status.PREPARING, editable=False
    )
    status_message = models.CharField("status message", max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        Clinician, on_delete=models.PROTECT, related_name="+", verbose_name="uploaded by"
    )
    uploaded_at = models.DateTimeField("uploaded", default=timezone.now)

    class Meta:
        verbose_name = "clip"
        verbose_name_plural = "clips"
        triggers = part_triggers()
        ordering = ["assessment", "test", "side", "uploaded_at"]
        indexes = [
            models.Index(fields=["assessment", "test", "side"], name="clip_assessment_test_side")
        ]
        constraints = [
            models.CheckConstraint(
                name="clip_ready_has_playback",
                condition=~Q(status="ready") | ~Q(playback=""),
            ),
        ]

    def __str__(self):
        return f"Clip of {self.get_test_display()}, {self.side} — {self.assessment}"

    def get_absolute_url(self):
        return reverse("assessments:clip", args=[self.key])

    @property
    def test_class(self) -> type[SideTest]:
        return SIDE_TESTS[self.test]

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY


class Photo(models.Model):
    """A photo (or a still from a video) of one test, side and trial, with its landmarks.

    ``points`` maps landmark names to ``[x, y]`` in the stored image's pixels;
    ``angle_deg`` is what the server computed from them. A still taken from a clip
    keeps the clip and the time of its frame (``clip_seconds``).
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="photos", verbose_name="assessment"
    )
    test = models.CharField("test", max_length=20, choices=Kind)
    side = models.CharField("side", max_length=5, choices=Side)
    trial = models.PositiveSmallIntegerField("trial", default=1)
    key = models.UUIDField("key", default=uuid.uuid4, unique=True, editable=False)
    image = models.FileField(
        "image", storage=private_storage, upload_to=photo_upload_to, max_length=200
    )
    width = models.PositiveIntegerField("width (px)", editable=False)
    height = models.PositiveIntegerField("height (px)", editable=False)
    view = models.CharField("camera view", max_length=5, choices=View)
    points = models.JSONField("landmarks", default=dict, blank=True)
    angle_deg = models.FloatField("angle (°)", null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        Clinician, on_delete=models.PROTECT, related_name="+", verbose_name="uploaded by"
    )
    uploaded_at = models.DateTimeField("uploaded", default=timezone.now)
    clip = models.ForeignKey(
        Clip,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stills",
        verbose_name="from clip",
    )
    clip_seconds = models.FloatField("time in the clip (s)", null=True, blank=True)

    class Proposal(models.TextChoices):
        NONE = "", "Not asked"
        PENDING = "pending", "Looking for points"
        DONE = "done", "Points proposed"
        NO_PERSON = "no_person", "No person found"
        NO_MODEL = "no_model", "Pose model not installed"
        FAILED = "failed", "The pose model failed"

    # First guesses of the pose model (assessments/proposals.py), never a measurement:
    # ``points`` and ``angle_deg`` change only when the clinician saves the landmarks.
    proposal = models.CharField(
        "proposed points", max_length=10, choices=Proposal, default=Proposal.NONE, blank=True
    )
    proposed_points = models.JSONField("proposed landmarks", default=dict, blank=True)
    moved_points = models.JSONField(
        "proposed landmarks moved by the clinician", default=list, blank=True
    )

    class Meta:
        verbose_name = "photo"
        verbose_name_plural = "photos"
        triggers = part_triggers()
        ordering = ["assessment", "test", "side", "trial"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "test", "side", "trial"], name="photo_one_per_slot"
            ),
            models.CheckConstraint(
                name="photo_from_clip_has_time",
                condition=Q(clip__isnull=True) | Q(clip_seconds__gte=0),
            ),
            models.CheckConstraint(
                name="photo_trial_1_3",
                condition=Q(trial__gte=1, trial__lte=3) & (Q(test="knee_valgus") | Q(trial=1)),
            ),
        ]

    def __str__(self):
        return f"{self.get_test_display()}, {self.side}, trial {self.trial} — {self.assessment}"

    def get_absolute_url(self):
        return reverse("assessments:photo", args=[self.key])

    @property
    def test_class(self) -> type[SideTest]:
        """HipDropTest or KneeValgusTest: what this photo measures and how."""
        return SIDE_TESTS[self.test]

    @property
    def landmark_names(self) -> list[str]:
        return self.test_class.landmark_names

    def point(self, name: str) -> tuple[float, float] | None:
        value = (self.points or {}).get(name)
        return (float(value[0]), float(value[1])) if value else None

    def angle_for(self, *, view: str, points: dict) -> float | None:
        """The angle these landmarks give on this photo, or None until all are placed.

        Pelvic drop for the hip-drop test (docs/clinical.md §1.3, the side is the stance
        side), FPPA for the knee-valgus test (§2.1, the side is the leg). Raises
        angles.DegeneratePointsError for coincident points.
        """
        if any(points.get(name) is None for name in self.landmark_names):
            return None
        return self.test_class.angle(points, side=self.side, view=view)

    @property
    def placed(self) -> list[tuple[str, float, float]]:
        """(name, x, y) of the landmarks placed so far, in drawing order."""
        return [(name, *self.point(name)) for name in self.landmark_names if self.point(name)]

    @property
    def polyline(self) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for _, x, y in self.placed)

    @property
    def marker_radius(self) -> float:
        """Landmark dots scale with the photo so they look the same size on screen."""
        return round(max(self.width, self.height) / 80, 1)

    @property
    def line_width(self) -> float:
        return round(max(self.width, self.height) / 300, 1)

    @property
    def measure(self) -> str:
        return self.test_class.measure

    @property
    def proposal_note(self) -> str:
        """What the editor says about the model's proposals (docs/clinical.md §6)."""
        P = self.Proposal
        if self.proposal == P.PENDING:
            return "Looking for points on this photo…"
        if self.proposal == P.NO_MODEL:
            return "No proposed points: the pose model is not installed on this server."
        if self.proposal == P.NO_PERSON:
            return "No proposed points: no person was found on this photo. Place them by hand."
        if self.proposal == P.FAILED:
            return "No proposed points: the pose model could not read this photo."
        if self.proposal != P.DONE:
            return ""
        missing = [name for name in self.landmark_names if name not in self.proposed_points]
        if self.points:
            moved = ", ".join(self.moved_points) or "none"
            return f"Proposed by the pose model; moved by you: {moved}."
        text = "Proposed points, first guesses: drag them where they belong, then save to accept."
        if missing:
            text += f" Too poorly visible to propose: {', '.join(missing)}; place by hand."
        return text

    def describe_points(self) -> str:
        if not self.points:
            return "—"
        return ", ".join(
            f"{name} ({self.points[name][0]:.0f}, {self.points[name][1]:.0f})"
            for name in self.landmark_names
            if self.points.get(name)
        )

    def snapshot(self, *, prefix: str) -> dict[str, str]:
        """What an amendment compares of this photo, each value named with ``prefix``."""
        return {
            f"{prefix}camera view": self.get_view_display(),
            f"{prefix}landmarks": self.describe_points(),
            f"{prefix}angle": shown(self.angle_deg),
        }


class Amendment(models.Model):
    """A change to a signed assessment: what changed, the earlier values, who, when and why."""

    assessment = models.ForeignKey(
        Assessment,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name="assessment",
    )
    section = models.CharField("section", max_length=40)
    section_label = models.CharField("section name", max_length=100)
    reason = models.TextField("reason")
    changes = models.JSONField(
        "changes", default=list, help_text="[{field, before, after}] for each changed value."
    )
    amended_by = models.ForeignKey(
        Clinician, on_delete=models.PROTECT, related_name="+", verbose_name="amended by"
    )
    amended_at = models.DateTimeField("amended", default=timezone.now)

    class Meta:
        verbose_name = "amendment"
        verbose_name_plural = "amendments"
        triggers = amendment_triggers()
        ordering = ["amended_at", "pk"]
        constraints = [
            models.CheckConstraint(name="amendment_has_reason", condition=~Q(reason="")),
        ]

    def __str__(self):
        return f"Amendment of {self.section_label} — {self.assessment}"

    def get_absolute_url(self):
        return self.assessment.get_absolute_url() + "#amendments"


# --- the change trail (physio/history.py): every insert, update and delete, by trigger


class AssessmentEvent(track_changes(Assessment)):
    """Changes to an assessment's details, status and signature."""


class HipDropTestEvent(track_changes(HipDropTest)):
    """Changes to a hip-drop test."""


class KneeValgusTestEvent(track_changes(KneeValgusTest)):
    """Changes to a knee-valgus test."""


class PhotoEvent(track_changes(Photo)):
    """Photos added, their landmarks moved, and photos removed."""


class ClipEvent(track_changes(Clip)):
    """Clips added, prepared and removed."""


class AmendmentEvent(track_changes(Amendment)):
    """Amendments of signed assessments."""
