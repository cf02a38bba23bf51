"""Factories and real media files for exercise tests (the programs tests import these too)."""

import io

import av
import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.text import slugify
from factory.django import DjangoModelFactory
from PIL import Image

from exercises import services
from exercises.media import clean_media_image, probe_video
from exercises.models import (
    BodyRegion,
    Exercise,
    ExerciseMedia,
    Movement,
    Position,
    Progression,
    Status,
    WeightBearing,
)


class ExerciseFactory(DjangoModelFactory):
    """A published shared-library exercise unless told otherwise (``owner_clinic=...``)."""

    class Meta:
        model = Exercise

    name = factory.Sequence(lambda n: f"Test exercise {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = "A test exercise."
    steps = "Get into position.\nDo the movement.\nReturn slowly."
    cues = "Move slowly."
    mistakes = "Rushing."
    body_region = BodyRegion.HIP
    movement = Movement.HIP_ABDUCTION
    position = Position.SIDE_LYING
    difficulty = 1
    weight_bearing = WeightBearing.NONE
    default_sets = 3
    default_reps = 12
    status = Status.PUBLISHED
    owner_clinic = None


def link(easier: Exercise, harder: Exercise) -> Progression:
    return Progression.objects.create(easier=easier, harder=harder)


def image_bytes(fmt: str = "PNG", size=(64, 48), colour=(200, 80, 40), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt, **save)
    return out.getvalue()


def video_bytes(fmt: str = "webm", seconds: float = 1.0, size=(64, 48), fps: int = 10) -> bytes:
    """A real little video (WebM/VP8 or MP4/H.264) made with PyAV."""
    codec = {"webm": "libvpx", "mp4": "libx264"}[fmt]
    out = io.BytesIO()
    with av.open(out, mode="w", format=fmt) as container:
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        for index in range(int(seconds * fps)):
            shade = int(255 * index / max(seconds * fps - 1, 1))
            image = Image.new("RGB", size, (shade, 120, 255 - shade))
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def add_image(exercise: Exercise, **fields) -> ExerciseMedia:
    checked = clean_media_image(ContentFile(image_bytes(), name="x.png"))
    return services.media_store(media=ExerciseMedia(exercise=exercise, **fields), image=checked)


def add_video(exercise: Exercise, fmt: str = "webm", seconds: float = 1.0, **fields):
    data = ContentFile(video_bytes(fmt, seconds), name=f"x.{fmt}")
    return services.media_store(
        media=ExerciseMedia(exercise=exercise, **fields), video=(data, probe_video(data))
    )
