"""Typed records: claims, sources, the verdict scale.

These pydantic models are the single source of truth for the record formats: the loader
validates with them and the published JSON Schemas are generated from them.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..text import ID_PATTERN, RESERVED_IDS, check_id, check_line, check_text, check_url

# json_schema_extra: check_id does the checking (with friendlier messages); the published JSON
# Schema states the same rules so editors flag them while typing.
Id = Annotated[
    str,
    AfterValidator(check_id),
    Field(
        pattern=ID_PATTERN,
        max_length=80,
        examples=["china-fake-news-answer"],
        json_schema_extra={"pattern": ID_PATTERN, "not": {"enum": sorted(RESERVED_IDS)}},
    ),
]
# the length constraint before the validator, so that pydantic-core checks it (not a Python step)
Line = Annotated[str, Field(min_length=1), AfterValidator(check_line)]
Text = Annotated[str, Field(min_length=1), AfterValidator(check_text)]
Headline = Annotated[str, Field(min_length=1, max_length=120), AfterValidator(check_line)]
SHORT_CLAIM = 75  # Google's advice for ClaimReview `claimReviewed`: under 75 characters
ShortClaim = Annotated[str, Field(min_length=1, max_length=SHORT_CLAIM), AfterValidator(check_line)]
Status = Literal["draft", "review", "published"]
Url = Annotated[
    str,
    AfterValidator(check_url),
    Field(
        examples=["https://example.org/article"],
        json_schema_extra={"pattern": r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s/@]+(/\S*)?$"},
    ),
]
MailOrUrl = Annotated[str, AfterValidator(lambda v: check_url(v, allow_mailto=True))]
FileName = Annotated[
    str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(txt|md)$", max_length=120, examples=["000_f4b3450d40c47ef6.txt"])
]
LanguageTag = Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", examples=["en", "es", "zh-Hans"])]
Colour = Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$", examples=["#b00020"])]
Sha256 = Annotated[
    str, Field(pattern=r"^[0-9a-f]{64}$", examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"])
]
OriginalName = Annotated[
    str,
    Field(
        pattern=r"^originals/[A-Za-z0-9][A-Za-z0-9_-]*\.(html|pdf|warc|warc\.gz|wacz|txt)$",
        max_length=120,
        examples=["originals/nextshark-china-fake-news.html"],
    ),
]
Page = Annotated[int, Field(ge=1)]
_PAGE = "The page of the archived PDF the quote is on (checked: the source must record `pages`)."


PARTIAL_DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"  # YYYY, YYYY-MM or YYYY-MM-DD
_PARTIAL_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _partial_date_error(value: str) -> str | None:
    """Why a YYYY[-MM[-DD]] text is not a real date (a 13th month, 30 February), or None."""
    parts = value.split("-")
    try:
        dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=4096)  # dates repeat across thousands of records
def is_partial_date(value: str) -> bool:
    """A date with its precision, as sources give it: YYYY, YYYY-MM or YYYY-MM-DD, and a real one."""
    return _PARTIAL_DATE.fullmatch(value) is not None and _partial_date_error(value) is None


def _check_partial_date(value: str) -> str:
    error = _partial_date_error(value)
    if error is not None:
        raise ValueError(f"{value!r} is not a real date: {error}")
    return value


def _iso_day(value: object) -> object:
    """Dates in records are written YYYY-MM-DD. pydantic alone would also take '0' (1 January
    1970) or '2022-03-03T00:00:00Z'; the JSON Schema for editors says YYYY-MM-DD, and so do we."""
    if isinstance(value, str) and not _ISO_DAY.fullmatch(value):
        raise PydanticCustomError("date_parsing", "Input should be a valid date in the format YYYY-MM-DD")
    return value


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
Date = Annotated[dt.date, BeforeValidator(_iso_day), Field(examples=["2022-03-03"])]

# A fact check's own dates reach outputs with a narrower range than YYYY-MM-DD: the newest one
# is the sitemap.xml.gz timestamp, 32-bit Unix time (1970 to 2106), and dates the sitemap, the
# feeds and the pages. What the build cannot publish is refused when the record is read.
FIRST_PUBLISHED, LAST_PUBLISHED = dt.date(1970, 1, 1), dt.date(2099, 12, 31)


def _publishable_day(value: dt.date) -> dt.date:
    if not FIRST_PUBLISHED <= value <= LAST_PUBLISHED:
        raise PydanticCustomError(
            "date_range",
            "{day} is outside the dates a site can publish ({first} to {last})",
            {"day": value.isoformat(), "first": FIRST_PUBLISHED.isoformat(), "last": LAST_PUBLISHED.isoformat()},
        )
    return value


PublishedDate = Annotated[Date, AfterValidator(_publishable_day)]


def _day_or_utc_time(value: object) -> object:
    """A capture is dated YYYY-MM-DD, or to the second in UTC, YYYY-MM-DDTHH:MM:SSZ (what
    ``factcheck archive`` writes): one error naming both forms, not one per form."""
    if isinstance(value, dt.datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    if isinstance(value, str) and _ISO_DAY.fullmatch(value):
        return dt.date.fromisoformat(value)
    if isinstance(value, str) and _UTC_TIME.fullmatch(value):
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, dt.date):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date, YYYY-MM-DD, or a UTC time, YYYY-MM-DDTHH:MM:SSZ")


_UTC_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
DayOrUtcTime = Annotated[
    dt.datetime | dt.date,
    BeforeValidator(_day_or_utc_time),
    Field(
        json_schema_extra={
            "anyOf": [
                {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                {"type": "string", "format": "date-time", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"},
            ]
        }
    ),
]


PartialDate = Annotated[
    str,
    Field(
        pattern=PARTIAL_DATE_PATTERN,
        examples=["2022-03-03", "2022-03"],
        description="YYYY-MM-DD, or YYYY-MM when the day is unknown, or YYYY.",
        json_schema_extra={"pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"},
    ),
    AfterValidator(_check_partial_date),
]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Claimant(Record):
    """Who made the claim."""

    name: Line = Field(
        description="Name of the person or organisation, as they are usually named.", examples=["Wang Wenbin"]
    )
    type: Literal["person", "organization"] = Field(
        "person", description="person or organization.", examples=["organization"]
    )
    role: Line | None = Field(
        None, description="Role when making the claim.", examples=["Spokesperson, Chinese Foreign Ministry"]
    )
    id: Id | None = Field(
        None,
        description="Claimant page id; defaults to the name made URL-safe. "
        "Set it to tell apart two claimants with the same name.",
        examples=["wang-wenbin"],
    )
    same_as: list[Url] = Field(
        default_factory=list,
        description="Pages that identify the claimant (Wikipedia, Wikidata, official page).",
        examples=[["https://en.wikipedia.org/wiki/Wang_Wenbin"]],
    )


class Appearance(Record):
    """Where and when the claim was made: a passage of an archived source."""

    source: Id = Field(description="Id of the source (its seeds/<id>.yml).", examples=["presstv-china-fake-news"])
    quote: Text = Field(
        description="The passage of the archived text where the claim appears, "
        "copied exactly (white space and typographic quotes may differ).",
        examples=["said Wang Wenbin, a spokesperson for the Chinese Foreign Ministry"],
    )
    date: Date | None = Field(None, description="When the claim was made there (YYYY-MM-DD).", examples=["2022-03-03"])
    page: Page | None = Field(None, description=_PAGE, examples=[2])


class Evidence(Record):
    """An item of evidence: a quoted passage of an archived source, or an external document."""

    # The rule of _one_kind below, for editors: `source` with `quote`, or `url`, never both.
    model_config = ConfigDict(
        json_schema_extra={
            "oneOf": [
                {"required": ["source", "quote"], "not": {"required": ["url"]}},
                {"required": ["url"], "not": {"anyOf": [{"required": ["source"]}, {"required": ["quote"]}]}},
            ]
        }
    )

    source: Id | None = Field(
        None, description="Id of an archived source; give `quote` with it.", examples=["nextshark-china-fake-news"]
    )
    quote: Text | None = Field(
        None,
        description="Exact passage of that source.",
        examples=["In response, China on Thursday denounced the report"],
    )
    url: Url | None = Field(
        None,
        description="External document (http/https), instead of `source`.",
        examples=["https://press.un.org/en/2022/ga12407.doc.htm"],
    )
    title: Line | None = Field(
        None, description="Title of the external document.", examples=["UN press release GA/12407"]
    )
    stance: Literal["supports", "contradicts", "context"] = Field(
        description="What the evidence does to the claim: supports, contradicts or gives context.",
        examples=["contradicts"],
    )
    page: Page | None = Field(None, description=_PAGE, examples=[2])
    note: Text | None = Field(
        None, description="Why this item matters (Markdown).", examples=["NextShark gives the other day."]
    )

    @model_validator(mode="after")
    def _one_kind(self) -> Evidence:
        if self.source and self.url:
            raise ValueError("give either `source` + `quote` or `url`, not both")
        if self.source and not self.quote:
            raise ValueError("evidence from a source needs the exact `quote`")
        if self.quote and not self.source:
            raise ValueError("a `quote` needs the `source` it is taken from")
        if not self.source and not self.url:
            raise ValueError("evidence needs `source` + `quote`, or `url`")
        if self.page is not None and not self.quote:
            raise ValueError("a `page` needs the `quote` it locates")
        return self


class Correction(Record):
    """An entry of a claim's corrections log."""

    date: PublishedDate = Field(description="Day of the change (YYYY-MM-DD).", examples=["2026-11-20"])
    kind: Literal["correction", "update"] = Field(
        "correction",
        description="correction (an error was fixed) or update (new information).",
        examples=["correction"],
    )
    note: Text = Field(
        description="What changed and why (Markdown).",
        examples=["Corrected the time difference between Beijing and Washington."],
    )


