"""Programmes of exercises for a client, their dosing history, templates and logs."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from exercises.models import Exercise
from physio.history import track_changes
from physio.models import Client, Clinic, Clinician
from programs import adherence, dosing


class Goal(models.TextChoices):
    ENDURANCE = "endurance", "Endurance"
    STRENGTH = "strength", "Strength"
    POWER = "power", "Power"
    MOBILITY = "mobility", "Mobility"


class ProgramStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    FINISHED = "finished", "Finished"


class ItemSide(models.TextChoices):
    BOTH = "both", "Both sides"
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Mon"
    TUESDAY = 1, "Tue"
    WEDNESDAY = 2, "Wed"
    THURSDAY = 3, "Thu"
    FRIDAY = 4, "Fri"
    SATURDAY = 5, "Sat"
    SUNDAY = 6, "Sun"


def every_day() -> list[int]:
    return list(range(7))


class ProgramQuerySet(models.QuerySet):
    def running_on(self, day):
        """Programmes that run on ``day``: active, and the day within their dates. The
        one rule of Today, the record, the clinician's home and ``is_loggable``."""
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day),
            status=ProgramStatus.ACTIVE,
            start_date__lte=day,
        )

    def overlapping(self, start, end):
        """Programmes whose dates touch the days from ``start`` to ``end`` (any status:
        a paused one's days before its pause still count)."""
        return self.filter(Q(end_date__isnull=True) | Q(end_date__gte=start), start_date__lte=end)

    def with_schedule(self):
        """With what ``Program.schedule`` reads, prefetched: two queries however many."""
        items = ProgramItem.objects.only(
            "pk", "program_id", "days_of_week", "times_per_day", "removed_on"
        )
        return self.prefetch_related(
            models.Prefetch("items", queryset=items),
            models.Prefetch(
                "pauses",
                queryset=ProgramPause.objects.only("pk", "program_id", "first_day", "last_day"),
            ),
        )


class Program(models.Model):
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="programs", verbose_name="client"
    )
    title = models.CharField("title", max_length=150)
    goal = models.CharField("goal", max_length=20, choices=Goal, default=Goal.ENDURANCE)
    start_date = models.DateField("start date", default=timezone.localdate)
    end_date = models.DateField("end date", null=True, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=ProgramStatus, default=ProgramStatus.ACTIVE
    )
    notes_to_client = models.TextField("notes to the client", blank=True)
    created_by = models.ForeignKey(
        Clinician, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="created by"
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = "programme"
        verbose_name_plural = "programmes"
        ordering = ["-start_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="program_end_after_start",
                violation_error_message="The end date cannot be before the start date.",
            ),
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programs:builder", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == ProgramStatus.ACTIVE

    def schedule(self) -> adherence.Schedule:
        """What this programme prescribes, for the adherence maths: its dates, its
        items' weekdays and times a day (removed ones too: due only before their
        removal) and its pauses (paused days prescribe nothing).

        Reads ``self.items.all()`` and ``self.pauses.all()``: load the programmes with
        ``Program.objects.with_schedule()`` (``programs/schedules.py``) so this is no
        query. The pauses are written with the status, by the same service
        (``services.program_save``), so they always agree with it.
        """
        items = [
            (frozenset(i.days_of_week), i.times_per_day, i.removed_on) for i in self.items.all()
        ]
        return adherence.Schedule(
            start=self.start_date,
            end=self.end_date,
            items=tuple((days, times) for days, times, gone in items if gone is None),
            pauses=tuple((p.first_day, p.last_day) for p in self.pauses.all()),
            removed=tuple(row for row in items if row[2] is not None),
        )


class ProgramPause(models.Model):
    """Days a programme prescribed nothing: from the day it was paused or finished to
    the day before it was made active again (no last day while it stays stopped).
    Written with the status by ``services.program_save``; read by ``Program.schedule``.
    """

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="pauses", verbose_name="programme"
    )
    first_day = models.DateField("first day")
    last_day = models.DateField("last day", null=True, blank=True)
    status = models.CharField(
        "stopped as", max_length=20, choices=ProgramStatus, default=ProgramStatus.PAUSED
    )

    class Meta:
        verbose_name = "pause"
        verbose_name_plural = "pauses"
        ordering = ["first_day", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=models.F("first_day")),
                name="program_pause_last_after_first",
            ),
            models.UniqueConstraint(
                fields=["program"],
                condition=Q(last_day__isnull=True),
                name="program_one_open_pause",
            ),
        ]

    def __str__(self):
        last = self.last_day or "now"
        return f"{self.program} {self.get_status_display().lower()} {self.first_day} to {last}"


