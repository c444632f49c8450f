"""The quick checks of text (plain web URLs, hidden characters) against the full ones they stand in for."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st


def _full_url_check(value: str) -> bool:
    """check_url with its quick path switched off."""
    import re

    from factcheck.core import text

    quick = text._PLAIN_WEB_URL
    text._PLAIN_WEB_URL = re.compile(r"(?!)")  # never matches
    try:
        text.check_url(value)
        return True
    except ValueError:
        return False
    finally:
        text._PLAIN_WEB_URL = quick


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.from_regex(r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.@:-]{0,8}(?:[/?#][!-~ ]{0,8})?", fullmatch=True),
        st.text(alphabet="hHtTpPsS:/.-a0@?#%é \t\u202e\x7f[]", max_size=24),
    )
)
def test_the_quick_url_check_accepts_only_what_the_full_one_accepts(value: str) -> None:
    from factcheck.core import text

    if text._PLAIN_WEB_URL.fullmatch(value):
        assert _full_url_check(value), value
        assert text.check_url(value) == value


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text(alphabet="a \n\t\r\x00\x1f\x7f\x85\u202e\u00ad"))
def test_the_quick_hidden_character_check_agrees_with_the_full_search(value: str) -> None:
    from factcheck.core import text

    match = text._FORBIDDEN_RE.search(value)
    found = text.find_hidden(value)
    assert (found[0] if found else None) == (match.start() if match else None), repr(value)
