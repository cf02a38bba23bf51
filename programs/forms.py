"""Forms of the clinician side: programme details, an item's dose, templates."""

from django import forms
from django.core.exceptions import ValidationError

from programs.models import ItemSide, Program, ProgramItem, ProgramTemplate, Weekday


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = ["title", "goal", "start_date", "end_date", "status", "notes_to_client"]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notes_to_client": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "goal": "New exercises are dosed for this goal; you can change each dose.",
            "end_date": "Leave empty for an open-ended programme.",
            "notes_to_client": "Shown to the client above the exercises.",
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date",
                ValidationError("The end date cannot be before the start date.", code="end"),
            )
        return cleaned


class ProgramItemForm(forms.ModelForm):
    """An item's dose. Sets ≥ 1 and repetitions or a hold, with messages next to the fields."""

    days_of_week = forms.TypedMultipleChoiceField(
        label="Days of the week",
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Pick at least one day."},
    )

    class Meta:
        model = ProgramItem
        fields = [*ProgramItem.DOSE_FIELDS, "notes"]
        labels = {"reps": "Reps", "hold_seconds": "Hold (s)", "rest_seconds": "Rest (s)"}
        help_texts = {"load": "", "tempo": ""}
        widgets = {
            "load": forms.TextInput(attrs={"placeholder": "e.g. red band, 8 kg"}),
            "tempo": forms.TextInput(attrs={"placeholder": "e.g. 3-1-1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side"].choices = ItemSide.choices
        for name in ("sets", "reps", "hold_seconds", "rest_seconds", "times_per_day"):
            self.fields[name].widget.attrs.setdefault("inputmode", "numeric")
        if self.instance.pk:
            self.auto_id = f"id_item{self.instance.pk}_%s"

    def clean_sets(self):
        sets = self.cleaned_data.get("sets")
        if sets is not None and sets < 1:
            raise ValidationError("Give at least 1 set.", code="sets")
        return sets

    def clean(self):
        cleaned = super().clean()
        if (
            "reps" not in self.errors
            and "hold_seconds" not in self.errors
            and not cleaned.get("reps")
            and not cleaned.get("hold_seconds")
        ):
            message = "Give repetitions or a hold time (or both)."
            self.add_error("reps", ValidationError(message, code="reps_or_hold"))
        return cleaned

    @property
    def dose(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class TemplateSaveForm(forms.Form):
    name = forms.CharField(label="Template name", max_length=150)

    def __init__(self, *args, clinic, **kwargs):
        self.clinic = clinic
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if ProgramTemplate.objects.filter(clinic=self.clinic, name__iexact=name).exists():
            raise ValidationError(
                "Your clinic already has a template with this name.", code="duplicate"
            )
        return name


class FromTemplateForm(forms.Form):
    template = forms.ModelChoiceField(
        label="Template",
        queryset=ProgramTemplate.objects.none(),
        empty_label="Choose a template",
        error_messages={"required": "Choose a template.", "invalid_choice": "Choose a template."},
    )
    title = forms.CharField(
        label="Title", max_length=150, required=False, help_text="Empty: the template's name."
    )
    start_date = forms.DateField(label="Start date", widget=DateInput())
    end_date = forms.DateField(label="End date", widget=DateInput(), required=False)

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The end date cannot be before the start date.")
        return cleaned