class Claim(Record):
    """One fact check: claims/<id>.yml."""

    id: Id = Field(
        description="Must equal the file name without .yml.", examples=["foreign-ministry-spoke-on-wednesday"]
    )
    claim: Text = Field(
        description="The claim as worded by the claimant.",
        examples=["The Foreign Ministry spoke at a regular media briefing on Wednesday."],
    )
    headline: Headline | None = Field(
        None,
        description="The page's title, when the claim is too long to be one: a short statement "
        "or question in your own words (at most 120 characters). Without it the claim is the title.",
        examples=["Did China ask Russia to wait until after the Olympics to invade Ukraine?"],
    )
    short: ShortClaim | None = Field(
        None,
        description="The claim in at most 75 characters, for ClaimReview `claimReviewed` (what "
        "aggregators show), in your own words but faithful to the claim. Without it the claim is used.",
        examples=["China asked Russia to delay the invasion until after the Olympics"],
    )
    status: Status = Field(
        "published",
        description="draft | review | published. Only published "
        "claims reach the site, its feeds and its open data; `mkdocs serve` previews the others.",
        examples=["draft"],
    )
    claimant: Claimant = Field(
        description="Who made the claim: a person or an organisation.",
        examples=[{"name": "Press TV", "type": "organization"}],
    )
    appearances: list[Appearance] = Field(
        min_length=1,
        description="Where and when the claim was made.",
        examples=[[{"source": "presstv-china-fake-news", "quote": "at a regular media briefing on Wednesday."}]],
    )
    verdict: Id = Field(description="A verdict id from the site's scale (mkdocs.yml).", examples=["unproven"])
    summary: Text = Field(
        description="What we found, in one or two sentences (Markdown).",
        examples=["The ministry answered at its press conference of **Thursday** 3 March 2022."],
    )
    analysis: Text | None = Field(
        None,
        description="The reasoning (Markdown).",
        examples=["The two articles disagree: [NextShark](source:nextshark-china-fake-news) says Thursday."],
    )
    evidence: list[Evidence] = Field(
        min_length=1,
        description="The evidence the verdict rests on.",
        examples=[
            [
                {
                    "url": "https://press.un.org/en/2022/ga12407.doc.htm",
                    "title": "UN press release GA/12407",
                    "stance": "context",
                }
            ]
        ],
    )
    topics: list[Line] = Field(default_factory=list, description="Topics, as free text.", examples=[["China"]])
    author: Line = Field(description="Who wrote the fact check.", examples=["Fact-check desk"])
    reviewer: Line | None = Field(None, description="Who reviewed it.", examples=["Standards editor"])
    published: PublishedDate = Field(
        description="Publication date of the fact check (YYYY-MM-DD).", examples=["2026-11-18"]
    )
    updated: PublishedDate | None = Field(
        None, description="Date of the last change; needs a corrections entry.", examples=["2026-11-20"]
    )
    language: LanguageTag | None = Field(
        None,
        description="Language the claim, summary and analysis are "
        "written in (BCP 47); default: the site's (theme.language).",
        examples=["es"],
    )
    translation_of: Id | None = Field(
        None,
        description="On a bilingual site: the id of the claim this one translates (a fact check in both "
        "languages is two records, one per language); the two pages are each other's language alternates.",
        examples=["bridge-cost"],
    )
    corrections: list[Correction] = Field(
        default_factory=list,
        description="Corrections and updates log, newest first.",
        examples=[[{"date": "2026-11-20", "kind": "update", "note": "Added the UN press release."}]],
    )

    @model_validator(mode="after")
    def _dates_in_order(self) -> Claim:
        if self.updated and self.updated < self.published:
            raise ValueError("`updated` is earlier than `published`")
        return self

    def title(self, limit: int | None = None) -> str:
        """The claim's display title, as its page, head tags and feeds give it: the headline, else
        the claim itself with its white space folded (shortened to ``limit`` characters if given)."""
        if self.headline:
            return self.headline
        text = " ".join(self.claim.split())
        if limit is None or len(text) <= limit:
            return text
        return text[: limit - 1].rsplit(" ", 1)[0] + "…"

    @property
    def source_ids(self) -> list[str]:
        """The archived sources the claim quotes (appearances, then evidence), in order of first mention."""
        return list(dict.fromkeys([a.source for a in self.appearances] + [e.source for e in self.evidence if e.source]))

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def claim_reviewed(self) -> str:
        """``claimReviewed`` of the ClaimReview: ``short``, else the claim on one line (``validate``
        warns when that is longer than :data:`SHORT_CLAIM` characters). Not the headline: it may be
        a question, and ``claimReviewed`` states the claim."""
        return self.short or " ".join(self.claim.split())

    @property
    def modified(self) -> dt.date:
        """The claim's last change, the one date every output gives (ClaimReview ``dateModified``,
        ``article:modified_time``, the sitemap, the open data, the feeds, the byline): ``updated``,
        or the newest logged change when that is later; ``published`` when neither is given."""
        return max([self.updated or self.published, *(c.date for c in self.corrections)])


