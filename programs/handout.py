"""The printable handout's QR code and its PDF version.

The QR code is drawn server-side by segno as an SVG with attributes only (no
``style``), so the page keeps the strict CSP. The PDF is made with fpdf2 (pure
Python) using its built-in Helvetica, which covers Latin-1: other characters are
replaced by their nearest plain form.
"""

import io
import logging
import unicodedata

import segno
from django.utils.text import capfirst, slugify
from fpdf import FPDF
from fpdf.enums import XPos, YPos

logger = logging.getLogger(__name__)

QR_MM = 32  # the QR code's side, in the header's top right corner
QR_GAP_MM = 4  # between the header's text and the QR code

# Typographic characters outside Latin-1 that the dosing text and notes use.
_PLAIN = str.maketrans(
    {
        "–": "-",
        "—": "-",
        "‘": "'",
        "’": "'",
        "“": '"',
        "”": '"',
        "…": "...",
        "×": "x",
        "•": "-",
        "→": "->",
        "≥": ">=",
        "≤": "<=",
    }
)


def plain(text: str) -> str:
    """``text`` in Latin-1 for the PDF's core font (accents decomposed when needed)."""
    text = (text or "").translate(_PLAIN)
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


def qr_svg(url: str) -> str:
    """An inline SVG QR code of ``url`` (attributes only, no inline styles)."""
    return segno.make(url, error="m").svg_inline(scale=4, title="QR code to your programme")


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=8, border=2)
    return buffer.getvalue()


def pdf_filename(program) -> str:
    client = slugify(program.client.full_name) or "client"
    return f"{client}-{slugify(program.title) or 'programme'}.pdf"


def _image_bytes(exercise) -> bytes | None:
    """The main picture of an exercise: its image, or a video's poster frame."""
    main = getattr(exercise, "main", None) or []
    if not main:
        return None
    media = main[0]
    field = media.thumbnail or (media.file if media.is_image else media.poster)
    if not field:
        return None
    try:
        with field.open("rb") as handle:
            return handle.read()
    except OSError:
        logger.warning("Handout: media %s could not be read", media.pk)
        return None


class _HandoutPDF(FPDF):
    footer_text = ""

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(110)
        self.cell(0, 6, plain(self.footer_text), align="L")
        self.cell(0, 6, f"Page {self.page_no()}", align="R")


def handout_pdf(*, program, items, portal_url: str) -> bytes:
    """The handout as PDF bytes: header with the QR code, then one block per exercise."""
    client = program.client
    pdf = _HandoutPDF(format="A4")
    pdf.footer_text = (
        f"{client.clinic.name} - stop any exercise that causes discomfort and tell your clinician."
    )
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_title(plain(program.title))
    pdf.set_author(plain(client.clinic.name))
    pdf.add_page()
    width = pdf.epw

    # The header's text runs in a column left of the QR code; each line starts again at
    # the margin (fpdf2's multi_cell otherwise leaves x where the last cell ended).
    qr_x = pdf.l_margin + width - QR_MM
    pdf.image(io.BytesIO(qr_png(portal_url)), x=qr_x, y=pdf.t_margin, w=QR_MM)
    column = width - QR_MM - QR_GAP_MM

    def line(height: float, text: str) -> None:
        pdf.multi_cell(column, height, plain(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_font("Helvetica", style="B", size=18)
    line(9, program.title)
    pdf.set_font("Helvetica", size=11)
    dates = f"From {program.start_date:%-d %B %Y}"
    if program.end_date:
        dates += f" to {program.end_date:%-d %B %Y}"
    line(6, f"For {client.full_name} · {dates}")
    line(6, f"Goal: {program.get_goal_display()}. {client.clinic.name}")
    pdf.set_font("Helvetica", size=9)
    line(5, f"Watch the videos and log your sessions: {portal_url}")
    pdf.set_y(max(pdf.get_y(), pdf.t_margin + QR_MM + 2) + 2)
    if program.notes_to_client:
        pdf.set_font("Helvetica", style="I", size=11)
        pdf.multi_cell(width, 6, plain(program.notes_to_client), align="L")
        pdf.ln(2)

    for number, item in enumerate(items, start=1):
        exercise = item.exercise
        if pdf.get_y() > pdf.h - 80:
            pdf.add_page()
        pdf.set_draw_color(200)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(3)
        top = pdf.get_y()
        picture = _image_bytes(exercise)
        text_x = pdf.l_margin
        bottom = top
        if picture:
            try:
                info = pdf.image(
                    io.BytesIO(picture), x=pdf.l_margin, y=top, w=45, h=34, keep_aspect_ratio=True
                )
            except Exception:  # a picture fpdf2 cannot read must not stop the handout
                logger.warning("Handout: image of exercise %s skipped", exercise.pk)
            else:
                text_x = pdf.l_margin + 50
                bottom = top + info.rendered_height
        text_width = width - (text_x - pdf.l_margin)
        pdf.set_xy(text_x, top)
        pdf.set_font("Helvetica", style="B", size=13)
        pdf.multi_cell(text_width, 7, plain(f"{number}. {exercise.name}"), align="L")
        pdf.set_x(text_x)
        pdf.set_font("Helvetica", style="B", size=11)
        # The dose in the page's words (handout.html: {{ item.dose_text|capfirst }}.).
        pdf.multi_cell(text_width, 6, plain(f"{capfirst(item.dose_text)}."), align="L")
        pdf.set_font("Helvetica", size=10)
        extras = []
        if item.tempo:
            extras.append(f"Tempo {item.tempo}")
        if item.rest_seconds:
            extras.append(f"rest {item.rest_seconds} seconds between sets")
        if extras:
            pdf.set_x(text_x)
            pdf.multi_cell(text_width, 5, plain(", ".join(extras).capitalize() + "."), align="L")
        for step_number, step in enumerate(exercise.step_list, start=1):
            pdf.set_x(text_x)
            pdf.multi_cell(text_width, 5, plain(f"{step_number}. {step}"), align="L")
        if item.notes:
            pdf.set_x(text_x)
            pdf.set_font("Helvetica", style="I", size=10)
            pdf.multi_cell(text_width, 5, plain(item.notes), align="L")
        pdf.set_y(max(pdf.get_y(), bottom) + 3)
    if not items:
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(width, 6, "No exercises yet.", align="L")
    return bytes(pdf.output())
