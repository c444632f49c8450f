"""Look-alike names: a claimant or topic whose name a reader cannot tell from another one's, but
which gets a page of its own (a Cyrillic е in "Prеss TV"), is a warning at its line, naming both
spellings and where each is written. Names that merely resemble each other are not."""

from __future__ import annotations

import subprocess

import pytest

from conftest import CLAIM_YML, Site, run_cli


def validate(site: Site, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(site, "validate", *args)


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": error: " in line or ": warning: " in line]


def second_claim(site: Site, name: str = "Jane Mayor", topic: str = "Infrastructure") -> None:
    site.with_example().write(
        "claims/second.yml",
        CLAIM_YML.replace("id: bridge-cost", "id: second")
        .replace("name: Jane Mayor", f"name: {name}")
        .replace("[Infrastructure]", f"[Roads, {topic}]"),
    )


def test_a_cyrillic_letter_in_a_claimant_name_is_a_warning_at_its_line(site: Site) -> None:
    second_claim(site, name="Jаne Mayor")  # U+0430 CYRILLIC SMALL LETTER A
    result = validate(site)
    assert result.returncode == 0
    assert problem_lines(result.stdout) == [
        "claims/second.yml:4:9: warning: claimant 'Jаne Mayor' looks like 'Jane Mayor' (claims/bridge-cost.yml:4:9) "
        "but gets a page of its own: U+0430 CYRILLIC SMALL LETTER A where the other has U+0061 LATIN SMALL LETTER A"
    ]
    assert "hint: write the name the same way every time, or give both the same `claimant.id`" in result.stdout
    assert validate(site, "--strict").returncode == 1


def test_a_look_alike_topic_is_a_warning_and_the_build_says_so(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    second_claim(site, topic="Infrastructurе")  # U+0435 CYRILLIC SMALL LETTER IE
    expected = (
        "claims/second.yml:17:17: warning: topic 'Infrastructurе' looks like 'Infrastructure' "
        "(claims/bridge-cost.yml:17:10) but gets a page of its own: U+0435 CYRILLIC SMALL LETTER IE "
        "where the other has U+0065 LATIN SMALL LETTER E"
    )
    assert problem_lines(validate(site).stdout) == [expected]
    site.build(strict=False)
    assert expected in caplog.text


@pytest.mark.parametrize("name", ["John Mayor", "Jane Mayer", "Жанна Майор", "Jane Mayor Jr."])
def test_different_names_do_not_warn(site: Site, name: str) -> None:
    second_claim(site, name=name, topic="Infrastructure policy")
    result = validate(site, "--strict")
    assert result.returncode == 0, result.stdout
    assert problem_lines(result.stdout) == []


def test_the_same_name_spelt_the_same_way_does_not_warn(site: Site) -> None:
    second_claim(site)
    assert problem_lines(validate(site, "--strict").stdout) == []