class DoseFields(models.Model):
    """The dose of an exercise; shared by programme items, their history and templates."""

    sets = models.PositiveSmallIntegerField(
        "sets", default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    reps = models.PositiveSmallIntegerField(
        "repetitions",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    hold_seconds = models.PositiveSmallIntegerField(
        "hold (seconds)",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
    )
    load = models.CharField("load", max_length=80, blank=True, help_text='e.g. "red band", "8 kg"')
    tempo = models.CharField("tempo", max_length=30, blank=True, help_text='e.g. "3-1-1"')
    rest_seconds = models.PositiveSmallIntegerField(
        "rest (seconds)", default=60, validators=[MaxValueValidator(900)]
    )
    side = models.CharField("side", max_length=10, choices=ItemSide, default=ItemSide.BOTH)
    times_per_day = models.PositiveSmallIntegerField(
        "times a day", default=1, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    days_of_week = ArrayField(
        models.PositiveSmallIntegerField(choices=Weekday),
        default=every_day,
        verbose_name="days of the week",
    )

    DOSE_FIELDS = [
        "sets",
        "reps",
        "hold_seconds",
        "load",
        "tempo",
        "rest_seconds",
        "side",
        "times_per_day",
        "days_of_week",
    ]

    class Meta:
        abstract = True

    @property
    def dose_text(self) -> str:
        return dosing.dose_text(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            side=self.side,
            times_per_day=self.times_per_day,
            days=self.days_of_week,
            load=self.load,
        )

    def dose(self) -> dict:
        return {name: getattr(self, name) for name in self.DOSE_FIELDS}


def _dose_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=Q(reps__isnull=False) | Q(hold_seconds__isnull=False),
            name=f"{prefix}_reps_or_hold",
            violation_error_message="Give repetitions or a hold time.",
        ),
        models.CheckConstraint(condition=Q(sets__gte=1), name=f"{prefix}_sets_positive"),
        models.CheckConstraint(
            condition=Q(times_per_day__gte=1), name=f"{prefix}_times_per_day_positive"
        ),
    ]


class ProgramItemQuerySet(models.QuerySet):
    def current(self):
        """The items in the plan now: not removed. A removed item stays in the database
        with its logs and dosing history (clinical history), out of the plan."""
        return self.filter(removed_on__isnull=True)

    def removed(self):
        return self.filter(removed_on__isnull=False)


class ProgramItem(DoseFields):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="items", verbose_name="programme"
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="program_items", verbose_name="exercise"
    )
    order = models.PositiveSmallIntegerField("order", default=0)
    notes = models.CharField("notes", max_length=300, blank=True)
    removed_on = models.DateField(
        "removed on",
        null=True,
        blank=True,
        editable=False,
        help_text="The first day the item was no longer in the plan (set by removing it).",
    )

    objects = ProgramItemQuerySet.as_manager()

    class Meta:
        verbose_name = "programme item"
        verbose_name_plural = "programme items"
        ordering = ["order", "pk"]
        constraints = _dose_constraints("program_item")
        indexes = [
            # The plan (builder, Today, handout) reads a programme's current items only.
            models.Index(
                fields=["program", "order"],
                condition=Q(removed_on__isnull=True),
                name="program_item_current",
            ),
        ]

    def __str__(self):
        return f"{self.exercise} in {self.program}"

    @property
    def is_removed(self) -> bool:
        return self.removed_on is not None


