"""Forms of the assessment pages. Errors name the field and keep what was typed."""

from django import forms
from django.utils import timezone

from assessments import angles
from assessments.models import Assessment, HipDropTest, KneeValgusTest, Photo, View
from assessments.reference import HIP_DROP_HOLD_SECONDS

PAIN_ERRORS = {
    "min_value": "Pain is scored from 0 (none) to 10 (worst imaginable).",
    "max_value": "Pain is scored from 0 (none) to 10 (worst imaginable).",
    "invalid": "Enter a whole number from 0 to 10.",
}
SECONDS_ERRORS = {
    "min_value": "Seconds held cannot be negative: enter 0 to 30.",
    "max_value": "The test stops at 30 s: enter 0 to 30.",
    "invalid": "Enter whole seconds from 0 to 30.",
}


def _pain_field(label="Pain during the test (0–10)"):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=10,
        required=False,
        error_messages=PAIN_ERRORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class ReasonMixin(forms.Form):
    """On a signed assessment a change is an amendment and needs a reason."""

    def __init__(self, *args, amending: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.amending = amending
        if amending:
            self.fields["reason"] = forms.CharField(
                label="Reason for the amendment",
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": "Say why the signed record changes."},
            )


class AssessmentForm(ReasonMixin, forms.ModelForm):
    class Meta:
        model = Assessment
        fields = ["assessed_on", "notes"]
        widgets = {
            "assessed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_assessed_on(self):
        day = self.cleaned_data["assessed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.", code="future")
        return day


class HipDropForm(ReasonMixin, forms.ModelForm):
    seconds_held = forms.IntegerField(
        label="Seconds held",
        min_value=0,
        max_value=HIP_DROP_HOLD_SECONDS,
        required=False,
        error_messages=SECONDS_ERRORS,
        help_text="0–30 s. Negative = level for 30 s; delayed positive = fell before 30 s.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    pain = _pain_field()

    class Meta:
        model = HipDropTest
        fields = ["result", "seconds_held", "compensation", "pain", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def clean(self):
        """docs/clinical.md §1.1: negative holds 30 s; delayed positive falls before 30 s."""
        data = super().clean()
        result, seconds = data.get("result"), data.get("seconds_held")
        if "seconds_held" in self.errors:
            return data
        if result == HipDropTest.Result.NEGATIVE:
            if seconds is None:
                data["seconds_held"] = HIP_DROP_HOLD_SECONDS
            elif seconds != HIP_DROP_HOLD_SECONDS:
                self.add_error(
                    "seconds_held",
                    forms.ValidationError(
                        f"A negative result means the pelvis stayed level for 30 s; held for "
                        f"{seconds} s is a delayed positive.",
                        code="negative_needs_30",
                    ),
                )
        elif result == HipDropTest.Result.DELAYED_POSITIVE:
            if seconds is None:
                self.add_error(
                    "seconds_held",
                    forms.ValidationError(
                        "Record how long the pelvis was held before it fell.", code="time_needed"
                    ),
                )
            elif seconds >= HIP_DROP_HOLD_SECONDS:
                self.add_error(
                    "seconds_held",
                    forms.ValidationError(
                        "Held for 30 s is a negative result, not a delayed positive.",
                        code="delayed_under_30",
                    ),
                )
        elif result == HipDropTest.Result.POSITIVE and seconds == HIP_DROP_HOLD_SECONDS:
            self.add_error(
                "seconds_held",
                forms.ValidationError(
                    "Held for 30 s is a negative result, not a positive one.",
                    code="positive_under_30",
                ),
            )
        return data


class KneeValgusForm(ReasonMixin, forms.ModelForm):
    pain = _pain_field()

    class Meta:
        model = KneeValgusTest
        fields = [
            "depth",
            "rating_overall",
            "rating_balance",
            "rating_trunk",
            "rating_pelvis",
            "rating_hip",
            "rating_knee",
            "pain",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class LandmarkForm(forms.Form):
    """The camera view and the landmark points of one photo, posted from hidden inputs.

    The points are image pixels of the stored photo. The angle is not posted: the
    server computes it (assessments/angles.py).
    """

    view = forms.ChoiceField(label="Camera", choices=View.choices)

    LABELS = {
        "hip": "hip",
        "knee": "knee",
        "ankle": "ankle",
        "left": "left pelvic",
        "right": "right pelvic",
    }

    def __init__(self, *args, photo: Photo, **kwargs):
        kwargs.setdefault("prefix", f"t{photo.trial}")
        # Until the clinician saves points, the model's proposals are the first guesses.
        start = photo.points or photo.proposed_points or {}
        kwargs.setdefault(
            "initial",
            {"view": photo.view}
            | {
                f"{name}_{axis}": float(value)
                for name in photo.landmark_names
                if start.get(name)
                for axis, value in zip("xy", start[name], strict=True)
            },
        )
        super().__init__(*args, **kwargs)
        self.photo = photo
        for name in photo.landmark_names:
            for axis in "xy":
                self.fields[f"{name}_{axis}"] = forms.FloatField(
                    required=False, widget=forms.HiddenInput
                )

    @property
    def point_inputs(self):
        """(landmark name, axis, bound field) for the hidden inputs the page's script fills."""
        return [
            (name, axis, self[f"{name}_{axis}"])
            for name in self.photo.landmark_names
            for axis in "xy"
        ]

    def clean(self):
        data = super().clean()
        photo = self.photo
        points, missing = {}, []
        for name in photo.landmark_names:
            x, y = data.get(f"{name}_x"), data.get(f"{name}_y")
            if x is None or y is None:
                missing.append(self.LABELS[name])
                continue
            if not (0 <= x <= photo.width and 0 <= y <= photo.height):
                raise forms.ValidationError(
                    f"The {self.LABELS[name]} point lies outside the photo.", code="outside"
                )
            points[name] = (x, y)
        if points and missing:
            raise forms.ValidationError(
                f"Place the {' and '.join(missing)} point{'s' if len(missing) > 1 else ''} too, "
                "or clear the points.",
                code="incomplete",
            )
        if points:
            try:
                self.angle = photo.angle_for(view=data.get("view", photo.view), points=points)
            except angles.DegeneratePointsError as error:
                raise forms.ValidationError(str(error), code="degenerate") from None
        data["points"] = points
        return data


class PhotoUploadForm(forms.Form):
    image = forms.FileField(
        label="Photo",
        error_messages={"required": "Choose a photo (or a still from a video) to upload."},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    # Optional: by default the stance photo is from behind (docs/clinical.md §1.1), the squat
    # from the front; the clinician can change it next to the landmarks.
    view = forms.ChoiceField(choices=[("", "Default"), *View.choices], required=False)


class ClipUploadForm(forms.Form):
    video = forms.FileField(
        label="Video",
        error_messages={"required": "Choose a video of the test, or film one."},
        widget=forms.ClearableFileInput(attrs={"accept": "video/*", "capture": "environment"}),
    )


class ClipFrameForm(forms.Form):
    """The time of the frame to use, and which trial it becomes."""

    seconds = forms.FloatField(label="Time (s)", min_value=0)
    trial = forms.TypedChoiceField(label="Trial", coerce=int)

    def __init__(self, *args, max_trials: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trial"].choices = [(n, f"Trial {n}") for n in range(1, max_trials + 1)]
