"""The demo client's assessments: two signed visits, six weeks apart, both tests on both
sides, with a drawn photo of each right-leg squat and its landmarks, so the record, the
history chart and the client's own results have something real to show."""

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from assessments import services
from assessments.models import HipDropTest, KneeValgusTest
from assessments.services import Landmarks
from physio.models import Client

DEMO_CLIENT_EMAIL = "maria@example.test"
WEEKS_APART = 6
NOTES = "Demo: single-leg stance and squat, both sides."

# Per visit, oldest first: the knee's sideways offset on the right-squat photo (pixels
# towards the midline, which gives the FPPA) and the other sides' recorded values.
VISITS = [
    {
        "knee_shift": 22,
        "left_fppa": 8.0,
        "hip": {"left": (4.5, "delayed_positive", 18), "right": (2.0, "negative", 30)},
        "ratings": ("poor", "fair"),
        "pain": 3,
    },
    {
        "knee_shift": 14,
        "left_fppa": 6.5,
        "hip": {"left": (2.5, "negative", 30), "right": (1.5, "negative", 30)},
        "ratings": ("fair", "good"),
        "pain": 1,
    },
]
HIP, ANKLE = (300, 330), (300, 690)


def _squat_photo(knee: tuple[int, int]) -> SimpleUploadedFile:
    """A plain drawing of a single-leg squat seen from the front (no real person)."""
    image = Image.new("RGB", (600, 800), (236, 240, 243))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 700, 600, 800), fill=(200, 205, 210))
    ink, width = (60, 72, 88), 22
    draw.ellipse((300, 60, 380, 140), fill=ink)  # head
    draw.line([(340, 140), (330, 320)], fill=ink, width=width)  # trunk
    draw.line([(340, 180), (230, 260)], fill=ink, width=14)  # arms forward
    draw.line([(340, 180), (450, 260)], fill=ink, width=14)
    draw.line([(HIP[0] - 10, 325), (400, 320)], fill=ink, width=width)  # pelvis
    draw.line([HIP, knee, ANKLE], fill=ink, width=width, joint="curve")  # standing leg
    draw.line([(400, 320), (450, 470), (520, 520)], fill=ink, width=width)  # lifted leg
    draw.line([(ANKLE[0] - 30, 700), (ANKLE[0] + 40, 700)], fill=ink, width=12)  # foot
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile("squat.png", out.getvalue(), content_type="image/png")


@transaction.atomic
def seed_demo_assessments(today: date | None = None) -> int:
    """Give the demo client two signed assessments, unless they have one. Returns how
    many were made. The angles are computed by the services from the landmarks, as when
    a clinician places them (docs/clinical.md §1.3, §2.1)."""
    client = Client.objects.filter(user__email__iexact=DEMO_CLIENT_EMAIL).first()
    if client is None or client.assessments.exists():
        return 0
    clinician = client.lead_clinician
    today = today or timezone.localdate()
    for n, visit in enumerate(VISITS):
        day = today - timedelta(weeks=WEEKS_APART * (len(VISITS) - 1 - n) + 1)
        assessment = services.assessment_create(
            client=client, clinician=clinician, assessed_on=day, notes=NOTES
        )
        for test in assessment.hip_drop_tests.all():
            drop, result, held = visit["hip"][test.side]
            values = {"result": result, "seconds_held": held, "pain": visit["pain"]}
            services.section_save(test=test, by=clinician, values=values)
            HipDropTest.objects.filter(pk=test.pk).update(pelvic_drop_deg=drop)
        overall, balance = visit["ratings"]
        for test in assessment.knee_valgus_tests.all():
            values = {
                "depth": KneeValgusTest.Depth.DEG_45,
                "rating_overall": overall,
                "rating_balance": balance,
                "pain": visit["pain"],
            }
            if test.side != "right":
                services.section_save(test=test, by=clinician, values=values)
                KneeValgusTest.objects.filter(pk=test.pk).update(fppa_mean_deg=visit["left_fppa"])
                continue
            # Filmed from the front the right leg is on the image's left and its midline
            # side is towards +x (§2.1): the knee drawn that way is a valgus.
            knee = (HIP[0] + visit["knee_shift"], 520)
            services.photo_attach(
                test=test, trial=1, upload=_squat_photo(knee), by=clinician, view="front"
            )
            points = {"hip": HIP, "knee": knee, "ankle": ANKLE}
            services.section_save(
                test=test,
                by=clinician,
                values=values,
                landmarks={1: Landmarks(view="front", points=points)},
            )
        services.assessment_sign(assessment=assessment, by=clinician)
    return len(VISITS)
