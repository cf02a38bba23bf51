"""``manage.py seed_library``: the starter library with generated demo media.

Idempotent: an exercise whose slug exists in the shared library is left as it is
(curators may have changed it), and one that already has media gets no more. A run
with nothing to do costs a couple of queries, so it can run on every ``make run``.
"""

import io
import math

import av
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from exercises import services
from exercises.media import clean_media_image, probe_video
from exercises.models import Exercise, ExerciseMedia, Position, Progression, Status
from exercises.seed_data import EXERCISES

SIZE = (640, 480)
VIDEO_SIZE = (480, 360)
VIDEO_FPS = 15
VIDEO_SECONDS = 4
BACKGROUND = (233, 242, 241)
INK = (15, 94, 99)
ACCENT = (214, 110, 40)


def _font(size: int):
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow built without FreeType
        return ImageFont.load_default()


def _figure(draw: ImageDraw.ImageDraw, position: str, phase: float, box: tuple[int, int]):
    """A stick figure for the exercise's position; ``phase`` 0..1 moves the working limb."""
    w, h = box
    s = min(w, h) / 480
    floor = int(h * 0.84)
    line = max(int(7 * s), 2)

    def seg(points, colour=INK):
        draw.line([(int(x), int(y)) for x, y in points], fill=colour, width=line, joint="curve")

    def head(x, y):
        r = 22 * s
        draw.ellipse([x - r, y - r, x + r, y + r], outline=INK, width=line)

    draw.line([(0, floor), (w, floor)], fill=(160, 180, 180), width=max(int(3 * s), 1))
    cx = w / 2
    lift = math.sin(phase * math.pi)
    if position in (Position.LYING, Position.PRONE):
        hip_y = floor - 20 * s - (90 * s * lift if position == Position.LYING else 0)
        shoulder = (cx - 150 * s, floor - 20 * s)
        hip = (cx, hip_y)
        head(shoulder[0] - 40 * s, floor - 28 * s)
        seg([shoulder, hip])
        if position == Position.LYING:
            knee = (cx + 90 * s, floor - 110 * s)
            seg([hip, knee, (cx + 110 * s, floor)])
        else:
            seg([hip, (cx + 180 * s, floor - 20 * s - 60 * s * lift)], ACCENT)
            seg([hip, (cx + 180 * s, floor - 15 * s)])
    elif position == Position.SIDE_LYING:
        shoulder = (cx - 150 * s, floor - 60 * s)
        hip = (cx, floor - 40 * s)
        head(shoulder[0] - 45 * s, shoulder[1] - 10 * s)
        seg([(shoulder[0], floor), shoulder, hip])
        seg([hip, (cx + 90 * s, floor - 25 * s), (cx + 170 * s, floor - 30 * s)])
        angle = math.radians(10 + 45 * lift)
        knee = (hip[0] + 100 * s * math.cos(angle), hip[1] - 100 * s * math.sin(angle))
        seg([hip, knee, (cx + 170 * s, floor - 38 * s)], ACCENT)
    elif position == Position.KNEELING:
        hip = (cx + 80 * s, floor - 120 * s)
        shoulder = (cx - 80 * s, floor - 120 * s)
        head(shoulder[0] - 45 * s, shoulder[1] - 15 * s)
        seg([hip, shoulder, (shoulder[0], floor)])
        seg([hip, (hip[0], floor), (hip[0] + 60 * s, floor)])
        knee = (hip[0] + 60 * s * lift, hip[1] + 100 * s * (1 - lift) - 20 * s * lift)
        seg([hip, knee, (knee[0] + 40 * s + 40 * s * lift, knee[1] - 80 * s * lift)], ACCENT)
    else:  # standing and sitting: a squat-like bend on one leg
        bend = lift if position == Position.STANDING else 1 - lift
        hip = (cx, floor - 150 * s + 50 * s * bend)
        knee = (cx + 30 * s * bend, floor - 75 * s)
        shoulder = (cx - 12 * s * bend, hip[1] - 110 * s)
        head(shoulder[0], shoulder[1] - 32 * s)
        seg([shoulder, hip, knee, (cx, floor)])
        seg([hip, (cx - 35 * s, hip[1] + 60 * s), (cx - 50 * s, hip[1] + 85 * s)], ACCENT)
        seg([(shoulder[0], shoulder[1] + 15 * s), (shoulder[0] + 70 * s, shoulder[1] + 30 * s)])


