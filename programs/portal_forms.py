"""Forms of the client portal: one round of an exercise, and the morning check-in.

Plain forms, so every message is ours and names the field in words a client
understands. Pain zones follow docs/clinical.md §4 (0–3 fine, 4–5 acceptable, > 5 stop).
"""

import uuid

from django import forms
from django.core.exceptions import ValidationError

from programs import adherence
from programs.models import Difficulty


def _number(label: str, *, low: int, high: int, message: str, required: bool = False):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=low,
        max_value=high,
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": message,
            "required": message,
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": low, "max": high}),
    )


class ItemLogForm(forms.Form):
    """What the client did of one exercise in one round today."""

    DONE_CHOICES = [("yes", "Done"), ("no", "Not today")]
    # The pain zones (docs/clinical.md §4), for the page's guide and its script.
    PAIN_SAFE_MAX = adherence.PAIN_SAFE_MAX
    PAIN_ACCEPTABLE_MAX = adherence.PAIN_ACCEPTABLE_MAX

    done = forms.ChoiceField(
        label="Did you do it?",
        choices=DONE_CHOICES,
        initial="yes",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose done or not today.",
            "invalid_choice": "Choose done or not today.",
        },
    )
    sets_done = _number("Sets", low=0, high=20, message="Sets are a whole number from 0 to 20.")
    reps_done = _number(
        "Reps per set", low=0, high=200, message="Repetitions are a whole number from 0 to 200."
    )
    pain = _number("Pain (0–10)", low=0, high=10, message="Pain is a whole number from 0 to 10.")
    difficulty = forms.TypedChoiceField(
        label="How hard was it?",
        choices=[("", "—"), *Difficulty.choices],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Choose how hard it was from the list."},
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": "Keep the comment under 500 characters."},
    )

    def __init__(self, *args, prefix_id: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        # Several rounds share a page: ids stay unique, names stay simple for the POST.
        self.auto_id = f"id_{prefix_id}_%s" if prefix_id else "id_%s"

    def clean(self):
        data = super().clean()
        if data.get("done") == "yes" and data.get("pain") is None and "pain" not in self.errors:
            self.add_error(
                "pain",
                ValidationError("How much pain did you feel? Enter 0 if none.", code="required"),
            )
        return data

    def log_fields(self) -> dict:
        """The cleaned data as ItemLog fields."""
        data = self.cleaned_data
        return {
            "done": data["done"] == "yes",
            "sets_done": data.get("sets_done"),
            "reps_done": data.get("reps_done"),
            "pain": data.get("pain"),
            "difficulty": data.get("difficulty"),
            "comment": data.get("comment", ""),
        }

    @classmethod
    def initial_for(cls, log, item) -> dict:
        """Initial values: the saved log, or the prescribed dose for a new one."""
        if log is None:
            return {"done": "yes", "sets_done": item.sets, "reps_done": item.reps}
        return {
            "done": "yes" if log.done else "no",
            "sets_done": log.sets_done,
            "reps_done": log.reps_done,
            "pain": log.pain,
            "difficulty": log.difficulty,
            "comment": log.comment,
        }


class CheckInForm(forms.Form):
    """Pain this morning, compared with the day before (docs/clinical.md §4)."""

    pain = _number(
        "Pain this morning (0–10)",
        low=0,
        high=10,
        message="Pain is a whole number from 0 to 10.",
        required=True,
    )
    note = forms.CharField(
        label="Anything to add?",
        required=False,
        max_length=300,
        error_messages={"max_length": "Keep the note under 300 characters."},
    )


class GuidedStepForm(ItemLogForm):
    """One exercise of the guided session's summary: the fields of a round's log, the
    round it is for, and the key that makes a repeated send of the summary save once."""

    round = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=6)
    key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item

    def clean_round(self) -> int:
        number = self.cleaned_data["round"]
        if number > self.item.times_per_day:
            raise ValidationError("This exercise has no such round today.", code="round")
        return number

    def clean_key(self) -> uuid.UUID | None:
        try:
            return uuid.UUID(self.cleaned_data["key"].strip())
        except ValueError:
            return None

    @classmethod
    def for_step(cls, step) -> "GuidedStepForm":
        """A fresh form for a step: the prescribed dose, its round and a new key."""
        initial = cls.initial_for(None, step.item)
        initial.update(round=step.round.number, key=str(uuid.uuid4()))
        return cls(prefix=step.prefix, item=step.item, initial=initial)
