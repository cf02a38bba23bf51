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


# --- the PDF's text and layout, read from the content streams fpdf2 writes -----------

PT_PER_MM = 72 / 25.4


def pdf_runs(content: bytes) -> list[tuple[float, float, float, str]]:
    """(x, y, font size, text) of every text run in the PDF, in points from the bottom
    left; fpdf2 writes ``BT x y Td (text) Tj ET`` after a ``/Fn size Tf``."""
    import zlib

    runs = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            stream = zlib.decompress(raw).decode("latin-1")
        except zlib.error:
            continue  # an image
        size = 0.0
        for match in re.finditer(
            r"/F\d+ ([\d.]+) Tf|BT ([\d.]+) ([\d.]+) Td (?:[\d.]+ g )?\((.*?)\) Tj", stream
        ):
            if match.group(1):
                size = float(match.group(1))
            else:
                text = match.group(4).replace("\\(", "(").replace("\\)", ")")
                runs.append((float(match.group(2)), float(match.group(3)), size, text))
    return runs


def qr_rect(content: bytes) -> tuple[float, float, float, float]:
    """(left, bottom, right, top) of the first image drawn: the header's QR code."""
    import zlib

    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", content, re.S):
        try:
            stream = zlib.decompress(raw).decode("latin-1")
        except zlib.error:
            continue
        match = re.search(r"q ([\d.]+) 0 0 ([\d.]+) ([\d.]+) ([\d.]+) cm /I\d+ Do Q", stream)
        if match:
            w, h, x, y = map(float, match.groups())
            return x, y, x + w, y + h
    raise AssertionError("no image in the PDF")


def run_width(text: str, size: float) -> float:
    """An upper bound of a run's width in points: its width in bold Helvetica."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=size)
    return pdf.get_string_width(text) * PT_PER_MM


@pytest.fixture
def three_days(client1):
    program = ProgramFactory(
        client=client1, title="Hip plan", start_date="2026-01-05", end_date="2026-03-01"
    )
    ProgramItemFactory(
        program=program,
        exercise=ExerciseFactory(name="Bridge"),
        sets=3,
        reps=12,
        side="right",
        days_of_week=[0, 2, 4],
    )
    return program


def test_the_pdf_gives_the_dose_in_the_pages_words(as_a, three_days):
    page = as_a.get(reverse("programs:handout", args=[three_days.pk])).content.decode()
    words = re.search(r'<p class="fw-semibold mb-1">(.*?)</p>', page).group(1)
    assert words == "3 sets of 12, right leg, once a day, on Mondays, Wednesdays and Fridays."
    pdf = as_a.get(reverse("programs:handout-pdf", args=[three_days.pk])).content
    text = " ".join(run[3] for run in pdf_runs(pdf))
    assert words in text


def test_the_pdf_header_keeps_the_name_and_dates_clear_of_the_qr_code(as_a, three_days):
    pdf = as_a.get(reverse("programs:handout-pdf", args=[three_days.pk])).content
    left, bottom, right, top = qr_rect(pdf)
    page_right = 210 * PT_PER_MM - 10 * PT_PER_MM  # A4, fpdf2's 1 cm margin
    runs = pdf_runs(pdf)
    name = [run for run in runs if "Cora Client" in run[3]]
    assert name, runs
    assert "From 5 January 2026 to 1 March 2026" in name[0][3]
    beside_the_qr = [run for run in runs if bottom <= run[1] <= top]
    assert len(beside_the_qr) >= 4  # title, name and dates, goal, the portal's address
    for x, _y, size, text in beside_the_qr:
        assert x + run_width(text, size) <= left, f"{text!r} runs into the QR code"
        assert x + run_width(text, size) <= page_right, f"{text!r} is cut off"
