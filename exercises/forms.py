from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row, Submit
from django import forms
from django.core.exceptions import ValidationError

from exercises import media as checks
from exercises.models import (
    BodyRegion,
    Equipment,
    Exercise,
    ExerciseMedia,
    MediaKind,
    Movement,
    Position,
    Target,
    WeightBearing,
)
from physio.models import Condition

DIFFICULTY_CHOICES = [(n, str(n)) for n in range(1, 6)]


def _any(choices, label="Any"):
    return [("", label), *choices]


class LibraryFilterForm(forms.Form):
    """The library's search box and facets; every field optional, bad values ignored."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    body_region = forms.ChoiceField(
        label="Body region", choices=_any(BodyRegion.choices), required=False
    )
    movement = forms.ChoiceField(label="Movement", choices=_any(Movement.choices), required=False)
    position = forms.ChoiceField(label="Position", choices=_any(Position.choices), required=False)
    equipment = forms.ChoiceField(
        label="Equipment", choices=_any(Equipment.choices), required=False
    )
    difficulty = forms.TypedChoiceField(
        label="Difficulty",
        choices=_any(DIFFICULTY_CHOICES),
        coerce=int,
        empty_value=None,
        required=False,
    )
    weight_bearing = forms.TypedChoiceField(
        label="Weight-bearing",
        choices=_any(WeightBearing.choices),
        coerce=int,
        empty_value=None,
        required=False,
    )
    target = forms.ChoiceField(label="Targets", choices=_any(Target.choices), required=False)
    condition = forms.ChoiceField(
        label="Condition", choices=_any(Condition.choices), required=False
    )
    source = forms.ChoiceField(
        label="Library",
        choices=[("", "All"), ("shared", "Shared library"), ("clinic", "Our clinic's")],
        required=False,
    )

    FACETS = [
        "body_region",
        "movement",
        "position",
        "equipment",
        "difficulty",
        "weight_bearing",
        "target",
        "condition",
        "source",
    ]

    def values(self) -> tuple[str, dict]:
        """The query text and the valid facet values (invalid ones are dropped, not errors)."""
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}
        return data.pop("q", "").strip(), data

    def facet_fields(self):
        return [self[name] for name in self.FACETS]


class ExerciseForm(forms.ModelForm):
    """A clinic's own exercise, as its clinicians write it."""

    equipment = forms.MultipleChoiceField(
        label="Equipment",
        choices=Equipment.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    targets = forms.MultipleChoiceField(
        label="Targets", choices=Target.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    conditions = forms.MultipleChoiceField(
        label="Suits conditions",
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    difficulty = forms.TypedChoiceField(label="Difficulty", choices=DIFFICULTY_CHOICES, coerce=int)
    easier = forms.ModelMultipleChoiceField(
        label="Regresses to (easier)",
        queryset=Exercise.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    harder = forms.ModelMultipleChoiceField(
        label="Progresses to (harder)",
        queryset=Exercise.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Exercise
        fields = [
            "name",
            "summary",
            "steps",
            "cues",
            "mistakes",
            "body_region",
            "movement",
            "position",
            "equipment",
            "difficulty",
            "weight_bearing",
            "targets",
            "conditions",
            "default_sets",
            "default_reps",
            "default_hold_seconds",
            "default_rest_seconds",
            "default_side",
            "dosing_notes",
            "status",
        ]
        widgets = {
            "steps": forms.Textarea(attrs={"rows": 5}),
            "cues": forms.Textarea(attrs={"rows": 3}),
            "mistakes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, linkable, **kwargs):
        super().__init__(*args, **kwargs)
        linkable = linkable.only("pk", "name").order_by("name")
        if self.instance.pk:
            linkable = linkable.exclude(pk=self.instance.pk)
            self.fields["easier"].initial = list(self.instance.easier.values_list("pk", flat=True))
            self.fields["harder"].initial = list(self.instance.harder.values_list("pk", flat=True))
        self.fields["easier"].queryset = linkable
        self.fields["harder"].queryset = linkable
        for name in (
            "default_sets",
            "default_reps",
            "default_hold_seconds",
            "default_rest_seconds",
        ):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        self.fields["default_sets"].validators.append(_between(1, 10))
        self.fields["default_reps"].validators.append(_between(1, 100))
        self.fields["default_hold_seconds"].validators.append(_between(1, 600))
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(
                "About",
                "name",
                "summary",
                "steps",
                Row(Column("cues", css_class="col-md-6"), Column("mistakes", css_class="col-md-6")),
            ),
            Fieldset(
                "Facets",
                Row(
                    Column("body_region", css_class="col-md-4"),
                    Column("movement", css_class="col-md-4"),
                    Column("position", css_class="col-md-4"),
                ),
                Row(
                    Column("difficulty", css_class="col-md-4"),
                    Column("weight_bearing", css_class="col-md-4"),
                    Column("status", css_class="col-md-4"),
                ),
                Row(
                    Column("equipment", css_class="col-md-4"),
                    Column("targets", css_class="col-md-4"),
                    Column("conditions", css_class="col-md-4"),
                ),
            ),
            Fieldset(
                "Default dosing",
                Row(
                    Column("default_sets", css_class="col-6 col-md-2"),
                    Column("default_reps", css_class="col-6 col-md-2"),
                    Column("default_hold_seconds", css_class="col-6 col-md-3"),
                    Column("default_rest_seconds", css_class="col-6 col-md-2"),
                    Column("default_side", css_class="col-md-3"),
                ),
                "dosing_notes",
            ),
            Fieldset(
                "Progression chain",
                Row(Column("easier", css_class="col-md-6"), Column("harder", css_class="col-md-6")),
            ),
            HTML(""),
            Submit("save", "Save exercise"),
        )

    def clean(self):
        cleaned = super().clean()
        no_dose = not cleaned.get("default_reps") and not cleaned.get("default_hold_seconds")
        if no_dose and "default_reps" not in self.errors:
            self.add_error(
                "default_reps",
                ValidationError("Give repetitions, a hold time, or both.", "dose"),
            )
        easier, harder = set(cleaned.get("easier") or []), set(cleaned.get("harder") or [])
        both = easier & harder
        if both:
            names = ", ".join(sorted(str(item) for item in both))
            self.add_error(
                "harder", ValidationError(f"{names} cannot be both easier and harder.", "both")
            )
        return cleaned


def _between(low: int, high: int):
    def check(value):
        if value is not None and not low <= value <= high:
            raise ValidationError(f"Give a number from {low} to {high}.", code="range")

    return check


class MediaForm(forms.ModelForm):
    """An image, an uploaded video (with an optional poster) or a YouTube/Vimeo link.

    Files are checked by content here, so errors show next to the field; the checked
    results go to ``services.media_store`` through ``stored_kwargs()``.
    """

    # Plain text: the YouTube/Vimeo parser gives the one clear message for any other input.
    url = forms.CharField(label="Link", required=False, max_length=500)

    class Meta:
        model = ExerciseMedia
        fields = ["kind", "file", "poster", "url", "caption", "is_main"]
        labels = {"file": "Image or video file", "poster": "Poster image (optional)", "url": "Link"}
        help_texts = {
            "file": "JPEG, PNG or WebP images; MP4 or WebM videos.",
            "poster": (
                "For a video: the picture shown before it plays. Taken from the video if empty."
            ),
            "url": "A YouTube or Vimeo address.",
        }
        widgets = {
            "file": forms.ClearableFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp,video/mp4,video/webm"}
            ),
            "poster": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked = {}
        self.fields["kind"].initial = MediaKind.IMAGE

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        upload = cleaned.get("file")
        new_file = "file" in self.changed_data and upload
        if kind in (MediaKind.IMAGE, MediaKind.VIDEO):
            if not upload:
                self.add_error("file", ValidationError("Choose a file to upload.", "required"))
            elif new_file or kind != self.instance.kind:
                self._check_file(kind, upload)
            if kind == MediaKind.VIDEO and "poster" in self.changed_data and cleaned.get("poster"):
                try:
                    self.checked["poster"] = checks.clean_media_image(cleaned["poster"])
                except ValidationError as error:
                    self.add_error("poster", error)
        elif kind == MediaKind.LINK:
            if new_file:
                self.add_error(
                    "file", ValidationError("A link needs no file: clear it.", "file_with_link")
                )
            try:
                self.checked["embed"] = checks.clean_link(cleaned.get("url", ""))
            except ValidationError as error:
                self.add_error("url", error)
        return cleaned

    def _get_validation_exclusions(self):
        # "One main item per exercise" is kept by services.media_store, which unmarks the
        # old main item; the model's constraint check would refuse the very change it makes.
        exclude = super()._get_validation_exclusions()
        exclude.add("is_main")
        return exclude

    def _check_file(self, kind, upload):
        try:
            if kind == MediaKind.IMAGE:
                self.checked["image"] = checks.clean_media_image(upload)
            else:
                self.checked["video"] = checks.clean_video(upload)
        except ValidationError as error:
            self.add_error("file", error)

    def stored_kwargs(self) -> dict:
        return dict(self.checked)
