"""Real TOTP codes for tests, computed from a device's key as an authenticator app does."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from physio import services


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the app shows now (or ``steps_ahead`` 30-second steps later).

    django-otp accepts each step once, and one step either side of now; a test that
    signs in again right after enrolling uses the next step's code, like a person who
    waits for the app to show a new one.
    """
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def a_wrong_code(device: TOTPDevice) -> str:
    accepted = {code_for(device, step) for step in (-1, 0, 1, 2)}
    return next(f"{n:06d}" for n in range(10**6) if f"{n:06d}" not in accepted)


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """Turn two-factor sign-in on for ``user`` the way the enrolment page does."""
    device = services.two_factor_enrolment_start(user=user)
    codes = services.two_factor_enrol(device=device, code=code_for(device))
    device.refresh_from_db()
    return device, codes