class Source(Record):
    """Metadata of an archived source: seeds/<id>.yml beside its text file."""

    id: Id = Field(description="Must equal the file name without .yml.", examples=["nextshark-china-fake-news"])
    text: FileName = Field(description="File name of the archived text, in the same folder.")
    title: Line = Field(
        description="Title as published.",
        examples=["China: report alleging it asked Russia to delay invasion is ‘fake news’"],
    )
    publisher: Line = Field(description="Who published it.", examples=["NextShark"])
    publisher_description: Line | None = Field(
        None, description="What the publisher is.", examples=["Iranian state broadcaster"]
    )
    author: Line | None = Field(None, description="Byline, when there is one.", examples=["Jane Reporter"])
    url: Url = Field(description="Where it was originally published.")
    captured_from: Url | None = Field(
        None,
        description="Where the archived text was captured, when not from the original (e.g. a republication).",
        examples=["https://globalnewst.com/china-report-fake-news/"],
    )
    published: PartialDate = Field(description="Publication date with its precision.")
    published_note: Text | None = Field(
        None, description="How the date was established.", examples=["Not stated in the text; 3 or 4 March 2022."]
    )
    captured: DayOrUtcTime | None = Field(
        None,
        description="When the text was captured: a day (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM:SSZ).",
        examples=["2022-03-05", "2022-03-05T14:03:00Z"],
    )
    capture_note: Text | None = Field(
        None,
        description="What the capture contains or lacks.",
        examples=["Keeps page furniture (image credit, comment form)."],
    )
    language: LanguageTag = Field(
        "en", description="Language of the text, as a BCP 47 tag.", examples=["en", "zh-Hans"]
    )
    original: OriginalName | None = Field(
        None,
        description="The kept original bytes the text was extracted from "
        "(saved page, WARC, WACZ, PDF), relative to this folder.",
        examples=["originals/nextshark-china-fake-news.html"],
    )
    sha256: Sha256 | None = Field(
        None,
        description="SHA-256 of the kept original's bytes.",
        examples=["e5beb05cf208b3fec2a19c6ab4a881129d4cad2766be2c938fd6d74540c39d43"],
    )
    text_sha256: Sha256 | None = Field(
        None,
        description="SHA-256 of the archived text's bytes: the build fails if the text no longer has it.",
        examples=["32c42e70dd1e89f79eb407c991d4ab21ec622ebf0717f6b528a7e37ca023e0e4"],
    )
    extractor: Line | None = Field(
        None, description="What made the text from the original, with its version.", examples=["trafilatura 2.3.1"]
    )
    pages: Annotated[int, Field(ge=1)] | None = Field(
        None, description="A PDF's page count: the text starts each page with a line `--- page N ---`.", examples=[12]
    )
    archive_urls: list[Url] = Field(
        default_factory=list,
        description="Copies in public web archives (Wayback Machine, archive.today, perma.cc).",
        examples=[["https://web.archive.org/web/20220305000000/https://example.org/a"]],
    )
    url_gone: Date | None = Field(
        None,
        description="The day the original address was found no longer available (`factcheck links --record` sets it).",
        examples=["2026-11-30"],
    )

    @model_validator(mode="after")
    def _digest_needs_original(self) -> Source:
        if self.sha256 and not self.original:
            raise ValueError("`sha256` is the digest of the kept `original`: give `original` with it")
        return self

    @property
    def date_precision(self) -> Literal["year", "month", "day"]:
        return ("year", "month", "day")[self.published.count("-")]


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def in_language(texts: dict[str, str], language: str) -> str:
    """A scale's text in the site's language: the site's (``pt-BR``, then ``pt``), else English,
    else the first given."""
    tag = language.replace("_", "-")
    for key in (tag, tag.split("-")[0], "en"):
        if key in texts:
            return texts[key]
    return next(iter(texts.values()))


