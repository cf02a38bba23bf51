"""The printable handout and its PDF."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from exercises.models import ExerciseMedia
from tests.programs.factories import ExerciseFactory, ProgramFactory, ProgramItemFactory


@pytest.fixture
def program(client1):
    program = ProgramFactory(client=client1, title="Knee plan – week 1", notes_to_client="Go easy")
    exercise = ExerciseFactory(name="Clam shell", steps="Lie on your side.\nOpen the knees.")
    ProgramItemFactory(program=program, exercise=exercise, sets=3, reps=15, side="left")
    return program


@pytest.fixture
def with_image(program, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 120, 90)).save(buffer, "JPEG")
    from django.core.files.base import ContentFile

    exercise = program.items.get().exercise
    media = ExerciseMedia(exercise=exercise, kind="image", is_main=True)
    media.file.save("clam.jpg", ContentFile(buffer.getvalue()), save=False)
    media.save()
    return media


def test_the_handout_has_steps_dose_in_words_and_a_qr_code(as_a, program, with_image):
    response = as_a.get(reverse("programs:handout", args=[program.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Clam shell" in body
    assert "<li>Open the knees.</li>" in body
    assert "3 sets of 15, left leg, once a day, every day" in body
    assert "Go easy" in body
    assert '<svg width="' in body
    assert "http://testserver/portal/" in body
    assert with_image.file_url in body
    assert "programs.css" in body
    # The strict CSP: no inline styles anywhere on the page, the QR code included.
    assert not re.search(r"\sstyle=", body)


def test_the_print_stylesheet_exists():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/programs.css")).read_text()
    assert "@media print" in css


def test_the_pdf_downloads(as_a, program, with_image):
    response = as_a.get(reverse("programs:handout-pdf", args=[program.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "cora-client-knee-plan-week-1.pdf" in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert b"/Subtype /Image" in response.content


def test_the_pdf_works_without_pictures_or_items(as_a, client1):
    empty = ProgramFactory(client=client1)
    response = as_a.get(reverse("programs:handout-pdf", args=[empty.pk]))
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize("name", ["handout", "handout-pdf"])
def test_the_handout_is_scoped(as_c, as_client1, as_viewer, program, name):
    address = reverse(f"programs:{name}", args=[program.pk])
    assert as_c.get(address).status_code == 404
    assert as_client1.get(address).status_code == 404
    assert as_viewer.get(address).status_code == 200


def test_the_handout_rejects_post(as_a, program):
    assert as_a.post(reverse("programs:handout", args=[program.pk])).status_code == 405


def test_plain_text_for_the_pdf_font():
    from programs.handout import plain

    assert plain("60–80% 1RM × 3 — “ok”") == '60-80% 1RM x 3 - "ok"'
    assert plain("Šárka Łoś") == "Sárka ?os"
