"""MkDocs plugin: load and validate the records, generate their pages, render them with the core."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..core.loader import load_catalog
from ..core.pages import PagePlan, plan_pages
from ..core.problems import Severity, format_report
from ..core.render import Renderer
from ..core.search import CLAIM_BOOST, SearchError, claim_terms, run_pagefind, search_page_plan
from ..core.settings import SettingsError, settings_from_options
from .config import FactcheckConfig

log = get_plugin_logger(__name__)
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/stylesheets/factcheck.css"
JS = "assets/javascripts/factcheck.js"
LATEST_MARKER = "<!-- factcheck:latest -->"


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
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
        self.renderer = Renderer(catalog, settings, [config.theme.custom_dir] if config.theme.custom_dir else [])
        self.plans: dict[str, PagePlan] = {}
        self.renderer.env.globals["search_engine"] = self.config.search
        # Our theme folder goes after the site's custom_dir but before Material's own templates,
        # so our partial overrides (accessibility fixes) win over Material and the site's win over ours.
        if str(THEME_DIR) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
        if CSS not in config.extra_css:
            config.extra_css.insert(0, CSS)  # first, so the site's own styles win
        if JS not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(JS)
        return config

    def on_files(self, files: Files, config):
        docs_dir = Path(config.docs_dir).resolve()
        extra = [search_page_plan()] if self.config.search == "pagefind" else []
        for plan in [*plan_pages(self.catalog), *extra]:
            if files.get_file_from_path(plan.path) is not None:
                raise PluginError(f"factcheck: {config.docs_dir}/{plan.path} would be replaced by a generated page; "
                                  "rename or remove the hand-written file")
            inclusion = InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV
            file = File.generated(config, plan.path, content="", inclusion=inclusion)
            if plan.record_path:
                file.edit_uri = os.path.relpath(self.settings.root / plan.record_path, docs_dir).replace(os.sep, "/")
            files.append(file)
            self.plans[plan.path] = plan
        self.urls = {file.src_uri: file.url for file in files.documentation_pages()}
        return files

    def on_page_markdown(self, markdown, page, config, files):
        plan = self.plans.get(page.file.src_uri)
        if plan is None:
            return markdown
        from html import escape

        page.meta.update(title=escape(plan.title), description=escape(plan.description), factcheck=plan.kind)
        if plan.kind == "claim":  # Material's search: outrank list pages, find by verdict/claimant/topic/publisher
            page.meta.update(search={"boost": CLAIM_BOOST}, tags=claim_terms(self.catalog, plan.key))
        return ""

    def on_page_content(self, html, page, config, files):
        plan = self.plans.get(page.file.src_uri)
        link = self._linker(page.url)
        if plan is None:
            if LATEST_MARKER in html:
                html = html.replace(LATEST_MARKER, self.renderer.render_latest(link), 1)
            return self._pagefind_body(html)
        rendered = self.renderer.render(plan, link)
        page.toc = get_toc([{"level": 2, "id": anchor, "name": name, "children": []} for anchor, name in rendered.toc])
        return self._pagefind_body(rendered.html) if plan.kind in ("claim", "source") else rendered.html

    def on_post_build(self, config):
        if self.config.search == "pagefind":
            try:
                run_pagefind(Path(config.site_dir))
            except SearchError as exc:
                raise PluginError(f"factcheck: {exc}") from None

    def _pagefind_body(self, html: str) -> str:
        """Pagefind indexes only what is marked: claim, source and hand-written pages, not the lists."""
        return f"<div data-pagefind-body>{html}</div>" if self.config.search == "pagefind" else html

    def on_serve(self, server, config, builder):
        server.watch(str(self.settings.claims_path))
        server.watch(str(self.settings.seeds_path))
        return server

    def _linker(self, page_url: str):
        urls = self.urls

        def link(path: str, anchor: str = "") -> str:
            return get_relative_url(urls[path], page_url) + (f"#{anchor}" if anchor else "")

        return link