def _label(draw, box, name: str, kind: str):
    """The exercise name in a band on top, and a "DEMO" tag at its right end."""
    w, h = box
    band = int(h * 0.13)
    draw.rectangle([0, 0, w, band], fill=INK)
    tag = f"DEMO {kind}"
    font = _font(int(h * 0.05))
    tag_width = draw.textlength(tag, font=font)
    x0 = w - tag_width - w * 0.04
    draw.rectangle([x0 - 8, band * 0.2, w - w * 0.02, band * 0.8], fill=(255, 205, 60))
    draw.text((x0, band * 0.25), tag, fill=(40, 30, 0), font=font)
    draw.text((int(w * 0.03), int(h * 0.025)), name, fill="white", font=_font(int(h * 0.055)))


def demo_image(name: str, position: str) -> ContentFile:
    """A labelled PNG drawing of the exercise's position."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    draw = ImageDraw.Draw(image)
    _figure(draw, position, 0.5, SIZE)
    _label(draw, SIZE, name, "IMAGE")
    out = io.BytesIO()
    image.save(out, "PNG")
    return ContentFile(out.getvalue(), name="demo.png")


def demo_video(name: str, position: str) -> bytes:
    """A short labelled WebM (VP8) animation of the exercise, made with PyAV."""
    out = io.BytesIO()
    with av.open(out, mode="w", format="webm") as container:
        stream = container.add_stream("libvpx", rate=VIDEO_FPS)
        stream.width, stream.height = VIDEO_SIZE
        stream.pix_fmt = "yuv420p"
        stream.bit_rate = 300_000
        frames = VIDEO_FPS * VIDEO_SECONDS
        for index in range(frames):
            image = Image.new("RGB", VIDEO_SIZE, BACKGROUND)
            draw = ImageDraw.Draw(image)
            _figure(draw, position, (index / (frames / 2)) % 1.0, VIDEO_SIZE)
            _label(draw, VIDEO_SIZE, name, "VIDEO")
            seconds = f"{index / VIDEO_FPS:0.1f} s"
            draw.text((10, VIDEO_SIZE[1] - 30), seconds, fill=INK, font=_font(18))
            frame = av.VideoFrame.from_image(image)
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return out.getvalue()


def _add_media(exercise: Exercise, entry: dict) -> None:
    png = demo_image(exercise.name, exercise.position)
    image = clean_media_image(png)
    if entry["demo_video"]:
        video = ContentFile(demo_video(exercise.name, exercise.position), name="demo.webm")
        info = probe_video(video)
        services.media_store(
            media=ExerciseMedia(
                exercise=exercise, caption="Generated demo animation", is_main=True, is_demo=True
            ),
            video=(video, info),
        )
    services.media_store(
        media=ExerciseMedia(
            exercise=exercise,
            caption="Generated demo picture",
            is_main=not entry["demo_video"],
            is_demo=True,
        ),
        image=image,
    )


def seed_library(*, with_media: bool = True) -> dict:
    """Create missing starter exercises, their links and demo media; return counts."""
    fields = {
        key: value for key, value in EXERCISES[0].items() if key not in ("harder", "demo_video")
    }
    existing = dict(
        Exercise.objects.shared()
        .filter(slug__in=[entry["slug"] for entry in EXERCISES])
        .values_list("slug", "pk")
    )
    with_any_media = set()
    if with_media:
        with_any_media = set(
            ExerciseMedia.objects.filter(exercise_id__in=existing.values()).values_list(
                "exercise_id", flat=True
            )
        )
    missing = [entry for entry in EXERCISES if entry["slug"] not in existing]
    needs_media = [
        entry
        for entry in EXERCISES
        if with_media and existing.get(entry["slug"]) not in with_any_media
    ]
    counts = {"created": 0, "links": 0, "media": 0, "total": len(EXERCISES)}
    if not missing and not needs_media:
        return counts

    with transaction.atomic():
        created = []
        for entry in missing:
            data = {key: entry[key] for key in fields}
            data["status"] = Status.PUBLISHED
            created.append(Exercise(**data))
        Exercise.objects.bulk_create(created)
        counts["created"] = len(created)
        by_slug = {
            exercise.slug: exercise
            for exercise in Exercise.objects.shared().filter(
                slug__in=[entry["slug"] for entry in EXERCISES]
            )
        }
        new_slugs = {entry["slug"] for entry in missing}
        links = [
            Progression(easier=by_slug[entry["slug"]], harder=by_slug[slug])
            for entry in EXERCISES
            for slug in entry["harder"]
            if (entry["slug"] in new_slugs or slug in new_slugs) and slug in by_slug
        ]
        Progression.objects.bulk_create(links, ignore_conflicts=True)
        counts["links"] = len(links)
    if with_media:
        for entry in needs_media:
            exercise = by_slug.get(entry["slug"])
            if exercise is not None:
                _add_media(exercise, entry)
                counts["media"] += 1
    return counts
