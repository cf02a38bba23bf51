from django import forms

from outcomes import instruments
from programs.models import Program


class SendForm(forms.Form):
    instrument = forms.ChoiceField(label="Questionnaire", choices=instruments.CHOICES)


class ScheduleForm(forms.Form):
    program = forms.ModelChoiceField(label="Programme", queryset=Program.objects.none())
    instrument = forms.ChoiceField(label="Questionnaire", choices=instruments.CHOICES)
    at_start = forms.BooleanField(label="At the start", required=False, initial=True)
    every_weeks = forms.IntegerField(
        label="Every N weeks", required=False, min_value=1, max_value=52
    )
    at_end = forms.BooleanField(
        label="At the end (if the programme has an end date)", required=False, initial=True
    )

    def __init__(self, *args, programs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = (
            programs if programs is not None else Program.objects.none()
        )

    def clean(self):
        data = super().clean()
        if not (data.get("at_start") or data.get("every_weeks") or data.get("at_end")):
            raise forms.ValidationError(
                "Choose when to send it: at the start, every N weeks or at the end."
            )
        return data


class AmendForm(forms.Form):
    reason = forms.CharField(
        label="Reason for the correction", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


class ActivitiesForm(forms.Form):
    """The PSFS activities a client names: up to five, one at least."""

    activity_1 = forms.CharField(label="Activity 1", max_length=120)
    activity_2 = forms.CharField(label="Activity 2", max_length=120, required=False)
    activity_3 = forms.CharField(label="Activity 3", max_length=120, required=False)
    activity_4 = forms.CharField(label="Activity 4", max_length=120, required=False)
    activity_5 = forms.CharField(label="Activity 5", max_length=120, required=False)

    def names(self) -> list[str]:
        return [self.cleaned_data[f"activity_{n}"] for n in range(1, 6)]


def field_name(slot_key: str) -> str:
    return "s_" + slot_key.replace(".", "__")


def options_text(value) -> str:
    """Answers as the form shows them: one a line, "points | text"."""
    if not isinstance(value, list):
        return ""
    return "\n".join(f"{a.get('points')} | {a.get('text')}" for a in value if isinstance(a, dict))


def parse_options(text: str) -> list[dict]:
    answers = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        points, bar, words = line.partition("|")
        try:
            value = int(points.strip())
        except ValueError:
            raise forms.ValidationError(
                f'Line {number}: write the points, a "|", then the answer (as in "3 | ...").'
            ) from None
        if not bar or not words.strip():
            raise forms.ValidationError(f"Line {number}: the answer's text is missing.")
        answers.append({"points": value, "text": words.strip()})
    return answers


class WordingForm(forms.Form):
    """Every piece of wording an instrument needs; blanks are kept as still missing."""

    copy_note = forms.CharField(
        label="Licensed copy (edition, licence)", max_length=200, required=False
    )

    def __init__(self, *args, definition: instruments.Instrument, texts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition = definition
        self.slots = instruments.slots(definition)
        for slot in self.slots:
            name = field_name(slot.key)
            if slot.kind == instruments.OPTIONS:
                hint = "One answer a line: its points, a “|”, then its text."
                if slot.points is not None:
                    hint += " Points " + ", ".join(str(p) for p in slot.points) + "."
                else:
                    hint += f" Points from 0 up to {slot.maximum}, as printed on the copy."
                self.fields[name] = forms.CharField(
                    label=slot.label,
                    required=False,
                    help_text=hint,
                    widget=forms.Textarea(attrs={"rows": 4}),
                    initial=options_text(texts.get(slot.key)),
                )
            else:
                self.fields[name] = forms.CharField(
                    label=slot.label,
                    required=False,
                    max_length=1000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    initial=texts.get(slot.key, ""),
                )

    def clean(self):
        data = super().clean()
        texts = {}
        for slot in self.slots:
            name = field_name(slot.key)
            value = data.get(name) or ""
            if not value.strip():
                continue
            if slot.kind == instruments.OPTIONS:
                try:
                    value = parse_options(value)
                except forms.ValidationError as error:
                    self.add_error(name, error)
                    continue
            problem = instruments.slot_problem(slot, value)
            if problem:
                self.add_error(name, problem)
                continue
            texts[slot.key] = value.strip() if isinstance(value, str) else value
        data["texts"] = texts
        return data


class ImportForm(forms.Form):
    file = forms.FileField(label="Wording file (JSON)")