class ProgramItemDose(DoseFields):
    """A dose an item had, kept when the clinician changes it (or swaps the exercise)."""

    item = models.ForeignKey(
        ProgramItem, on_delete=models.CASCADE, related_name="history", verbose_name="item"
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="+", verbose_name="exercise"
    )
    valid_from = models.DateTimeField("from")
    valid_until = models.DateTimeField("until", default=timezone.now)
    changed_by = models.ForeignKey(
        Clinician, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="changed by"
    )

    class Meta:
        verbose_name = "earlier dose"
        verbose_name_plural = "earlier doses"
        ordering = ["-valid_until", "-pk"]

    def __str__(self):
        return f"{self.exercise}: {self.dose_text}"


class ProgramTemplate(models.Model):
    clinic = models.ForeignKey(
        Clinic, on_delete=models.CASCADE, related_name="program_templates", verbose_name="clinic"
    )
    name = models.CharField("name", max_length=150)
    goal = models.CharField("goal", max_length=20, choices=Goal, default=Goal.ENDURANCE)
    notes_to_client = models.TextField("notes to the client", blank=True)
    created_by = models.ForeignKey(
        Clinician, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="created by"
    )
    created_at = models.DateTimeField("created", auto_now_add=True)

    class Meta:
        verbose_name = "programme template"
        verbose_name_plural = "programme templates"
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="program_template_unique_name")
        ]

    def __str__(self):
        return self.name


class ProgramTemplateItem(DoseFields):
    template = models.ForeignKey(
        ProgramTemplate, on_delete=models.CASCADE, related_name="items", verbose_name="template"
    )
    exercise = models.ForeignKey(
        Exercise, on_delete=models.PROTECT, related_name="+", verbose_name="exercise"
    )
    order = models.PositiveSmallIntegerField("order", default=0)
    notes = models.CharField("notes", max_length=300, blank=True)

    class Meta:
        verbose_name = "template item"
        verbose_name_plural = "template items"
        ordering = ["order", "pk"]
        constraints = _dose_constraints("template_item")

    def __str__(self):
        return f"{self.exercise} in {self.template}"


class Difficulty(models.IntegerChoices):
    VERY_EASY = 1, "Very easy"
    EASY = 2, "Easy"
    JUST_RIGHT = 3, "Just right"
    HARD = 4, "Hard"
    TOO_HARD = 5, "Too hard"


class SessionLog(models.Model):
    """One round of a programme on one day (round 2 of a twice-a-day programme, say)."""

    # PROTECT: a programme with logged sessions is a clinical record (archive the client
    # or finish the programme instead of deleting it).
    program = models.ForeignKey(
        Program, on_delete=models.PROTECT, related_name="sessions", verbose_name="programme"
    )
    date = models.DateField("date")
    round = models.PositiveSmallIntegerField("round", default=1)
    guided_at = models.DateTimeField(
        "guided session",
        null=True,
        blank=True,
        editable=False,
        help_text="When the client last saved this round from a guided session (else blank).",
    )
    created_at = models.DateTimeField("logged", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = "session log"
        verbose_name_plural = "session logs"
        ordering = ["-date", "-round"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "date", "round"], name="session_log_unique_round"
            ),
            models.CheckConstraint(condition=Q(round__gte=1), name="session_log_round_positive"),
        ]

    def __str__(self):
        return f"{self.program} on {self.date} (round {self.round})"


