"""A message is text: escaped, with only http(s) addresses made into links."""

from messaging.text import message_html


def test_html_is_escaped():
    assert message_html("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"


def test_web_links_are_clickable_showing_where_they_go():
    html = message_html("See https://example.org/knee?a=1&b=2.")
    assert html == (
        'See <a href="https://example.org/knee?a=1&amp;b=2" rel="nofollow noopener noreferrer" '
        'target="_blank">https://example.org/knee?a=1&amp;b=2</a>.'
    )


def test_other_schemes_and_bare_domains_stay_text():
    for text in ("javascript:alert(1)", "data:text/html,hi", "example.org", "mailto:a@b.c"):
        assert "<a" not in message_html(text)


def test_a_link_cannot_break_out_of_its_attribute():
    html = message_html('https://example.org/"onmouseover="x')
    assert '"onmouseover' not in html
    assert 'href="https://example.org/"' in html


def test_line_breaks_are_kept():
    assert message_html("one\ntwo") == "one<br>two"