def _per_language(check: Callable[[str], str]) -> PlainValidator:
    """A text, or a text per language ({es: Falso, en: False}) of which the site's is kept: the
    language comes from the validation context (``Settings``), English without one. One clear
    message when wrong (pydantic would report each branch of the union)."""

    def validate(value: object, info: ValidationInfo) -> str:
        if isinstance(value, str) and value.strip():
            return check(value.strip())
        if isinstance(value, dict) and value:
            texts = {}
            for key, text in value.items():
                if not isinstance(key, str) or not _LANGUAGE_TAG.fullmatch(key):
                    raise ValueError(f"{key!r} is not a language tag such as en, es or pt-BR")
                if not isinstance(text, str) or not text.strip():
                    raise ValueError(f"the text for {key} is missing")
                texts[key] = check(text.strip())
            return in_language(texts, str((info.context or {}).get("language") or "en"))
        raise ValueError("give a text, or a text per language such as {es: Falso, en: 'False'}")

    return PlainValidator(validate, json_schema_input_type=str | dict[str, str])


class Verdict(Record):
    """One step of the rating scale, configured by the site. ``label`` and ``definition`` are
    given as a text, or a text per language (``{es: Falso, en: False}``); the model holds the
    site's (see ``_per_language``)."""

    id: Id
    label: Annotated[str, _per_language(check_line)]
    definition: Annotated[str, _per_language(check_text)]
    colour: Colour
    rating: int | None = Field(None, description="Number for structured data; none for labels like 'Unproven'.")


def verdict_scale(verdicts: list[Verdict]) -> tuple[int, int] | None:
    """(worst, best) rating numbers of a scale, or None when no verdict has a number."""
    numbers = [v.rating for v in verdicts if v.rating is not None]
    return (min(numbers), max(numbers)) if numbers else None
