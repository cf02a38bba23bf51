"""Turn a YouTube or Vimeo address into a privacy-enhanced embed address.

Plain functions without Django, so they are easy to test: ``parse_video_link``
returns an ``Embed`` or raises ``ValueError`` with a message for the person who
pasted the link.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode, urlsplit

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "music.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
YOUTU_BE_HOSTS = {"youtu.be", "www.youtu.be"}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{1,12}$")
_VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)
_TIME = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$")

REFUSED = "Only YouTube and Vimeo video links can be embedded. Paste the video's address."
NOT_A_VIDEO = "This {provider} address does not point to a single video."


@dataclass(frozen=True)
class Embed:
    provider: str  # "youtube" or "vimeo"
    video_id: str
    embed_url: str


def _seconds(value: str) -> int | None:
    """``90``, ``90s`` or ``1m30s`` → 90; anything else → None."""
    match = _TIME.match(value.strip())
    if not value.strip() or not match:
        return None
    hours, minutes, seconds = (int(part) if part else 0 for part in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def _youtube(parts, query) -> Embed:
    host = parts.hostname
    segments = [segment for segment in parts.path.split("/") if segment]
    video_id = ""
    if host in YOUTU_BE_HOSTS:
        video_id = segments[0] if segments else ""
    elif segments == ["watch"]:
        video_id = query.get("v", [""])[0]
    elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
        video_id = segments[1]
    if not _YOUTUBE_ID.match(video_id):
        raise ValueError(NOT_A_VIDEO.format(provider="YouTube"))
    params = {"rel": "0"}
    start = _seconds(query.get("t", query.get("start", [""]))[0])
    if start:
        params["start"] = str(start)
    return Embed(
        "youtube",
        video_id,
        f"https://www.youtube-nocookie.com/embed/{video_id}?{urlencode(params)}",
    )


def _vimeo(parts, query) -> Embed:
    segments = [segment for segment in parts.path.split("/") if segment]
    if parts.hostname == "player.vimeo.com":
        segments = segments[1:] if segments[:1] == ["video"] else []
    numeric = [i for i, segment in enumerate(segments) if _VIMEO_ID.match(segment)]
    if not numeric:
        raise ValueError(NOT_A_VIDEO.format(provider="Vimeo"))
    position = numeric[-1]
    video_id = segments[position]
    params = {"dnt": "1"}
    private_hash = query.get("h", [""])[0]
    if not private_hash and position + 1 < len(segments):
        private_hash = segments[position + 1]
    if private_hash and _VIMEO_HASH.match(private_hash):
        params["h"] = private_hash
    return Embed(
        "vimeo", video_id, f"https://player.vimeo.com/video/{video_id}?{urlencode(params)}"
    )


def parse_video_link(url: str) -> Embed:
    """The privacy-enhanced embed for a YouTube or Vimeo link; ValueError for anything else."""
    text = (url or "").strip()
    if not text:
        raise ValueError("Paste a YouTube or Vimeo address.")
    if "://" not in text:
        if _SCHEME.match(text):  # javascript:, data:, mailto: ...
            raise ValueError(REFUSED)
        text = "https://" + text
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise ValueError(REFUSED) from None
    host = (parts.hostname or "").lower()
    if parts.scheme not in {"http", "https"} or parts.username or parts.password:
        raise ValueError(REFUSED)
    if port not in (None, 80, 443):
        raise ValueError(REFUSED)
    query = parse_qs(parts.query)
    if host in YOUTUBE_HOSTS or host in YOUTU_BE_HOSTS:
        return _youtube(parts._replace(netloc=host), query)
    if host in VIMEO_HOSTS:
        return _vimeo(parts._replace(netloc=host), query)
    raise ValueError(REFUSED)
