"""Hostile ids, paths and URLs: symbolic links out of the record folders, named pipes, two pages
with one URL, names like reserved pages, Unicode normal forms."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from factcheck.core.checks.quotes import ArchivedText
from test_hostile_records import problems_of

from conftest import CLAIM_YML, SOURCE_TEXT, Site, page


def test_a_record_symlinked_out_of_claims_is_not_read(site: Site, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("token: hunter2-very-secret\n", encoding="utf-8")
    site.with_example()
    (site.root / "claims" / "leak.yml").symlink_to(secret)
    (site.root / "seeds" / "leak2.yml").symlink_to(secret)
    problems = problems_of(site)
    assert problems == [
        "claims/leak.yml:1:1: error: record is not a file inside claims/",
        "seeds/leak2.yml:1:1: error: record is not a file inside seeds/",
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")
def test_a_named_pipe_among_the_records_is_refused_without_waiting_for_it(site: Site) -> None:
    site.with_example()
    os.mkfifo(site.root / "claims" / "pipe.yml")  # opening it for reading would wait for a writer
    assert problems_of(site) == ["claims/pipe.yml:1:1: error: record is not a file inside claims/"]


def test_a_record_linked_to_another_file_inside_claims_is_read_through_the_link(site: Site) -> None:
    site.with_example()
    (site.root / "claims" / "drafts").mkdir()
    (site.root / "claims" / "bridge-cost.yml").rename(site.root / "claims" / "drafts" / "original.yml")
    (site.root / "claims" / "bridge-cost.yml").symlink_to(site.root / "claims" / "drafts" / "original.yml")
    # the linked file is a record of its own under its own name, and the link is read as bridge-cost
    assert problems_of(site) == [
        "claims/drafts/original.yml:1:5: error: id 'bridge-cost' does not match the file name 'original.yml'"
    ]


def test_an_archived_text_symlinked_out_of_seeds_is_not_read(site: Site, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SOURCE_TEXT, encoding="utf-8")
    site.with_example()
    (site.root / "seeds" / "bridge.txt").unlink()
    (site.root / "seeds" / "bridge.txt").symlink_to(secret)
    assert (
        "seeds/example-times-bridge.yml:2:7: error: the archived text must be a file inside the seeds folder"
        in problems_of(site)
    )


def test_two_claimants_with_one_page_are_an_error(site: Site) -> None:
    site.with_example().write(
        "claims/second.yml",
        CLAIM_YML.replace("id: bridge-cost", "id: second").replace("name: Jane Mayor", "name: Jane-Mayor"),
    )
    assert any(
        "claims/second.yml:4:9: error: claimant 'Jane-Mayor' has the same page as 'Jane Mayor'" in p
        for p in problems_of(site)
    )


def test_two_topics_with_one_page_are_an_error(site: Site) -> None:
    site.with_example().write(
        "claims/second.yml",
        CLAIM_YML.replace("id: bridge-cost", "id: second").replace("topics: [Infrastructure]", "topics: [C++]"),
    )
    site.write("claims/third.yml", CLAIM_YML.replace("id: bridge-cost", "id: third").replace("[Infrastructure]", "[C]"))
    assert "claims/third.yml:17:10: error: topic 'C' is written 'C++' elsewhere" in problems_of(site)


@pytest.mark.parametrize("hand_written", ["claims/bridge-cost/index.md", "topics/README.md", "claims/bridge-cost.md"])
def test_a_hand_written_page_with_a_generated_url_is_an_error(
    site: Site, hand_written: str, caplog: pytest.LogCaptureFixture
) -> None:
    site.with_example().write(f"site_src/{hand_written}", "# Mine\n")
    with pytest.raises((PluginError, Abort)):
        site.build()
    assert f"factcheck: site_src/{hand_written} would be replaced by a generated page" in caplog.text
    assert not (site.root / "site").exists()


def test_a_topic_named_like_a_reserved_page_gets_its_own_url(site: Site) -> None:
    site.with_example().write("claims/bridge-cost.yml", CLAIM_YML.replace("[Infrastructure]", "[Index, Search]"))
    site_dir = site.build()
    assert page(site_dir, "topics/index-page/").select_one("h1").get_text() == "Index"
    assert page(site_dir, "topics/search-page/").select_one("h1").get_text() == "Search"
    assert page(site_dir, "topics/").select_one("h1").get_text() == "Topics"


def test_quotes_match_whatever_the_unicode_normal_form() -> None:
    composed, decomposed = "Caf\u00e9 “owner” said", 'Cafe\u0301 "owner" said'
    assert unicodedata.normalize("NFC", "Cafe\u0301") == "Caf\u00e9" != "Cafe\u0301"
    assert len(ArchivedText(f"The {decomposed} no.").find(composed)) == 1
    assert len(ArchivedText(f"The {composed} no.").find(decomposed)) == 1


def test_a_decomposed_archive_matches_a_composed_quote_in_a_build(site: Site) -> None:
    site.with_example().write(
        "seeds/bridge.txt", unicodedata.normalize("NFD", SOURCE_TEXT.replace("mayor", "maire élu"))
    )
    site.write(
        "claims/bridge-cost.yml",
        CLAIM_YML.replace("quote: it cost 12 million euros", "quote: The maire élu said on Monday"),
    )
    assert problems_of(site) == []
    site_dir = site.build()
    mark = page(site_dir, "sources/example-times-bridge/").select_one(".fc-archive mark.fc-quote")
    assert unicodedata.normalize("NFC", mark.get_text()) == "The maire élu said on Monday"
