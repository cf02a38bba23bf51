"""Parsing YouTube and Vimeo links into privacy-enhanced embeds (plain functions)."""

import pytest

from exercises.embeds import REFUSED, parse_video_link


@pytest.mark.parametrize(
    ("link", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ?rel=0"),
        ("youtube.com/watch?v=dQw4w9WgXcQ&list=PL1", "dQw4w9WgXcQ?rel=0"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=1m30s", "dQw4w9WgXcQ?rel=0&start=90"),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "dQw4w9WgXcQ?rel=0&start=42"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "dQw4w9WgXcQ?rel=0"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ?rel=0"),
        ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ?rel=0"),
    ],
)
def test_youtube_links_become_nocookie_embeds(link, embed):
    parsed = parse_video_link(link)
    assert parsed.provider == "youtube"
    assert parsed.embed_url == f"https://www.youtube-nocookie.com/embed/{embed}"


@pytest.mark.parametrize(
    ("link", "embed"),
    [
        ("https://vimeo.com/76979871", "76979871?dnt=1"),
        ("https://vimeo.com/channels/staffpicks/76979871", "76979871?dnt=1"),
        ("https://vimeo.com/76979871/8a3f2b1c9d", "76979871?dnt=1&h=8a3f2b1c9d"),
        ("https://player.vimeo.com/video/76979871?h=8a3f2b1c9d", "76979871?dnt=1&h=8a3f2b1c9d"),
    ],
)
def test_vimeo_links_become_do_not_track_embeds(link, embed):
    parsed = parse_video_link(link)
    assert parsed.provider == "vimeo"
    assert parsed.embed_url == f"https://player.vimeo.com/video/{embed}"


@pytest.mark.parametrize(
    "link",
    [
        "https://example.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.test/watch?v=dQw4w9WgXcQ",
        "https://evil.test/?u=https://youtu.be/dQw4w9WgXcQ",
        "ftp://youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)",
        "data:text/html,hi",
        "https://user:pw@youtube.com/watch?v=dQw4w9WgXcQ",
        "https://youtube.com:8080/watch?v=dQw4w9WgXcQ",
    ],
)
def test_anything_else_is_refused(link):
    with pytest.raises(ValueError, match=REFUSED):
        parse_video_link(link)


@pytest.mark.parametrize(
    "link",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/channel/UC123",
        "https://vimeo.com/about",
    ],
)
def test_a_provider_link_that_is_not_one_video_says_so(link):
    with pytest.raises(ValueError, match="does not point to a single video"):
        parse_video_link(link)


def test_an_empty_link_asks_for_one():
    with pytest.raises(ValueError, match="Paste a YouTube or Vimeo address."):
        parse_video_link("  ")
