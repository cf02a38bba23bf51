"""Checks and serving for uploaded files, shared by every app that takes uploads.

Images are checked by their content with Pillow, not by their name: the bytes must
decode completely as an allowed format, within a byte and pixel cap (decompression
bombs are refused before decoding). The stored copy is re-encoded, so metadata such
as GPS positions never reaches the disk.
"""

import io
import mimetypes
import os
import re
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from PIL import Image, ImageOps, UnidentifiedImageError

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
DEFAULT_MAX_IMAGE_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


def _size_label(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_size(upload, max_bytes: int) -> None:
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            f"The file is too large: the limit is {_size_label(max_bytes)}.", code="too_large"
        )


def clean_image(
    upload,
    *,
    max_bytes: int = DEFAULT_MAX_IMAGE_BYTES,
    max_pixels: int = DEFAULT_MAX_IMAGE_PIXELS,
    min_side: int = 16,
) -> tuple[ContentFile, str, tuple[int, int]]:
    """Check an uploaded image and return (clean re-encoded file, extension, (width, height)).

    Raises ValidationError with codes ``too_large``, ``not_image``, ``format``,
    ``too_many_pixels``, ``too_small`` or ``broken``.
    """
    check_size(upload, max_bytes)
    upload.seek(0)
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            image_format = probe.format
            width, height = probe.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow refuses to even size up images this large (decompression bombs).
        raise ValidationError(
            f"The image has far too many pixels (the limit is "
            f"{max_pixels / 1_000_000:.0f} megapixels).",
            code="too_many_pixels",
        ) from None
    except UnidentifiedImageError:
        raise ValidationError(
            "This file is not an image we can read. Upload a JPEG, PNG or WebP photo.",
            code="not_image",
        ) from None
    except Exception:
        raise ValidationError("The image file is damaged.", code="broken") from None
    if image_format not in IMAGE_FORMATS:
        raise ValidationError("Only JPEG, PNG and WebP images are accepted.", code="format")
    if width * height > max_pixels:
        raise ValidationError(
            f"The image is too large: {width}×{height} pixels (the limit is "
            f"{max_pixels / 1_000_000:.0f} megapixels).",
            code="too_many_pixels",
        )
    if min(width, height) < min_side:
        raise ValidationError(f"The image is too small: {width}×{height} pixels.", code="too_small")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()  # decodes every byte: a truncated file fails here
        # Apply the camera's rotation before the EXIF block (with any GPS) is dropped.
        image = ImageOps.exif_transpose(image)
    except Exception:
        raise ValidationError("The image file is damaged or incomplete.", code="broken") from None
    return _reencode(image, image_format), IMAGE_FORMATS[image_format], image.size


def _reencode(image: Image.Image, image_format: str) -> ContentFile:
    """A fresh copy of the pixels only: no EXIF (so no GPS), XMP, ICC or text chunks."""
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    clean = image.copy()
    clean.info = {}
    out = io.BytesIO()
    options = {"JPEG": {"quality": 88, "optimize": True}, "WEBP": {"quality": 88}}
    clean.save(out, image_format, **options.get(image_format, {}))
    return ContentFile(out.getvalue())


def thumbnail(image_file, size: tuple[int, int] = (480, 480)) -> ContentFile:
    """A JPEG thumbnail that fits in ``size``."""
    image_file.seek(0)
    with Image.open(image_file) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(size)
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=82, optimize=True)
    return ContentFile(out.getvalue())


CHUNK = 64 * 1024
# One range of the "bytes" unit (RFC 9110, section 14.1.2): "first-last", "first-" or "-suffix".
# ASCII digits only: Python's \d would also take other scripts' digits.
_RANGE = re.compile(r"bytes=([0-9]*)-([0-9]*)", re.ASCII | re.IGNORECASE)


class RangeNotSatisfiable(Exception):
    """A well-formed byte range that lies outside the file (answered with 416)."""


def _digits(text: str) -> str:
    return text.lstrip("0") or "0"


def _below(a: str, b: str) -> bool:
    """Whether the number spelt ``a`` is less than ``b``, however many digits they have."""
    a, b = _digits(a), _digits(b)
    return (len(a), a) < (len(b), b)


def _at_most(digits: str, limit: int) -> int:
    """The number ``digits`` spell, capped at ``limit`` (int() refuses thousands of digits)."""
    return limit if _below(str(limit), digits) else int(_digits(digits))


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte positions a ``Range`` header asks of a ``size``-byte file.

    ``None`` means "send the whole file": no header, or one that is not a single
    well-formed byte range (other units, several ranges, last before first, signs,
    garbage), which RFC 9110 lets a server ignore. A well-formed range the file cannot
    satisfy (it starts at or past the end, or asks for the last 0 bytes) raises
    ``RangeNotSatisfiable``.
    """
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # suffix range: the last N bytes
        wanted = _at_most(last, size)
        if wanted == 0:
            raise RangeNotSatisfiable
        return size - wanted, size - 1
    if last and _below(last, first):
        return None
    if not _below(first, str(size)):
        raise RangeNotSatisfiable
    start = int(_digits(first))
    end = _at_most(last, size - 1) if last else size - 1
    return start, end


def _chunks(handle, start: int, length: int):
    try:
        handle.seek(start)
        remaining = length
        while remaining > 0:
            block = handle.read(min(CHUNK, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block
    finally:
        handle.close()


def _bucket_object(handle):
    """The S3 object behind a file opened from django-storages' S3Storage, else None.

    Such a file downloads the whole object on its first read; serving a range of a video
    from the bucket asks the bucket for those bytes alone instead.
    """
    obj = getattr(handle, "obj", None)
    return obj if obj is not None and hasattr(obj, "get") else None


def _bucket_chunks(obj, byte_range: str | None):
    body = obj.get(**({"Range": byte_range} if byte_range else {}))["Body"]
    try:
        yield from body.iter_chunks(CHUNK)
    finally:
        body.close()


def ranged_file_response(
    request, handle, *, size: int, filename: str, content_type: str | None = None
) -> HttpResponse:
    """Serve an open file, honouring a single HTTP ``Range`` (so videos can seek).

    Answers 200 with the whole file, 206 with ``Content-Range`` for a satisfiable
    range, and 416 when the range lies outside the file.
    """
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    try:
        wanted = byte_range(request.headers.get("Range", ""), size)
    except RangeNotSatisfiable:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response
    bucket_object = _bucket_object(handle)
    if wanted is None:
        if bucket_object is not None:
            response = StreamingHttpResponse(
                _bucket_chunks(bucket_object, None), content_type=content_type
            )
        else:
            response = FileResponse(handle, content_type=content_type)
        response["Content-Length"] = str(size)
    else:
        start, end = wanted
        length = end - start + 1
        chunks = (
            _bucket_chunks(bucket_object, f"bytes={start}-{end}")
            if bucket_object is not None
            else _chunks(handle, start, length)
        )
        response = StreamingHttpResponse(chunks, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    response["Content-Disposition"] = f'inline; filename="{os.path.basename(filename)}"'
    return response
