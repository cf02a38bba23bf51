"""Outcome measures sent to clients, their answers and scores, a clinic's licensed wording.

What an instrument is (items, scoring, MCID) lives in ``outcomes/instruments.py`` as
data; these models hold what happens with it. Answers are clinical data: a submitted
questionnaire is never deleted and its answers change only by an amendment with a
reason (database triggers refuse every other path).
"""

import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.urls import reverse

from outcomes import instruments
from physio.history import track_changes
from physio.models import Client, Clinic, Clinician
from programs.models import Program

SUBMITTED_IS_READ_ONLY = "submitted_is_read_only"
SUBMITTED_IS_KEPT = "submitted_is_kept"
INSERT_ONLY = "insert_only"


class InstrumentWording(models.Model):
    """A clinic's wording of a licensed instrument, typed from its licensed copy."""

    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="+", verbose_name="clinic"
    )
    instrument = models.CharField("instrument", max_length=20, choices=instruments.CHOICES)
    texts = models.JSONField("wording", default=dict, blank=True)
    copy_note = models.CharField(
        "licensed copy", max_length=200, blank=True, help_text="Which copy, edition or licence."
    )
    updated_by = models.ForeignKey(
        Clinician, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = "instrument wording"
        verbose_name_plural = "instrument wordings"
        constraints = [
            models.UniqueConstraint(fields=["clinic", "instrument"], name="wording_one_per_clinic")
        ]

    def __str__(self):
        return f"{self.definition.short_name} wording of {self.clinic}"

    @property
    def definition(self) -> instruments.Instrument:
        return instruments.get(self.instrument)

    @property
    def problems(self) -> dict[str, str]:
        return instruments.texts_problems(self.definition, self.texts)

    @property
    def is_complete(self) -> bool:
        return not self.problems


class OutcomeSchedule(models.Model):
    """An instrument sent with a programme: at its start, every N weeks, at its end."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="outcome_schedules")
    instrument = models.CharField("instrument", max_length=20, choices=instruments.CHOICES)
    at_start = models.BooleanField("at the start", default=True)
    every_weeks = models.PositiveSmallIntegerField("every N weeks", null=True, blank=True)
    at_end = models.BooleanField("at the end", default=True)
    created_by = models.ForeignKey(
        Clinician, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField("created", auto_now_add=True)

    class Meta:
        verbose_name = "outcome schedule"
        constraints = [
            models.CheckConstraint(
                condition=Q(every_weeks__isnull=True) | Q(every_weeks__gte=1),
                name="schedule_every_week_or_more",
            )
        ]

    def __str__(self):
        return f"{self.get_instrument_display()} with {self.program}"


class QuestionnaireQuerySet(models.QuerySet):
    def submitted(self):
        return self.filter(submitted_at__isnull=False)

    def open(self):
        return self.filter(submitted_at__isnull=True)


class Questionnaire(models.Model):
    """One instrument sent to a client, due on a day; answered in the portal or on paper."""

    class Via(models.TextChoices):
        PORTAL = "portal", "the portal"
        PAPER = "paper", "paper, entered by the clinician"

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="questionnaires", verbose_name="client"
    )
    instrument = models.CharField("instrument", max_length=20, choices=instruments.CHOICES)
    due_on = models.DateField("due")
    schedule = models.ForeignKey(
        OutcomeSchedule,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaires",
    )
    sent_by = models.ForeignKey(Clinician, on_delete=models.SET_NULL, null=True, related_name="+")
    # The wording as sent, so the answers keep the questions they answered.
    wording = models.JSONField("wording as sent", default=dict, editable=False)
    activities = ArrayField(
        models.CharField(max_length=120), default=list, blank=True, verbose_name="activities"
    )
    answers = models.JSONField("answers", default=dict, blank=True)
    score = models.FloatField("score", null=True, blank=True)
    submitted_at = models.DateTimeField("submitted", null=True, blank=True)
    via = models.CharField("answered on", max_length=10, choices=Via, default=Via.PORTAL)
    entered_by = models.ForeignKey(
        Clinician, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField("sent", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = QuestionnaireQuerySet.as_manager()

    class Meta:
        verbose_name = "questionnaire"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["client", "instrument", "submitted_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "due_on"],
                condition=Q(schedule__isnull=False),
                name="questionnaire_once_per_scheduled_day",
            )
        ]
        triggers = [
            pgtrigger.Protect(
                name=SUBMITTED_IS_KEPT,
                operation=pgtrigger.Delete,
                condition=pgtrigger.Q(old__submitted_at__isnull=False),
            ),
            pgtrigger.Protect(
                name=SUBMITTED_IS_READ_ONLY,
                operation=pgtrigger.Update,
                condition=pgtrigger.Q(old__submitted_at__isnull=False)
                & (
                    pgtrigger.Q(old__answers__df=pgtrigger.F("new__answers"))
                    | pgtrigger.Q(old__score__df=pgtrigger.F("new__score"))
                    | pgtrigger.Q(old__activities__df=pgtrigger.F("new__activities"))
                    | pgtrigger.Q(old__submitted_at__df=pgtrigger.F("new__submitted_at"))
                    | pgtrigger.Q(old__client_id__df=pgtrigger.F("new__client_id"))
                    | pgtrigger.Q(old__instrument__df=pgtrigger.F("new__instrument"))
                ),
            ),
        ]

    def __str__(self):
        return f"{self.definition.short_name} for {self.client}, due {self.due_on:%d %b %Y}"

    def get_absolute_url(self):
        return reverse("outcomes:detail", args=[self.pk])

    def get_portal_url(self):
        return reverse("outcomes:portal-answer", args=[self.pk])

    @property
    def definition(self) -> instruments.Instrument:
        return instruments.get(self.instrument)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def needs_activities(self) -> bool:
        """A PSFS whose activities the client has yet to name."""
        return self.definition.names_activities and not self.activities

    def questions(self) -> list[instruments.Question]:
        return instruments.questions(self.definition, self.wording, self.activities)

    def progress(self) -> tuple[int, int]:
        return instruments.answered_count(self.questions(), self.answers)

    def compute_score(self, answers=None) -> float | None:
        return self.definition.score(self.answers if answers is None else answers)


class QuestionnaireAmendment(models.Model):
    """A correction of submitted answers, with its reason; written once, kept as it was."""

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="amendments"
    )
    reason = models.TextField("reason")
    answers_before = models.JSONField("answers before")
    answers_after = models.JSONField("answers after")
    score_before = models.FloatField("score before", null=True)
    score_after = models.FloatField("score after", null=True)
    amended_by = models.ForeignKey(Clinician, on_delete=models.PROTECT, related_name="+")
    amended_at = models.DateTimeField("amended", auto_now_add=True)

    class Meta:
        verbose_name = "questionnaire amendment"
        ordering = ["amended_at", "pk"]
        triggers = [
            pgtrigger.Protect(name=INSERT_ONLY, operation=pgtrigger.Update | pgtrigger.Delete)
        ]

    def __str__(self):
        return f"Amendment of {self.questionnaire}"


# --- the change trail (physio/history.py) ------------------------------------------------


class QuestionnaireEvent(track_changes(Questionnaire)):
    """Questionnaires sent, answered, submitted and amended."""


class QuestionnaireAmendmentEvent(track_changes(QuestionnaireAmendment)):
    """Corrections of submitted answers."""


class OutcomeScheduleEvent(track_changes(OutcomeSchedule)):
    """Instruments scheduled with a programme."""


class InstrumentWordingEvent(track_changes(InstrumentWording)):
    """Changes to a clinic's licensed wording."""