class ItemLog(models.Model):
    """What the client did of one exercise in a session, with pain and difficulty."""

    session = models.ForeignKey(
        SessionLog, on_delete=models.CASCADE, related_name="item_logs", verbose_name="session"
    )
    # PROTECT: a log is clinical history; removing an item from a programme marks it
    # removed (``services.program_item_remove``) and never deletes what was logged.
    item = models.ForeignKey(
        ProgramItem, on_delete=models.PROTECT, related_name="logs", verbose_name="exercise"
    )
    done = models.BooleanField("done", default=True)
    sets_done = models.PositiveSmallIntegerField(
        "sets done", null=True, blank=True, validators=[MaxValueValidator(20)]
    )
    reps_done = models.PositiveSmallIntegerField(
        "repetitions per set", null=True, blank=True, validators=[MaxValueValidator(200)]
    )
    pain = models.PositiveSmallIntegerField(
        "pain (0–10)", null=True, blank=True, validators=[MaxValueValidator(10)]
    )
    difficulty = models.PositiveSmallIntegerField(
        "difficulty", choices=Difficulty, null=True, blank=True
    )
    comment = models.CharField("comment", max_length=500, blank=True)
    flag_reviewed_at = models.DateTimeField("flag reviewed", null=True, blank=True)
    created_at = models.DateTimeField("logged", auto_now_add=True)
    updated_at = models.DateTimeField("updated", auto_now=True)

    class Meta:
        verbose_name = "exercise log"
        verbose_name_plural = "exercise logs"
        ordering = ["session", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["session", "item"], name="item_log_unique"),
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | Q(pain__lte=10), name="item_log_pain_0_10"
            ),
        ]
        indexes = [
            # Flags (pain above 5, docs/clinical.md §4) without reading every log: a client's
            # on the record, the clinic's open ones on the home page. Flags are few.
            models.Index(
                fields=["session"],
                condition=Q(pain__gt=adherence.PAIN_ACCEPTABLE_MAX),
                name="item_log_pain_flag",
            ),
            # The clinic's open flags (pain above 5, not reviewed): a few rows in a
            # network of a million logs, so the flags page follows them, not the logs.
            models.Index(
                fields=["session"],
                condition=Q(pain__gt=adherence.PAIN_ACCEPTABLE_MAX, flag_reviewed_at__isnull=True),
                name="item_log_open_pain_flag",
            ),
        ]

    def __str__(self):
        return f"{self.item.exercise} on {self.session.date}"

    @property
    def pain_zone(self) -> str | None:
        return adherence.pain_zone(self.pain)

    @property
    def is_flagged(self) -> bool:
        return adherence.is_pain_flag(self.pain)


class CheckIn(models.Model):
    """The next-morning pain check-in, compared with the day before (docs/clinical.md §4)."""

    client = models.ForeignKey(
        Client, on_delete=models.PROTECT, related_name="check_ins", verbose_name="client"
    )
    date = models.DateField("date")
    pain = models.PositiveSmallIntegerField(
        "pain this morning (0–10)", validators=[MaxValueValidator(10)]
    )
    compared_with = models.PositiveSmallIntegerField(
        "pain the day before", null=True, blank=True, editable=False
    )
    note = models.CharField("note", max_length=300, blank=True)
    flag_reviewed_at = models.DateTimeField("flag reviewed", null=True, blank=True)
    created_at = models.DateTimeField("recorded", auto_now_add=True)

    class Meta:
        verbose_name = "morning check-in"
        verbose_name_plural = "morning check-ins"
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["client", "date"], name="check_in_one_a_day"),
            models.CheckConstraint(condition=Q(pain__lte=10), name="check_in_pain_0_10"),
        ]
        indexes = [
            # Check-in flags (worse than the day before, docs/clinical.md §4): a client's
            # on the record, and the clinic's open ones, without reading every check-in.
            models.Index(
                fields=["client", "-date"],
                condition=Q(compared_with__isnull=False, pain__gt=F("compared_with")),
                name="check_in_flag",
            ),
            models.Index(
                fields=["client"],
                condition=Q(
                    compared_with__isnull=False,
                    pain__gt=F("compared_with"),
                    flag_reviewed_at__isnull=True,
                ),
                name="check_in_open_flag",
            ),
        ]

    def __str__(self):
        return f"{self.client} on {self.date}: {self.pain}/10"

    @property
    def is_flagged(self) -> bool:
        return adherence.is_next_day_flag(self.pain, self.compared_with)


# --- the change trail (physio/history.py): every insert, update and delete, by trigger


class ProgramEvent(track_changes(Program)):
    """Changes to a programme: title, goal, dates, status."""


class ProgramPauseEvent(track_changes(ProgramPause)):
    """Pauses of a programme."""


class ProgramItemEvent(track_changes(ProgramItem)):
    """Exercises added to, changed in and removed from a programme."""


class ProgramItemDoseEvent(track_changes(ProgramItemDose)):
    """The kept earlier doses of an item."""


class SessionLogEvent(track_changes(SessionLog)):
    """Sessions the client logged."""


class ItemLogEvent(track_changes(ItemLog)):
    """What the client logged of each exercise, and flags reviewed."""


class CheckInEvent(track_changes(CheckIn)):
    """Morning check-ins, and flags reviewed."""
