"""Wording that helps read the numbers: plain functions, no Django.

Everything here is support for the clinician's judgement, not a diagnosis. The
thresholds come in as arguments (see assessments/reference.py for the defaults
and their sources in docs/clinical.md).
"""

from dataclasses import dataclass

NO_CHANGE = "no_change"
BETTER = "better"
WORSE = "worse"


@dataclass(frozen=True)
class Note:
    """One sentence of interpretation; ``attention`` marks one worth a second look."""

    text: str
    attention: bool = False


@dataclass(frozen=True)
class Change:
    kind: str  # NO_CHANGE, BETTER or WORSE
    delta_deg: float
    text: str


def fppa_against_reference(
    mean_deg: float,
    *,
    upper_deg: float,
    asymptomatic: tuple[float, float],
    patellofemoral: tuple[float, float],
) -> Note:
    """Mean FPPA against the reference values (docs/clinical.md §2.2)."""
    ref_mean, ref_sd = asymptomatic
    pfp_mean, pfp_sd = patellofemoral
    reference = f"asymptomatic reference {ref_mean:.1f} ± {ref_sd:.1f}°"
    if mean_deg < 0:
        return Note(
            f"Mean FPPA {mean_deg:.1f}°: the knee stayed lateral to the hip–ankle line "
            f"(varus), below the {reference}."
        )
    if mean_deg <= upper_deg:
        return Note(f"Mean FPPA {mean_deg:.1f}° is within the {reference}.")
    text = f"Mean FPPA {mean_deg:.1f}° is above the {reference} (above {upper_deg:.1f}°)"
    if pfp_mean - pfp_sd <= mean_deg:
        text += (
            f", in the range reported for women with patellofemoral pain "
            f"({pfp_mean:.1f} ± {pfp_sd:.1f}°)"
        )
    text += ". Read it with the clinical rating: 2D FPPA is a screening number."
    return Note(text, attention=True)


def fppa_asymmetry(left_deg: float, right_deg: float, *, sdd_deg: float) -> Note:
    """Left–right difference of the mean FPPA against the smallest detectable difference."""
    difference = left_deg - right_deg
    size = abs(difference)
    if size < sdd_deg:
        return Note(
            f"Left–right difference {size:.1f}° is within measurement error "
            f"(under the smallest detectable difference of {sdd_deg:.0f}°)."
        )
    more, less = ("left", "right") if difference > 0 else ("right", "left")
    return Note(
        f"The {more} knee goes {size:.1f}° further into valgus than the {less}: more than "
        f"the smallest detectable difference ({sdd_deg:.0f}°).",
        attention=True,
    )


def fppa_change(current_deg: float, previous_deg: float, *, sdd_deg: float) -> Change:
    """Change since the previous assessment (docs/clinical.md §2.2).

    Under the smallest detectable difference it is "no detectable change"; beyond
    it, closer to a straight knee line (smaller |FPPA|) is better, further is worse.
    """
    delta = current_deg - previous_deg
    if abs(delta) < sdd_deg:
        return Change(
            NO_CHANGE,
            delta,
            f"No detectable change ({delta:+.1f}°, under {sdd_deg:.0f}°).",
        )
    if abs(current_deg) < abs(previous_deg):
        return Change(BETTER, delta, f"Better: {delta:+.1f}° since the previous assessment.")
    return Change(WORSE, delta, f"Worse: {delta:+.1f}° since the previous assessment.")


def stance_pain(pain: int, *, positive_from: int) -> Note | None:
    """Pain during the 30 s stance (docs/clinical.md §1.2), kept apart from the drop result."""
    if pain >= positive_from:
        return Note(
            f"Pain {pain}/10 during the stance: the test reproduced pain "
            f"({positive_from}/10 or more is read as a positive pain response).",
            attention=True,
        )
    return None


# --- for the client, in plain words ---------------------------------------------------


def _inwards(deg: float) -> str:
    if deg < 0:
        return f"outwards {abs(deg):.0f}°"
    return f"inwards {deg:.0f}°"


def fppa_for_client(
    leg: str, current_deg: float, previous_deg: float | None, *, sdd_deg: float
) -> str:
    """The squat result as a client reads it, e.g. "Right leg: your knee moved inwards 9°,
    last time 14°: a real improvement." (docs/clinical.md §2.2: under the smallest
    detectable difference it is "no detectable change")."""
    text = f"{leg.capitalize()} leg: your knee moved {_inwards(current_deg)}"
    if previous_deg is None:
        return text + "."
    last = f"{previous_deg:.0f}°" if previous_deg >= 0 else _inwards(previous_deg)
    text += f", last time {last}"
    change = fppa_change(current_deg, previous_deg, sdd_deg=sdd_deg)
    if change.kind == BETTER:
        return text + ": a real improvement."
    if change.kind == WORSE:
        return text + ": further than last time, by more than the measurement error."
    return text + ": no detectable change (within the measurement error)."


def hip_drop_for_client(leg: str, result: str, seconds_held: int | None) -> str:
    """The single-leg stance result as a client reads it (docs/clinical.md §1.1)."""
    text = f"Standing on your {leg} leg: "
    if result == "negative":
        return text + "you held your pelvis level for the whole 30 seconds."
    if result == "delayed_positive":
        held = f"{seconds_held} seconds" if seconds_held is not None else "a while"
        return text + f"you held your pelvis level for {held}, then the other side dropped."
    if result == "positive":
        return text + "the other side of your pelvis dropped: this is what the exercises train."
    return ""
