"""MkDocs plugin: load and validate the records, generate their pages, render them with the core."""

from __future__ import annotations

import logging
import os
import re
from html import escape
from pathlib import Path
from urllib.parse import quote

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..core.outputs import staging
from ..core.checks.loader import load_catalog
from ..core.site.pages import PagePlan, plan_pages
from ..core.outputs.prepare import PublicationError, prepare_publication
from ..core.urls import OUTPUT_FILES
from ..core.archiving.originals import original_files
from ..core.archiving.tamper import digest_notes
from ..core.problems import Severity, display_path, format_report
from ..core.site.render import ORGANISATION_FIELDS, Renderer
from ..core.outputs.search import CLAIM_BOOST, SearchError, claim_terms, run_pagefind, search_page_plan
from ..core.settings import SettingsError, settings_from_options
from .config import FactcheckConfig

log = get_plugin_logger(__name__)
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/stylesheets/factcheck.css"
JS = "assets/javascripts/factcheck.js"
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
                                             repo_url=config.repo_url, docs_dir=config.docs_dir)
        except SettingsError as exc:
            raise PluginError("factcheck: invalid plugin options in mkdocs.yml:\n" + str(exc)) from None
        self._refuse_unsafe_site_dir(config, settings)
        catalog, problems = load_catalog(settings)
        strict = bool(config.strict)
        if catalog is None or (strict and any(p.severity.counts for p in problems)):
            raise PluginError("factcheck: the records have problems; nothing was built.\n" + format_report(problems))
        for problem in problems:
            {Severity.WARNING: log.warning, Severity.NOTE: log.info}.get(problem.severity, log.error)(problem.format())
        for note in digest_notes(settings):
            log.info(note)
        # Readers get only published claims. `mkdocs serve` previews the others too (MkDocs builds
        # DRAFT pages under serve only; `serve --clean` starts as "build" and previews nothing).
        self.preview = self.command == "serve"
        self.settings, self.catalog = settings, (catalog if self.preview else catalog.published())
        catalog = self.catalog
        self._prepare_publishing(config)
        self.renderer = Renderer(catalog, settings, [config.theme.custom_dir] if config.theme.custom_dir else [])
        self.plans: dict[str, PagePlan] = {}
        self.renderer.env.globals["search_engine"] = self.config.search
        self.renderer.page_language = str(config.theme.get("language") or "en")
        # Our theme folder goes after the site's custom_dir but before Material's own templates,
        # so our partial overrides (accessibility fixes) win over Material and the site's win over ours.
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if CSS not in config.extra_css:
            config.extra_css.insert(0, CSS)  # first, so the site's own styles win
        if JS not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS)
        # the date stamped on pages that have no date of their own (sitemap <lastmod>, the gzip
        # header of sitemap.xml.gz): the newest record's, not the clock's, so equal input gives equal bytes
        self.site_date = max((entry.claim.modified for entry in catalog.claims.values()), default=None)
        self._stage(config)
        return config

    def _refuse_unsafe_site_dir(self, config, settings) -> None:
        """Before MkDocs or we touch site_dir (MkDocs empties it right after on_pre_build): never
        through a link, never over the project or its records."""
        project = Path(os.path.abspath(config.config_file_path)).parent
        found = staging.site_dir_problems(config.site_dir, project,
                                          keep=(settings.claims_path, settings.seeds_path, config.docs_dir))
        if found:
            report = "\n".join(f"{display_path(path, project)}: error: {message}\n    hint: {hint}"
                               for path, message, hint in found)
            raise PluginError(f"factcheck: site_dir is not safe to build into; nothing was written.\n{report}")

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
        if self.config.search == "pagefind":  # index the complete build, before it is swapped in
            try:
                run_pagefind(Path(config.site_dir))
            except SearchError as exc:
                raise PluginError(f"factcheck: {exc}") from None
        warnings = self._stop_counting()
        if self.staging_dir is None:
            return
        if config.strict and warnings:
            self._discard()  # MkDocs aborts right after this event: keep the previous site
            log.info(f"{warnings} warning(s) in strict mode: {self.site_dir} was left as it was")
        else:
            try:
                staging.publish(self.staging_dir, self.site_dir)
            except staging.UnsafeSiteDir as exc:
                self._discard()
                raise PluginError(f"factcheck: {exc}") from None
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
        extra = [search_page_plan()] if self.config.search == "pagefind" else []
        for plan in [*plan_pages(self.catalog), *extra]:
            inclusion = InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV
            if plan.kind == "claim" and not self.catalog.claims[plan.key].claim.is_published:
                inclusion = InclusionLevel.DRAFT  # only reached under `mkdocs serve` (see on_config)
            file = File.generated(config, plan.path, content="", inclusion=inclusion)
            mine = taken.get(file.dest_uri)
            if mine is not None:  # same source path, or another path with the same URL (x/index.md)
                shown = display_path(docs_dir / mine.src_uri, self.settings.root)
                raise PluginError(f"factcheck: {shown} would be replaced by a generated page "
                                  f"(both publish {file.dest_uri}); rename or remove the hand-written file")
            taken[file.dest_uri] = file
            if plan.record_path:
                # quoted: MkDocs puts edit_uri into the page unescaped (names are also restricted, records.SAFE_NAME)
                file.edit_uri = quote(os.path.relpath(self.settings.root / plan.record_path, docs_dir).replace(os.sep, "/"))
            files.append(file)
            self.plans[plan.path] = plan
        for path, content in self.publication.outputs().items():  # feeds and open data, served and copied like any file
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"factcheck: {config.docs_dir}/{path} is in the way of a generated file; "
                                  "rename or remove it")
            files.append(File.generated(config, path, content=content))
        originals = original_files(self.catalog.sources.values(), self.settings.root)
        for path, kept in originals.items():
            if files.get_file_from_path(path) is not None:  # kept originals, copied for readers to download
                raise PluginError(f"factcheck: {config.docs_dir}/{path} is in the way of a kept original; "
                                  "rename or remove it")
            files.append(File.generated(config, path, abs_src_path=str(kept)))
        shown = InclusionLevel.is_in_serve if self.preview else InclusionLevel.is_included
        self.urls = {file.src_uri: file.url for file in files.documentation_pages(inclusion=shown)}
        self.urls.update({path: path for path in OUTPUT_FILES})
        self.urls.update({path: path for path in originals})
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
        page.meta.update(title=escape(plan.title), description=escape(plan.description), factcheck=plan.kind)
        modified = self.publication.modified.get(plan.path)
        if modified is not None:
            page.update_date = modified.isoformat()  # the sitemap's <lastmod>
        if plan.kind == "claim":  # Material's search: outrank list pages, find by verdict/claimant/topic/publisher
            page.meta.update(search={"boost": CLAIM_BOOST}, tags=claim_terms(self.catalog, plan.key))
        return ""

    def on_page_context(self, context, page, config, nav):
        plan = self.plans.get(page.file.src_uri)
        context["factcheck_head"] = self.publication.head(plan.key if plan and plan.kind == "claim" else None)
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
            return self._pagefind_body(html)
        rendered = self.renderer.render(plan, link)
        page.toc = get_toc([{"level": 2, "id": anchor, "name": name, "children": []} for anchor, name in rendered.toc])
        return self._pagefind_body(rendered.html) if plan.kind in ("claim", "source") else rendered.html

    def _pagefind_body(self, html: str) -> str:
        """Pagefind indexes only what is marked: claim, source and hand-written pages, not the lists."""
        return f"<div data-pagefind-body>{html}</div>" if self.config.search == "pagefind" else html

    def _prepare_publishing(self, config) -> None:
        use_directory_urls = config.use_directory_urls
        try:
            self.publication = prepare_publication(
                self.catalog, self.settings, config.site_name,
                lambda base, path: base + File(path, None, "", use_directory_urls).url)
        except PublicationError as exc:
            report = ("\n" + format_report(exc.problems)) if exc.problems else ""
            raise PluginError(f"factcheck: {exc}; nothing was built.{report}") from None

    def on_serve(self, server, config, builder):
        server.watch(str(self.settings.claims_path))
        server.watch(str(self.settings.seeds_path))
        return server

    def _linker(self, page_url: str):
        urls = self.urls

        def link(path: str, anchor: str = "") -> str:
            return get_relative_url(urls[path], page_url) + (f"#{anchor}" if anchor else "")

        return link


class _WarningCounter(logging.Handler):
    """Counts warnings like MkDocs' strict mode does, so we know the build will be aborted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
