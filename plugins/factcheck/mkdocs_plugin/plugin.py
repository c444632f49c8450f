"""MkDocs plugin: load and validate the records, generate their pages, render them with the core."""

from __future__ import annotations

import json
import logging
import os
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..core.claimreview import claim_reviews
from ..core.corrections import corrections_log
from ..core.feeds import corrections_feed, latest_feed
from ..core.head import claim_head, feed_links
from ..core.lastmod import page_dates
from ..core import staging
from ..core.loader import load_catalog
from ..core.opendata import catalog_document, claim_document
from ..core.pages import CLAIMS_INDEX, CORRECTIONS, PagePlan, plan_pages
from ..core.plaintext import PlainText
from ..core.published import DATA_CATALOG, FEED_CORRECTIONS, FEED_LATEST, OUTPUT_FILES, SiteUrls, base_url, \
    data_claim_path, site_url_problems
from ..core.problems import Severity, display_path, format_report
from ..core.render import ORGANISATION_FIELDS, Renderer
from ..core.settings import SettingsError, settings_from_options
from .config import FactcheckConfig

log = get_plugin_logger(__name__)
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/stylesheets/factcheck.css"
LATEST_MARKER = "<!-- factcheck:latest -->"
# <!-- factcheck:organisation --> or, for some items only, <!-- factcheck:organisation report_error contact -->
ORGANISATION_MARKER = re.compile(r"<!-- factcheck:organisation((?: +(?:%s))*) *-->" % "|".join(ORGANISATION_FIELDS))
PAGE_TEMPLATE = "factcheck-page.html"  # theme/factcheck-page.html: main.html + our head tags


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    command = "build"
    dirty = False
    staging_dir: Path | None = None
    warnings: "_WarningCounter | None" = None

    def on_startup(self, *, command, dirty):
        self.command, self.dirty = command, dirty

    @event_priority(100)  # first, so the warning counter sees every other plugin's warnings
    def on_config(self, config):
        root = Path(config.config_file_path).parent.resolve()
        try:
            settings = settings_from_options(dict(self.config), root, site_url=config.site_url,
                                             repo_url=config.repo_url)
        except SettingsError as exc:
            raise PluginError("factcheck: invalid plugin options in mkdocs.yml:\n" + str(exc)) from None
        catalog, problems = load_catalog(settings)
        strict = bool(config.strict)
        if catalog is None or (strict and problems):
            raise PluginError("factcheck: the records have problems; nothing was built.\n" + format_report(problems))
        for problem in problems:
            (log.warning if problem.severity is Severity.WARNING else log.error)(problem.format())
        self.settings, self.catalog = settings, catalog
        self._prepare_publishing(config)
        self.renderer = Renderer(catalog, settings, [config.theme.custom_dir] if config.theme.custom_dir else [])
        self.plans: dict[str, PagePlan] = {}
        config.theme.dirs.append(str(THEME_DIR))
        if CSS not in config.extra_css:
            config.extra_css.insert(0, CSS)  # first, so the site's own styles win
        # the date stamped on pages that have no date of their own (sitemap <lastmod>, the gzip
        # header of sitemap.xml.gz): the newest record's, not the clock's, so equal input gives equal bytes
        self.site_date = max((entry.claim.modified for entry in catalog.claims.values()), default=None)
        self._stage(config)
        return config

    # -- all or nothing: build into a staging folder, swap it in only when the build succeeded ----
    def _stage(self, config) -> None:
        """Point MkDocs at a fresh folder beside site_dir; `serve` and `--dirty` build in place."""
        self._stop_counting()
        self._discard()
        self.site_dir = config.site_dir
        self.warnings = _WarningCounter()
        logging.getLogger("mkdocs").addHandler(self.warnings)
        if self.command != "serve" and not self.dirty:
            self.staging_dir = staging.staging_dir_for(config.site_dir)
            config.site_dir = str(self.staging_dir)

    @event_priority(-100)  # last, after every other plugin has written its files
    def on_post_build(self, *, config):
        warnings = self._stop_counting()
        if self.staging_dir is None:
            return
        if config.strict and warnings:
            self._discard()  # MkDocs aborts right after this event: keep the previous site
            log.info(f"{warnings} warning(s) in strict mode: {self.site_dir} was left as it was")
        else:
            staging.publish(self.staging_dir, self.site_dir)
            self.staging_dir = None
            log.info(f"the complete build replaced {self.site_dir}")
        config.site_dir = self.site_dir

    def on_build_error(self, *, error):
        self._stop_counting()
        self._discard()

    def on_shutdown(self):
        self._stop_counting()
        self._discard()

    def _stop_counting(self) -> int:
        counter, self.warnings = self.warnings, None
        if counter is None:
            return 0
        logging.getLogger("mkdocs").removeHandler(counter)
        return counter.count

    def _discard(self) -> None:
        staging.discard(self.staging_dir)
        self.staging_dir = None

    def on_files(self, files: Files, config):
        docs_dir = Path(config.docs_dir).resolve()
        taken = {file.dest_uri: file for file in files}
        for plan in plan_pages(self.catalog):
            inclusion = InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, plan.path, content="", inclusion=inclusion)
            mine = taken.get(file.dest_uri)
            if mine is not None:  # same source path, or another path with the same URL (x/index.md)
                shown = display_path(docs_dir / mine.src_uri, self.settings.root)
                raise PluginError(f"factcheck: {shown} would be replaced by a generated page "
                                  f"(both publish {file.dest_uri}); rename or remove the hand-written file")
            taken[file.dest_uri] = file
            if plan.record_path:
                file.edit_uri = os.path.relpath(self.settings.root / plan.record_path, docs_dir).replace(os.sep, "/")
            files.append(file)
            self.plans[plan.path] = plan
        for path, content in self._outputs(config).items():  # feeds and open data, served and copied like any file
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"factcheck: {config.docs_dir}/{path} is in the way of a generated file; "
                                  "rename or remove it")
            files.append(File.generated(config, path, content=content))
        self.urls = {file.src_uri: file.url for file in files.documentation_pages()}
        self.urls.update({path: path for path in OUTPUT_FILES})
        return files

    def on_pre_page(self, page, config, files):
        if self.site_date is not None and "SOURCE_DATE_EPOCH" not in os.environ:
            page.update_date = self.site_date.isoformat()
        return page

    def on_page_markdown(self, markdown, page, config, files):
        page.meta.setdefault("template", PAGE_TEMPLATE)
        plan = self.plans.get(page.file.src_uri)
        if plan is None:
            return markdown
        from html import escape

        page.meta.update(title=escape(plan.title), description=escape(plan.description), factcheck=plan.kind)
        modified = self.modified.get(plan.path)
        if modified is not None:
            page.update_date = modified.isoformat()  # the sitemap's <lastmod>
        return ""

    def on_page_context(self, context, page, config, nav):
        plan = self.plans.get(page.file.src_uri)
        head = self.feed_links
        if plan is not None and plan.kind == "claim":
            entry = self.catalog.claims[plan.key]
            head += "\n" + claim_head(entry, self.catalog, self.settings, self.site_urls, self.plain,
                                      self.reviews[plan.key], config.site_name)
        context["factcheck_head"] = head
        return context

    def on_page_content(self, html, page, config, files):
        plan = self.plans.get(page.file.src_uri)
        link = self._linker(page.url)
        if plan is None:
            if LATEST_MARKER in html:
                html = html.replace(LATEST_MARKER, self.renderer.render_latest(link), 1)
            if "<!-- factcheck:organisation" in html:
                html = ORGANISATION_MARKER.sub(
                    lambda m: self.renderer.render_organisation(link, m[1].split() if m[1] else ()), html)
            return html
        rendered = self.renderer.render(plan, link)
        page.toc = get_toc([{"level": 2, "id": anchor, "name": name, "children": []} for anchor, name in rendered.toc])
        return rendered.html

    def _outputs(self, config) -> dict[str, bytes]:
        """The feeds and the open data, by output path."""
        catalog, settings, urls, plain = self.catalog, self.settings, self.site_urls, self.plain
        outputs = {
            FEED_LATEST: latest_feed(catalog, settings, urls, plain, settings.feed_entries, config.site_name,
                                     urls.page(CLAIMS_INDEX)),
            FEED_CORRECTIONS: corrections_feed(catalog, settings, urls, plain, corrections_log(catalog),
                                               config.site_name, urls.page(CORRECTIONS)),
        }
        documents = []
        for claim_id, entry in catalog.claims.items():
            document = claim_document(entry, catalog, urls, plain)
            documents.append(document)
            outputs[data_claim_path(claim_id)] = _json({**document, "claim_review": self.reviews[claim_id]})
        outputs[DATA_CATALOG] = _json(catalog_document(catalog, settings, urls, documents, config.site_name))
        return outputs

    def _prepare_publishing(self, config) -> None:
        """Absolute URLs, ClaimReview of every claim and dates of every page, checked before anything is
        written: a claim whose structured data would be incomplete stops the build."""
        problems = site_url_problems(self.settings)
        if problems:
            raise PluginError("factcheck: " + "\n".join(problems))
        base = base_url(config.site_url)
        use_directory_urls = config.use_directory_urls

        def page_url(path: str) -> str:
            return base + File(path, None, "", use_directory_urls).url

        self.site_urls = SiteUrls(base, page_url)
        self.plain = PlainText()
        self.feed_links = feed_links(self.site_urls, config.site_name)
        self.reviews, failures = claim_reviews(self.catalog, self.settings, self.site_urls)
        if failures:
            raise PluginError("factcheck: these claims cannot produce valid ClaimReview structured data; "
                              "nothing was built.\n" + format_report(failures))
        self.modified = page_dates(self.catalog)

    def on_serve(self, server, config, builder):
        server.watch(str(self.settings.claims_path))
        server.watch(str(self.settings.seeds_path))
        return server

    def _linker(self, page_url: str):
        urls = self.urls

        def link(path: str, anchor: str = "") -> str:
            return get_relative_url(urls[path], page_url) + (f"#{anchor}" if anchor else "")

        return link


def _json(data) -> bytes:
    # compact: the C encoder only serves indent=None, and it is several times faster
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class _WarningCounter(logging.Handler):
    """Counts warnings like MkDocs' strict mode does, so we know the build will be aborted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
