"""Render the pages of the catalogue to HTML fragments (the page body an engine wraps in its theme).

Rendering is a pure function of the catalogue, the page plan and a ``link`` function supplied by
the engine adapter, which turns a documentation path (``sources/x.md``) and an anchor into a URL
relative to the page being rendered. Templates are Jinja2 with autoescaping on: record text can
only reach the page escaped, or through the Markdown sanitiser.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ..archiving.pagination import label_pages
from ..archiving.provenance import provenance
from ..catalog import ROLES, Catalog, Citation, ClaimEntry
from ..checks.quotes import Span
from ..i18n import N_, Messages, Np_, messages_for
from ..i18n.attributes import LanguageAttributes
from ..outputs.search import SEARCH_PAGE, claim_filters, index_safe
from ..records.models import verdict_scale
from ..settings import Settings
from ..urls import DATA_CATALOG, DATA_FEED, DATA_SCHEMA_CATALOG, FEED_CORRECTIONS
from .archive import render_archived_text
from .corrections import KIND_LABELS, claim_changes, corrections_log
from .markdown import MarkdownRenderer
from .pages import CLAIMANTS_INDEX, CLAIMS_INDEX, CORRECTIONS, RATINGS, SOURCES_INDEX, TOPICS_INDEX, PagePlan, page_path

_HREF = "\x00href\x00"
Link = Callable[[str, str], str]  # (documentation path, anchor) -> URL relative to the current page

STATUS_LABELS = {
    "draft": N_("Draft"),
    "review": N_("In review"),
    "published": N_("Published"),
}  # shown under serve only
STANCE_LABELS = {
    "supports": N_("Supports the claim"),
    "contradicts": N_("Contradicts the claim"),
    "context": N_("Context"),
}
ROLE_LABELS = {
    "appearance": N_("Where the claim appears"),
    "supports": N_("Quoted as supporting evidence"),
    "contradicts": N_("Quoted as contradicting evidence"),
    "context": N_("Quoted for context"),
}
# what the claims-index and search scripts say, translated with their plural forms (see factcheck.js)
SCRIPT_MESSAGES = (
    ("showing_all", *Np_("Showing all %(total)s fact check.", "Showing all %(total)s fact checks.")),
    ("showing", *Np_("Showing %(shown)s of %(total)s fact check.", "Showing %(shown)s of %(total)s fact checks.")),
    ("placeholder", N_("Words of a claim, a name, a verdict…"), None),
    ("verdict_prefix", N_("Verdict:"), None),
    ("unavailable", N_("The search index could not be loaded; the list below still works."), None),
    (
        "offline",
        N_(  # one literal: the message id the catalogues hold
            "Search does not work when the site is opened from files; it needs the site served over the web. Every fact check is listed on"  # noqa: E501
        ),
        None,
    ),
    ("offline_link", N_("the page of all fact checks"), None),
)


@dataclass
class RenderedPage:
    html: str
    toc: list[tuple[str, str]] = field(default_factory=list)  # (anchor, heading text) of h2 sections


class Urls:
    """URLs of our pages, relative to the page being rendered."""

    def __init__(self, link: Link) -> None:
        self._link = link

    def claim(self, claim_id: str, anchor: str = "") -> str:
        return self._link(page_path("claim", claim_id), anchor)

    def source(self, source_id: str, anchor: str = "") -> str:
        return self._link(page_path("source", source_id), anchor)

    def verdict(self, verdict_id: str) -> str:
        return self._link(page_path("verdict", verdict_id), "")

    def claimant(self, claimant_id: str) -> str:
        return self._link(page_path("claimant", claimant_id), "")

    def topic(self, topic_id: str) -> str:
        return self._link(page_path("topic", topic_id), "")

    def page(self, path: str, anchor: str = "") -> str:
        return self._link(path, anchor)

    def resolve(self, scheme: str, ref: str) -> str:
        return self._link(page_path(scheme, ref), "")


class Renderer:
    def __init__(
        self,
        catalog: Catalog,
        settings: Settings,
        override_dirs: Iterable[str | Path] = (),
        messages: Messages | None = None,
    ) -> None:
        self.catalog = catalog
        self.settings = settings
        self.messages = messages or messages_for(settings.language)
        self.markdown = MarkdownRenderer()
        loaders = [FileSystemLoader([str(d) for d in override_dirs])] if override_dirs else []
        self.env = Environment(
            loader=ChoiceLoader([*loaders, PackageLoader("factcheck.core.site", "templates")]),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            extensions=["jinja2.ext.i18n"],
        )
        self.env.install_gettext_callables(self.messages.gettext, self.messages.ngettext, newstyle=True)  # type: ignore[attr-defined]  # added by jinja2.ext.i18n at run time
        self.page_language = self.messages.language  # the site's language: record text says where its own differs
        self.lang_attrs = LanguageAttributes(self.page_language, settings.language)
        self.env.globals["lang_attrs"] = self.lang_attrs
        self.env.globals["script_messages"] = self.messages.script_messages(
            SCRIPT_MESSAGES
        )  # a data attribute, escaped
        self.env.filters["date"] = functools.lru_cache(maxsize=4096)(lambda value: _date_html(value, self.messages))
        self.env.filters["index_safe"] = index_safe  # the only way record text reaches Pagefind's filters and metadata
        self.env.globals["claim_item"] = self._claim_item
        self.env.globals["claim_filters"] = functools.partial(claim_filters, messages=self.messages)
        # claim id -> its list entry around the link; the engine adapter may put a mapping kept
        # between rebuilds here (incremental.pages.ItemCache)
        self.items: MutableMapping[str, tuple[str, str]] = {}
        self.env.globals.update(
            catalog=catalog,
            scale=verdict_scale(list(catalog.verdicts.values())),
            stance_labels=STANCE_LABELS,
            role_labels=ROLE_LABELS,
            status_labels=STATUS_LABELS,
            roles=ROLES,
            organisation=settings.organisation,
            CLAIMS_INDEX=CLAIMS_INDEX,
            RATINGS=RATINGS,
            SOURCES_INDEX=SOURCES_INDEX,
            CLAIMANTS_INDEX=CLAIMANTS_INDEX,
            TOPICS_INDEX=TOPICS_INDEX,
            CORRECTIONS=CORRECTIONS,
            FEED_CORRECTIONS=FEED_CORRECTIONS,
            kind_labels=KIND_LABELS,
            data_licence=settings.data_licence,
            DATA_CATALOG=DATA_CATALOG,
            DATA_FEED=DATA_FEED,
            DATA_SCHEMA_CATALOG=DATA_SCHEMA_CATALOG,
            search_engine=settings.search,
            SEARCH_PAGE=SEARCH_PAGE,
        )  # 'pagefind': the claims index links a search form to SEARCH_PAGE

    def render(self, plan: PagePlan, link: Link) -> RenderedPage:
        urls = Urls(link)
        context = {"plan": plan, "u": urls, "md": lambda text, inline=False: self._md(text, urls, inline)}
        template = self.env.get_template(f"factcheck/{plan.kind}.html")
        key = plan.key or ""  # the record's id on a record's page; index pages have none
        if plan.kind == "claim":
            entry = self.catalog.claims[key]
            context.update(
                entry=entry,
                claim=entry.claim,
                verdict=self.catalog.verdicts[entry.claim.verdict],
                related=self.catalog.related(entry.claim.id),
                cite_ids=_cite_ids(entry),
                changes=claim_changes(entry.claim),
            )
        elif plan.kind == "source":
            source_entry = self.catalog.sources[key]
            marks = self.catalog.marks(key)
            archived = render_archived_text(
                source_entry.text,
                marks,
                urls.claim,
                self._claim_numbers(key),
                source_entry.source.language,
                self.page_language,
            )
            context.update(
                entry=source_entry,
                source=source_entry.source,
                archived=Markup(label_pages(archived) if source_entry.source.pages else archived),
                **provenance(source_entry.source, urls.page),
                citing=self.catalog.claims_citing(key),
                **_roles(self.catalog.citations[key]),
            )
        elif plan.kind == "verdict":
            context.update(verdict=self.catalog.verdicts[key], claim_ids=self.catalog.by_verdict[key])
        elif plan.kind == "claimant":
            context.update(claimant=self.catalog.claimants[key])
        elif plan.kind == "topic":
            context.update(topic=self.catalog.topics[key])
        elif plan.kind == "corrections":
            context.update(changes=corrections_log(self.catalog))
        html = template.render(context)
        return RenderedPage(html, [(m[1], m[2]) for m in _H2.finditer(html)])

    def render_latest(self, link: Link, count: int | None = None) -> str:
        urls = Urls(link)
        ids = list(self.catalog.claims)[: count or self.settings.latest]
        return self.env.get_template("factcheck/latest.html").render(
            u=urls, claim_ids=ids, md=lambda text, inline=False: self._md(text, urls, inline)
        )

    def _claim_item(self, claim_id: str, u: Urls) -> Markup:
        """A claim's entry in a list. Lists repeat the same claims on many pages, so the entry is
        rendered once per claim (template ``factcheck/_item.html``) and only its link is filled in."""
        parts = self.items.get(claim_id)
        if parts is None:
            html = self.env.get_template("factcheck/_item.html").render(claim_id=claim_id, href=_HREF)
            before, _, after = html.partition(_HREF)
            parts = self.items[claim_id] = (before, after)
        return Markup(parts[0] + str(escape(u.claim(claim_id))) + parts[1])

    def render_organisation(self, link: Link, fields: Iterable[str] = ()) -> str:
        """The organisation block of the about/transparency pages: ``fields`` (default: all) in order."""
        urls = Urls(link)
        return self.env.get_template("factcheck/organisation.html").render(
            u=urls,
            fields=list(fields) or list(ORGANISATION_FIELDS),
            md=lambda text, inline=False: self._md(text, urls, inline),
        )

    def _md(self, text: str | None, urls: Urls, inline: bool) -> Markup:
        if not text:
            return Markup("")
        return Markup(self.markdown.render(text, urls.resolve, inline=inline))

    def _claim_numbers(self, source_id: str) -> dict[str, int]:
        return {cid: n for n, cid in enumerate(self.catalog.claims_citing(source_id), start=1)}


def _cite_ids(entry: ClaimEntry) -> dict[tuple[str, int], str | None]:
    """The id each quoted passage carries on the claim page, so a source page can link back to it.

    A passage quoted twice by one claim gets the id on its first quotation only.
    """
    ids: dict[tuple[str, int], str | None] = {}
    used: set[str] = set()
    quoted: list[tuple[str, int, Span | None]] = [("appearance", i, s) for i, s in enumerate(entry.appearance_spans)]
    quoted += [("evidence", i, s) for i, s in enumerate(entry.evidence_spans)]
    for kind, index, span in quoted:
        anchor = f"cite-{span.anchor}" if span is not None else None
        ids[(kind, index)] = anchor if anchor and anchor not in used else None
        if anchor:
            used.add(anchor)
    return ids


def _roles(citations: list[Citation]) -> dict[str, object]:
    """For a source page: each citing claim's roles, and the claims in each role, in one pass."""
    citing_roles: dict[str, list[str]] = {}
    by_role: dict[str, dict[str, None]] = {role: {} for role in ROLES}
    for citation in citations:
        roles = citing_roles.setdefault(citation.claim_id, [])
        if citation.role not in roles:
            roles.append(citation.role)
        by_role[citation.role].setdefault(citation.claim_id)
    for roles in citing_roles.values():
        roles.sort(key=ROLES.index)
    return {"citing_roles": citing_roles, "by_role": {role: list(ids) for role, ids in by_role.items()}}


ORGANISATION_FIELDS = (
    "name",
    "description",
    "funding",
    "team",
    "contact",
    "submit_claim",
    "report_error",
    "corrections",
    "open_data",
)
_H2 = re.compile(r'<h2 id="([^"]+)"[^>]*>([^<]*)</h2>')


def _date_html(value: dt.date | str | None, messages: Messages) -> Markup:
    if value is None:
        return Markup("")
    iso = value.isoformat() if isinstance(value, dt.date) else value
    return Markup(f'<time datetime="{escape(iso)}">{escape(messages.date(value))}</time>')
