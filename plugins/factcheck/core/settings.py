"""Site settings the core needs: where records live, the verdict scale, the organisation.

They are written by the site as the ``factcheck`` plugin's options in ``mkdocs.yml``. The MkDocs
adapter declares the options; this module validates their content, so that ``factcheck validate``
(which never loads MkDocs) reads exactly the same settings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .records.models import Line, MailOrUrl, Text, Url, Verdict

# a page of the site, e.g. methodology.md: relative, no "..", Markdown
PagePath = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]+(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\.md$")]
SearchEngine = Literal["pagefind", "material"]
ENGINES: tuple[SearchEngine, ...] = ("pagefind", "material")
DEFAULT_ENGINE: SearchEngine = "pagefind"  # chosen by measurement: see README, section "Search"


class Organisation(BaseModel):
    """The publisher: used for structured data and the transparency pages."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Line = "Fact-check desk"
    url: Url | None = None
    logo: Url | None = None
    description: Text | None = None
    funding: Text | None = None
    team: list[Line] = Field(default_factory=list)
    contact: MailOrUrl | None = None
    submit_claim: MailOrUrl | None = None
    report_error: MailOrUrl | None = None
    # schema.org publishingPrinciples / correctionsPolicy: an absolute URL or a page of the site
    # (a path in docs_dir); by default methodology.md and corrections-policy.md when they exist
    publishing_principles: Url | PagePath | None = None
    corrections_policy: Url | PagePath | None = None


POLICY_PAGES = {"publishing_principles": "methodology.md", "corrections_policy": "corrections-policy.md"}


class Licence(BaseModel):
    """The licence of the open data (``data_licence``): declared in every data file and on the about page."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: Line = "CC BY 4.0"
    url: Url = "https://creativecommons.org/licenses/by/4.0/"


class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    root: Path
    language: str = "en"  # theme.language: what our pages are written in (declared before verdicts)
    messages: dict[str, str | list[str]] = Field(default_factory=dict)  # the site's wording of our messages
    catalogue: str | None = None  # the site's own .po file, relative to mkdocs.yml
    claims_dir: str = "claims"
    seeds_dir: str = "seeds"
    verdicts: list[Verdict] = Field(min_length=1)
    organisation: Organisation = Field(default_factory=Organisation)
    latest: int = Field(10, ge=1, le=100)
    feed_entries: int = Field(20, ge=1, le=1000)
    data_licence: Licence = Field(default_factory=Licence)
    search: SearchEngine = DEFAULT_ENGINE  # see outputs/search.py
    repo_stats: bool = False  # Material may ask the repository host's API for stars (README, "Privacy")
    share_cards: bool = True  # a PNG link-preview card per claim and for the site (outputs/cards.py)
    site_url: str | None = None
    docs_dir: str = "docs"
    repo_url: str | None = None

    @field_validator("verdicts")
    @classmethod
    def _unique(cls, verdicts: list[Verdict]) -> list[Verdict]:
        ids = [v.id for v in verdicts]
        duplicated = sorted({i for i in ids if ids.count(i) > 1})
        if duplicated:
            raise ValueError(f"verdict ids must be unique: {', '.join(duplicated)}")
        if any(v.rating is None for v in verdicts) and any(v.rating is not None for v in verdicts):
            numbers = [v.rating for v in verdicts if v.rating is not None]
            if min(numbers) <= LABEL_ONLY_RATING <= max(numbers):
                raise ValueError(
                    f"the rating numbers span {LABEL_ONLY_RATING}, which ClaimReview uses for the "
                    "verdicts without a number: give the scale numbers above it (e.g. 1 to 5)"
                )
        return verdicts

    @property
    def catalogue_path(self) -> Path | None:
        return (self.root / self.catalogue).resolve() if self.catalogue else None

    @property
    def docs_path(self) -> Path:
        return (self.root / self.docs_dir).resolve()

    def policy_page(self, field: str) -> str | None:
        """``organisation.<field>`` (a URL or a page path), or its default page when the site has it."""
        given = getattr(self.organisation, field)
        if given is not None:
            return given
        default = POLICY_PAGES[field]
        return default if (self.docs_path / default).is_file() else None

    @property
    def claims_path(self) -> Path:
        return (self.root / self.claims_dir).resolve()

    @property
    def seeds_path(self) -> Path:
        return (self.root / self.seeds_dir).resolve()


LABEL_ONLY_RATING = -1  # ClaimReview ratingValue of a verdict without a number (outputs.claimreview)


class SettingsError(Exception):
    """The factcheck options are wrong: a message per problem, naming the option."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("\n".join(messages))
        self.messages = messages


def settings_from_options(options: dict[str, Any], root: Path, **site: Any) -> Settings:
    try:
        # the scale's texts given per language are read in the site's (records.models.Verdict)
        language = str(site.get("language") or "en")
        return Settings.model_validate({"root": root, **options, **site}, context={"language": language})
    except ValidationError as exc:
        raise SettingsError(
            [
                "plugins.factcheck." + ".".join(str(p) for p in err["loc"]) + f": {err['msg']}"
                for err in exc.errors(include_url=False)
            ]
        ) from None


class _LenientLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, which may hold tags such as !!python/name or !ENV meant for MkDocs."""


_LenientLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(config_file: Path) -> dict[str, Any]:
    """The top level of a site's mkdocs.yml, read without importing MkDocs (tags ignored)."""
    data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_LenientLoader) or {}
    return data if isinstance(data, dict) else {}


def plugin_options(data: dict[str, Any]) -> dict[str, Any] | None:
    """The factcheck plugin's options in a read mkdocs.yml; None when the plugin is not enabled."""
    options: dict[str, Any] | None = None
    for entry in data.get("plugins") or []:
        if entry == "factcheck":
            options = {}
        elif isinstance(entry, dict) and "factcheck" in entry:
            options = entry["factcheck"] or {}
    if isinstance(data.get("plugins"), dict) and "factcheck" in data["plugins"]:
        options = data["plugins"]["factcheck"] or {}
    return options


def settings_from_mkdocs_yml(config_file: Path) -> Settings:
    """The factcheck settings of a site, read without importing MkDocs."""
    data = read_mkdocs_yml(config_file)
    options = plugin_options(data)
    if options is None:
        raise SettingsError([f"{config_file}: the factcheck plugin is not enabled under `plugins:`"])
    theme_option = data.get("theme")
    theme = theme_option if isinstance(theme_option, dict) else {}
    return settings_from_options(
        options,
        config_file.parent.resolve(),
        site_url=data.get("site_url"),
        repo_url=data.get("repo_url"),
        language=str(theme.get("language") or "en"),
        docs_dir=str(data.get("docs_dir") or "docs"),
    )
