"""Two-factor sign-in pages: the code step of signing in, enrolment and its management,
and the clinic-wide requirement (physio/two_factor.py says who must pass which step)."""

from base64 import b32encode

import segno
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from physio import selectors, services
from physio.access import clinician_or_staff_required, own_clinic_admin_required
from physio.forms import ClinicTwoFactorForm, TwoFactorCodeForm
from physio.two_factor import VERIFY, step_done, step_owed


def _next_url(request: HttpRequest) -> str:
    """Where to go once the step is done: a same-site ``next``, else the role's home."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


def _signed_in_with(request: HttpRequest, device) -> None:
    """The session has passed its second factor with ``device``."""
    otp_login(request, device)
    step_done(request)
    request.session.cycle_key()


@never_cache
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in: a code from the app, or a recovery code."""
    next_url = _next_url(request)
    if step_owed(request) != VERIFY:
        return redirect(next_url)
    form = TwoFactorCodeForm(request.POST or None, recovery=True)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.two_factor_verify(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _signed_in_with(request, device)
            if isinstance(device, StaticDevice):
                left = selectors.recovery_codes_left(request.user)
                messages.warning(
                    request,
                    f"Recovery code used: {left} left. Make new ones under Two-factor sign-in.",
                )
            return redirect(next_url)
    return render(request, "physio/two_factor_verify.html", {"form": form, "next": next_url})


def _recovery_codes_page(request: HttpRequest, codes: list[str], next_url: str) -> HttpResponse:
    return render(
        request, "physio/two_factor_recovery_codes.html", {"codes": codes, "next": next_url}
    )


def _manage_page(request: HttpRequest, device, **forms) -> HttpResponse:
    context = {
        "device": device,
        "codes_left": selectors.recovery_codes_left(request.user),
        "off_form": forms.get("off_form") or TwoFactorCodeForm(prefix="off", recovery=True),
        "codes_form": forms.get("codes_form") or TwoFactorCodeForm(prefix="codes"),
    }
    return render(request, "physio/two_factor.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
@clinician_or_staff_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Two-factor sign-in for the signed-in clinician or staff member: set it up, or manage it."""
    device = selectors.authenticator_for(request.user)
    if device is not None:
        return _manage_page(request, device)
    next_url = _next_url(request)
    pending = services.two_factor_enrolment_start(user=request.user)
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.two_factor_enrol(device=pending, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            _signed_in_with(request, pending)
            messages.success(request, "Two-factor sign-in is on.")
            return _recovery_codes_page(request, codes, next_url)
    secret = b32encode(pending.bin_key).decode()
    clinic = request.clinician.clinic if request.clinician else None
    context = {
        "form": form,
        "required_by": clinic if clinic and clinic.require_two_factor else None,
        "next": next_url,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr_svg": segno.make(pending.config_url, error="m").svg_inline(
            scale=4, title="QR code for your authenticator app"
        ),
    }
    return render(request, "physio/two_factor_enrol.html", context)


@never_cache
@require_POST
@clinician_or_staff_required
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    """Ten new recovery codes (the old ones stop working), after a code from the app."""
    device = selectors.authenticator_for(request.user)
    if device is None:
        return redirect("physio:two-factor")
    form = TwoFactorCodeForm(request.POST, prefix="codes")
    if form.is_valid():
        try:
            codes = services.recovery_codes_replace(
                user=request.user, code=form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code", error)
        else:
            return _recovery_codes_page(request, codes, reverse("physio:two-factor"))
    return _manage_page(request, device, codes_form=form)


@require_POST
@clinician_or_staff_required
def two_factor_off(request: HttpRequest) -> HttpResponse:
    """Turn two-factor sign-in off, after a current code (not where the clinic requires it)."""
    device = selectors.authenticator_for(request.user)
    if device is None:
        return redirect("physio:two-factor")
    form = TwoFactorCodeForm(request.POST, prefix="off", recovery=True)
    if form.is_valid():
        try:
            services.two_factor_turn_off(user=request.user, code=form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            messages.success(request, "Two-factor sign-in is off.")
            return redirect("physio:two-factor")
    return _manage_page(request, device, off_form=form)


@require_http_methods(["GET", "POST"])
@own_clinic_admin_required
def clinic_security(request: HttpRequest, clinic_id: int) -> HttpResponse:
    """A clinic admin decides whether everyone in the clinic must use two-factor sign-in."""
    clinic = request.clinician.clinic
    # An unticked box posts nothing, so bind on the method, not on the data.
    data = request.POST if request.method == "POST" else None
    form = ClinicTwoFactorForm(data, instance=clinic)
    if request.method == "POST" and form.is_valid():
        required = form.cleaned_data["require_two_factor"]
        services.clinic_set_two_factor_required(clinic=clinic, required=required)
        if required:
            messages.success(request, "Everyone in the clinic now needs two-factor sign-in.")
        else:
            messages.success(request, "Two-factor sign-in is now each clinician's choice.")
        return redirect(clinic.get_security_url())
    context = {
        "clinic": clinic,
        "form": form,
        "members": selectors.clinicians_with_two_factor(clinic),
    }
    return render(request, "physio/clinic_security.html", context)
