"""Reference values and thresholds used to interpret the measurements, in one place.

Each value cites docs/clinical.md. Values marked *secondary* there come from a
summary, not the paper: they are defaults a clinic can change through settings
(``ASSESSMENT_FPPA_UPPER_DEG``, ``ASSESSMENT_SDD_DEG``), never a diagnosis.
"""

from dataclasses import dataclass

from django.conf import settings

# docs/clinical.md §2.2 (secondary; Herrington, Knee 2014): FPPA in a single-leg squat.
FPPA_ASYMPTOMATIC_MEAN_DEG = 8.4
FPPA_ASYMPTOMATIC_SD_DEG = 5.1
FPPA_PATELLOFEMORAL_MEAN_DEG = 16.8
FPPA_PATELLOFEMORAL_SD_DEG = 5.4

# Above the asymptomatic mean + 1 SD counts as "above the reference" by default.
DEFAULT_FPPA_UPPER_DEG = FPPA_ASYMPTOMATIC_MEAN_DEG + FPPA_ASYMPTOMATIC_SD_DEG

# docs/clinical.md §2.2 (Munro, Herrington & Carolan 2012): smallest detectable
# difference 7.54–8.93°; a change under ~8° is within measurement error.
SDD_RANGE_DEG = (7.54, 8.93)
DEFAULT_SDD_DEG = 8.0

# docs/clinical.md §1.1 (Hardcastle & Nade 1985): a negative test holds the pelvis for 30 s.
HIP_DROP_HOLD_SECONDS = 30

# docs/clinical.md §1.2 (secondary; Grimaldi 2017): pain ≥ 2/10 within 30 s reproduces
# lateral hip pain (gluteal tendinopathy test).
STANCE_PAIN_POSITIVE = 2


@dataclass(frozen=True)
class Thresholds:
    fppa_upper_deg: float
    sdd_deg: float
    asymptomatic_mean_deg: float = FPPA_ASYMPTOMATIC_MEAN_DEG
    asymptomatic_sd_deg: float = FPPA_ASYMPTOMATIC_SD_DEG
    patellofemoral_mean_deg: float = FPPA_PATELLOFEMORAL_MEAN_DEG
    patellofemoral_sd_deg: float = FPPA_PATELLOFEMORAL_SD_DEG
    stance_pain_positive: int = STANCE_PAIN_POSITIVE


def thresholds() -> Thresholds:
    """The thresholds in force: the defaults above unless the settings change them."""
    return Thresholds(
        fppa_upper_deg=float(
            getattr(settings, "ASSESSMENT_FPPA_UPPER_DEG", DEFAULT_FPPA_UPPER_DEG)
        ),
        sdd_deg=float(getattr(settings, "ASSESSMENT_SDD_DEG", DEFAULT_SDD_DEG)),
    )
