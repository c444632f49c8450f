"""Organisation data from mkdocs.yml on the transparency pages (what an IFCN assessor looks for)."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import ROOT, Site, page

CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
ORGANISATION = next(p["factcheck"] for p in CONFIG["plugins"] if isinstance(p, dict) and "factcheck" in p)[
    "organisation"
]


def test_about_page_states_every_ifcn_item_from_the_configuration(built_repo_site: Path) -> None:
    block = page(built_repo_site, "about/").select_one(".fc-organisation")
    assert block is not None
    assert block.select_one(".fc-organisation__name a")["href"] == ORGANISATION["url"]
    assert block.select_one(".fc-organisation__name").get_text() == ORGANISATION["name"]
    assert block.select_one(".fc-organisation__funding").get_text(strip=True) == ORGANISATION["funding"]
    assert [li.get_text() for li in block.select(".fc-organisation__team li")] == ORGANISATION["team"]
    for key in ("contact", "submit_claim", "report_error"):
        assert block.select_one(f".fc-organisation__{key.replace('_', '-')} a")["href"] == ORGANISATION[key]
    assert block.select_one('.fc-organisation__corrections a[href="../corrections/"]') is not None


def test_methodology_and_corrections_policy_say_where_to_submit_and_report(built_repo_site: Path) -> None:
    submit = page(built_repo_site, "methodology/").select(".fc-organisation dd a")
    assert [a["href"] for a in submit] == [ORGANISATION["submit_claim"]]
    policy = page(built_repo_site, "corrections-policy/").select(".fc-organisation dd a")
    assert [a["href"] for a in policy][:1] == [ORGANISATION["report_error"]]
    assert "../corrections/" in [a["href"] for a in policy]


def test_organisation_text_is_escaped_and_defaults_are_honest(site: Site) -> None:
    site.with_example().write("site_src/about.md", "# About\n\n<!-- factcheck:organisation -->\n")
    site.write_config(
        plugin_extra='organisation:\n  name: "Desk <script>alert(1)</script>"\n  contact: mailto:desk@example.org\n'
    )
    site_dir = site.build()
    about = page(site_dir, "about/")
    assert about.select_one(".fc-organisation__name").get_text() == "Desk <script>alert(1)</script>"
    assert not [s for s in about.select("script") if "alert(1)" in (s.string or "")]
    assert about.select_one(".fc-organisation__funding").get_text() == "Not stated."
    assert about.select_one(".fc-organisation__contact a")["href"] == "mailto:desk@example.org"
    assert about.select_one(".fc-organisation__submit-claim") is None
