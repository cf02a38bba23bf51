from datetime import date, datetime, time, timedelta

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.db import transaction
from django.utils import timezone

from physio.models import Client, Clinic, Clinician, Condition, User
from physio.tasks import password_reset_mail


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an account. Check both.",
    }
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class TrailFilterForm(forms.Form):
    """The period and person a client's trail is narrowed to; this month by default."""

    since = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    who = forms.TypedChoiceField(
        label="Person",
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data, *, people):
        if "since" not in data:
            data = data.copy()
            data["since"] = timezone.localdate().replace(day=1).isoformat()
        super().__init__(data)
        self.fields["who"].choices = [("", "Anyone")] + [(p.pk, str(p)) for p in people]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The end of the period cannot be before its start.")
        return cleaned

    def period(self) -> dict:
        """``since`` and ``until`` as the clinic's midnights, ``until`` exclusive."""

        def midnight(day):
            return timezone.make_aware(datetime.combine(day, time.min)) if day else None

        until = self.cleaned_data["until"]
        return {
            "since": midnight(self.cleaned_data["since"]),
            "until": midnight(until + timedelta(days=1) if until else None),
        }


class ClientForm(forms.ModelForm):
    conditions = forms.MultipleChoiceField(
        label="Conditions",
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Client
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "email",
            "lead_clinician",
            "conditions",
            "notes",
        ]
        widgets = {
            "date_of_birth": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"email": "Needed to invite the client to the portal."}

    def __init__(self, *args, clinician: Clinician, **kwargs):
        super().__init__(*args, **kwargs)
        self.clinic = clinician.clinic
        self.fields["lead_clinician"].queryset = Clinician.objects.filter(
            clinic=self.clinic
        ).select_related("user")
        if not self.instance.pk:
            self.fields["lead_clinician"].initial = clinician.pk
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Row(
                Column("first_name", css_class="col-md-6"),
                Column("last_name", css_class="col-md-6"),
            ),
            Row(
                Column("date_of_birth", css_class="col-md-6"), Column("email", css_class="col-md-6")
            ),
            "lead_clinician",
            "conditions",
            "notes",
            Submit("save", "Save client"),
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data.get("date_of_birth")
        if born is None:
            return born
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError("Date of birth cannot be in the future.", code="future")
        if born < date(today.year - 120, 1, 1):
            raise forms.ValidationError(
                "Check the year: that is over 120 years ago.", code="too_old"
            )
        return born

    def clean_email(self):
        email = (self.cleaned_data.get("email") or "").lower()
        if email:
            others = Client.objects.filter(clinic=self.clinic, email__iexact=email, archived=False)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(
                    "Another client of this clinic already uses this email address.", code="taken"
                )
        return email


class SetPasswordForm(forms.Form):
    """Password choice on an invitation (the account may not exist yet)."""

    password1 = forms.CharField(
        label="Choose a password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label="Repeat the password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, full_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.user_for_validation = User(email=email, full_name=full_name)

    def clean_password2(self):
        first = self.cleaned_data.get("password1")
        second = self.cleaned_data.get("password2")
        if first and second and first != second:
            raise forms.ValidationError("The two passwords differ.", code="password_mismatch")
        if second:
            password_validation.validate_password(second, self.user_for_validation)
        return second


class SignInLinkForm(forms.Form):
    email = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )


class PasswordResetForm(DjangoPasswordResetForm):
    """Django's reset form, with the mail sent by a task after commit, off the request."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # The task makes the token and renders Django's templates itself: nothing secret
        # goes into the queue.
        user_id, domain, protocol = context["user"].pk, context["domain"], context["protocol"]
        transaction.on_commit(lambda: password_reset_mail.enqueue(user_id, domain, protocol))


class TwoFactorCodeForm(forms.Form):
    """A code from the authenticator app (or, where offered, a recovery code)."""

    code = forms.CharField(
        label="Code",
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, recovery: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if recovery:
            self.fields["code"].help_text = (
                "The 6-digit code your authenticator app shows. Lost your phone? "
                "Type one of your recovery codes instead; each works once."
            )
        else:
            self.fields["code"].help_text = "The 6-digit code your authenticator app shows."


class ClinicTwoFactorForm(forms.ModelForm):
    class Meta:
        model = Clinic
        fields = ["require_two_factor"]
        labels = {"require_two_factor": "Require two-factor sign-in for everyone in the clinic"}
        help_texts = {
            "require_two_factor": (
                "Clinicians who have not set it up are asked to at their next sign-in, "
                "and cannot open anything else until they have."
            )
        }
