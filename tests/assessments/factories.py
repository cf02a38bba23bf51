"""Factories for assessments. Images are drawn with Pillow, so they are real files."""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory
from PIL import Image, ImageDraw

from assessments import services
from assessments.models import Assessment
from tests.factories import ClientFactory, ClinicianFactory


def image_bytes(size=(400, 600), fmt="JPEG", *, exif=None, colour=(200, 210, 220)) -> bytes:
    """A real image: a plain background with a stick figure, optionally with EXIF."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.line(
        [(width * 0.5, height * 0.2), (width * 0.55, height * 0.5)], fill=(20, 20, 20), width=6
    )
    draw.line(
        [(width * 0.55, height * 0.5), (width * 0.5, height * 0.8)], fill=(20, 20, 20), width=6
    )
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **options)
    return out.getvalue()


def upload(name="photo.jpg", data=None, content_type="image/jpeg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data if data is not None else image_bytes(**kwargs), content_type
    )


class AssessmentFactory(DjangoModelFactory):
    """A draft assessment made by the service, so it has its four test rows."""

    class Meta:
        model = Assessment

    client = factory.SubFactory(ClientFactory)
    clinician = factory.SubFactory(
        ClinicianFactory, clinic=factory.SelfAttribute("..client.clinic")
    )
    assessed_on = factory.LazyFunction(timezone.localdate)
    notes = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.assessment_create(**kwargs)


def hip_drop(assessment, side="left"):
    return assessment.hip_drop_tests.get(side=side)


def knee_valgus(assessment, side="left"):
    return assessment.knee_valgus_tests.get(side=side)


def record_knee(assessment, *, side, fppas, by, view="front"):
    """Upload a photo per FPPA and place points that give that angle (trial by trial).

    The knee is moved sideways so the angle comes out as asked: tan(FPPA/2) = dx/dy
    for a symmetric hip–knee–ankle on a 400×600 photo.
    """
    import math

    from assessments.services import Landmarks

    test = knee_valgus(assessment, side)
    landmarks = {}
    for trial, angle in enumerate(fppas, start=1):
        services.photo_attach(test=test, trial=trial, upload=upload(), by=by, view=view)
        medial = (1 if side == "right" else -1) * (1 if view == "front" else -1)
        dx = math.tan(math.radians(angle / 2)) * 200 * medial
        landmarks[trial] = Landmarks(
            view=view, points={"hip": (200, 100), "knee": (200 + dx, 300), "ankle": (200, 500)}
        )
    services.section_save(test=test, by=by, values={}, landmarks=landmarks)
    test.refresh_from_db()
    return test


def record_hip_drop(assessment, *, side, drop_deg, by, result="", seconds=None):
    """Upload the stance photo and place pelvic points giving ``drop_deg``."""
    import math

    from assessments.services import Landmarks

    test = hip_drop(assessment, side)
    services.photo_attach(test=test, trial=1, upload=upload(), by=by, view="back")
    dy = math.tan(math.radians(drop_deg)) * 200
    stance_y, free_y = 300, 300 + dy
    points = {
        "left": (100, stance_y if side == "left" else free_y),
        "right": (300, free_y if side == "left" else stance_y),
    }
    values = {"result": result, "seconds_held": seconds} if result else {}
    services.section_save(
        test=test, by=by, values=values, landmarks={1: Landmarks(view="back", points=points)}
    )
    test.refresh_from_db()
    return test
