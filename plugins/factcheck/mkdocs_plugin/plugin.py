"""The MkDocs adapter: MkDocs' events wired to the engine-independent core (``factcheck.core``).

In build order:

- ``on_startup``: under serve, the caches kept across rebuilds (``core.incremental``, ``serving``);
- ``on_config``: the settings, the records read and checked, the publication prepared (feeds,
  open data, structured data, share cards), the build pointed at a staging folder (``staged_build``);
- ``on_files``: the generated pages and files as MkDocs ``File`` objects (``generated_files``);
- ``on_nav``: our sections named in the site's language;
- the page events: our render in place of Markdown, and what Material reads from the front matter;
- ``on_env`` / ``on_post_build``: the served folder kept, Pagefind's index, the staged site swapped in;
- ``on_serve``: the records watched (``serving``, ``watch``).

What we read from or adjust in other plugins is in ``other_plugins``, ``i18n`` (mkdocs-static-i18n)
and ``optimize`` (a race in Material's optimize plugin).
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path

from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from ..core import (
    OUTPUT_FILES,
    SEARCH_PAGE,
    CardCache,
    CardOptions,
    PagePlan,
    PublicationError,
    Renderer,
    SearchError,
    SettingsError,
    Severity,
    digest_notes,
    display_path,
    expand_markers,
    format_report,
    load_catalog,
    original_files,
    plan_pages,
    prepare_publication,
    run_pagefind,
    search_body,
    search_page_plan,
    settings_from_options,
    site_logo,
    text_direction,
)
from ..core.i18n import MessagesError, messages_for
from ..core.i18n.editions import Editions, edition_problems, plan_editions
from ..core.incremental.background import BackgroundIndex
from ..core.incremental.pages import (
    ItemCache,
    KeyParts,
    PageCache,
    entries_in_page_order,
    may_skip_page_loop,
    page_key,
    review_key,
)
from ..core.incremental.records import RecordCache, folder_digest
from ..core.incremental.served import ServedFolder
from ..core.outputs import pagefeed
from ..core.outputs.prepare import ClaimOutputs
from ..core.outputs.search import indexed
from ..core.site.pages import section_titles
from . import i18n, optimize, other_plugins, serving, stopping
from .config import FactcheckConfig
from .deferred_files import DeferredFiles
from .finished import FinishedFiles
from .generated_files import add_publication_files, no_markdown, page_file, page_urls, source_of
from .kept_files import KeptFiles
from .material_search import CLAIM_BOOST, claim_terms
from .record_files import drop_build_dates
from .staged_build import StagedBuild, refuse_unsafe_site_dir
from .watch import RecordsWatcher

log = get_plugin_logger(__name__)
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/stylesheets/factcheck.css"
JS = "assets/javascripts/factcheck.js"
PAGE_TEMPLATE = "factcheck-page.html"  # theme/factcheck-page.html: main.html + our head tags
CACHED_TEMPLATE = "factcheck-cached.html"  # an empty template: the page's HTML comes from the cache


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    command = "build"
    dirty = False
    building = False  # between on_config and the end of the build
    nested = 0  # builds mkdocs-static-i18n runs inside ours, one per further language

    record_cache: RecordCache | None = None
    page_cache: PageCache | None = None
    background: BackgroundIndex | None = None  # serve: Pagefind runs beside the server
    files: Files | None = None  # the last on_files result (serve: a FinishedFiles when pages skip the loop)
    feed: pagefeed.PageFeed | None = None  # build: Pagefind fed each page as it is written
    render_late = False  # build: generated pages rendered in on_page_context (other_plugins.page_content_only_ours)
    served: ServedFolder | None = None
    keep_served = False  # this build keeps the served folder (see on_pre_build)
    frozen = False
    watcher: RecordsWatcher | None = None  # serve: the records folders' file events
    shown_notes: serving.NotesShown | None = None
    # the stop signals' handlers before ours (restored at shutdown)
    previous_handlers: dict[int, stopping.SignalHandler] | None = None
    scanned_site_dir: str | None = None  # serve: the folder whose links were looked for at the first build

    def __init__(self) -> None:
        super().__init__()
        self.staged = StagedBuild()  # this build's staging folder and warning count

    def on_startup(self, *, command, dirty):
        self.command, self.dirty = command, dirty
        self.record_cache = self.page_cache = None
        self.served = None  # (MkDocs keeps one plugin object per process: a later build starts afresh)
        # serve: each note logged once, not at every rebuild
        self.shown_notes = serving.NotesShown() if command == "serve" else None
        if command == "serve":  # this object lives across serve's rebuilds: remember what is unchanged
            self.record_cache, self.page_cache = RecordCache(), PageCache()
            self.item_cache = ItemCache()  # each claim's entry in the lists
            self.served = ServedFolder()  # the served folder, kept between rebuilds where it can be
            self.documents: dict[str, ClaimOutputs] = {}  # claim id -> its open data (Publication.outputs)
            self.reviews: dict[str, tuple] = {}  # claim id -> its ClaimReview (prepare_publication)
            self.bytecode = serving.MemoryBytecode()  # compiled templates of both environments
            self.kept_files = KeptFiles()  # the last build's File objects
            self.frozen = False  # the first build's objects are out of the cyclic collector's sight
        if self.previous_handlers is None:  # (not twice without an on_shutdown between)
            self.previous_handlers = stopping.stop_on_signals()

    @event_priority(100)  # first, so the warning counter sees every other plugin's warnings
    def on_config(self, config):
        if self.background is not None:  # a rebuild: the last build's indexer, on both cores, is out of date
            self.background.invalidate()
        root = Path(config.config_file_path).parent.resolve()
        if "i18n" in config.plugins:  # the language mkdocs-static-i18n builds now (it sets it after us)
            config.theme["language"] = i18n.current_language(config)
        try:
            settings = settings_from_options(
                dict(self.config),
                root,
                site_url=config.site_url,
                repo_url=config.repo_url,
                docs_dir=config.docs_dir,
                language=str(config.theme.get("language") or "en"),
            )
            self.messages = messages_for(settings.language, settings.messages, settings.catalogue_path)
        except (SettingsError, MessagesError) as exc:
            raise PluginError("factcheck: invalid plugin options in mkdocs.yml:\n" + str(exc)) from None
        except OSError as exc:
            raise PluginError(
                f"factcheck: plugins.factcheck.catalogue: cannot read {exc.filename}: {exc.strerror}"
            ) from None
        # never through a link, never over the project or its records; under serve the folder's
        # contents are looked through once (MkDocs' own temporary folder, the same at each rebuild)
        rebuild = self.command == "serve" and config.site_dir == self.scanned_site_dir
        self.scanned_site_dir = None
        keep = (settings.claims_path, settings.seeds_path, config.docs_dir)
        refuse_unsafe_site_dir(config, keep, checked_inside=rebuild)
        self.scanned_site_dir = config.site_dir
        if settings.search == "pagefind":
            other_plugins.skip_material_index(config)
        other_plugins.exclude_cards_from_optimize(config)
        self.render_late = self.command != "serve" and other_plugins.page_content_only_ours(config, self)
        self.social_cards = other_plugins.social_cards(config)  # once per build, not per page
        catalog, problems = load_catalog(settings, self.record_cache)
        strict = bool(config.strict)
        if catalog is None or (strict and any(p.severity.counts for p in problems)):
            raise PluginError("factcheck: the records have problems; nothing was built.\n" + format_report(problems))
        notes = [problem.format() for problem in problems if problem.severity is Severity.NOTE]
        for problem in problems:
            if problem.severity is not Severity.NOTE:
                (log.warning if problem.severity is Severity.WARNING else log.error)(problem.format())
        cache = self.record_cache  # serve: the notes are made again only when the seeds folder changed
        notes += cache.kept("notes", lambda: digest_notes(settings)) if cache else digest_notes(settings)
        if self.shown_notes is not None:  # serve: each note once, not at every rebuild
            self.shown_notes.log(notes)
        else:
            for note in notes:
                log.info(note)
        # Readers get only published claims. `mkdocs serve` previews the others too (MkDocs builds
        # DRAFT pages under serve only; `serve --clean` starts as "build" and previews nothing).
        self.preview = self.command == "serve"
        self.settings, self.catalog = settings, (catalog if self.preview else catalog.published())
        # the project's root (with a separator), the claims and the seeds folders, as strings
        self._folders = (os.path.join(str(settings.root), ""), str(settings.claims_path), str(settings.seeds_path))
        self.editions = self._plan_editions(config)
        if self.editions is not None:  # a bilingual site: this language's edition
            self.catalog = self.catalog.in_edition(settings.language, self.editions.default)
        catalog = self.catalog
        self._prepare_publishing(config)
        self._outputs: dict[str, bytes | Callable[[], Iterable[bytes]]] | None = None
        self.renderer = Renderer(
            catalog, settings, [config.theme.custom_dir] if config.theme.custom_dir else [], self.messages
        )
        if self.command == "serve" and self.record_cache is not None:
            self.renderer.env.bytecode_cache = self.bytecode
        self.plans: dict[str, PagePlan] = {}
        self.keys: dict[str, str | None] = {}  # page path -> page_key (serve only)
        self.hits: dict[str, tuple] = {}  # page path -> (finished HTML, search entries) of the previous build
        self.finished: set[str] = set()  # the hits written straight from the cache, outside MkDocs' page loop
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
        # header of sitemap.xml.gz): the newest record's (Catalog.modified), read once per build
        self.site_date = catalog.modified
        if self.building:  # mkdocs-static-i18n's build of a further language, inside ours
            self.nested += 1  # into the same staging folder: the outer build publishes it all
        else:
            self.staged.start(config, in_place=self.command == "serve" or self.dirty)
            self.building = True
        for warning in self.messages.warnings:  # once per build (language), after the counter is in place
            log.warning(warning)
        return config

    def _plan_editions(self, config) -> Editions | None:
        """Under mkdocs-static-i18n, every language's edition, worked out from the records."""
        if "i18n" not in config.plugins:
            return None
        default = i18n.default_language(config)
        found = edition_problems(self.catalog, default)
        if found:
            raise PluginError(
                "factcheck: the translations of claims do not add up; nothing was built.\n" + "\n".join(found)
            )
        extra = [SEARCH_PAGE] if self.settings.search == "pagefind" else []
        return plan_editions(self.catalog, i18n.build_languages(config), default, extra)

    def on_pre_build(self, *, config):
        if self.background is not None:
            self.background.invalidate()  # MkDocs empties the served folder next
        # serve, with no other plugin that may write files of its own: what is unchanged stays
        self.keep_served = (
            self.served is not None and self.command == "serve" and not self.dirty and "i18n" not in config.plugins
        ) and may_skip_page_loop(config.plugins)
        if self.served is not None and self.keep_served:
            self.served.set_aside(Path(config.site_dir))
        if self.settings.search == "pagefind" and self.command != "serve" and not self.nested:
            self._close_feed()
            if not pagefeed.possible():  # a build run from asynchronous code: the command indexes it at the end
                return
            try:
                self.feed = pagefeed.PageFeed()
            except SearchError as exc:
                raise PluginError(f"factcheck: {exc}") from None

    @event_priority(10)  # before Material's search (0) writes its index
    def _on_post_build_early(self, *, config):
        """Serve: write the pages that skipped MkDocs' page loop, and put their search entries
        back in page order."""
        if not self.finished or not isinstance(self.files, FinishedFiles):
            return
        known = self.files.src_uris
        for path in self.finished:
            file = known.get(path)
            if file is not None and file.dest_uri not in self.files.kept:
                os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
                with open(file.abs_dest_path, "w", encoding="utf-8") as out:
                    out.write(self.hits[path][0])
        if self.search_entries is not None:
            order = [file.src_uri for file in self.files.all_pages()]
            cached = {path: hit[1] for path, hit in self.hits.items()}
            self.search_entries[:] = entries_in_page_order(order, self.page_entries, cached)

    # last, after every other plugin has written its files (and after mkdocs-static-i18n, -100,
    # has built the further languages)
    @event_priority(-110)
    def _on_post_build_late(self, *, config):
        if self.nested:  # a further language's build: the outer build indexes and publishes
            self.nested -= 1
            return
        self.building = False
        if self.served is not None:
            self.served.complete()
        if self.command == "serve" and self.record_cache is not None and not self.frozen:
            self.frozen = serving.freeze_long_lived()
        if self.settings.search == "pagefind" and self.command == "serve":
            if self.background is None:
                self.background = BackgroundIndex(log.warning)
            self.background.start(Path(config.site_dir))
        elif self.settings.search == "pagefind":  # index the complete build, before it is swapped in
            feed, self.feed = self.feed, None
            try:
                if feed is not None:
                    files = self.files
                    feed.finish(
                        Path(config.site_dir), files.copy_deferred if isinstance(files, DeferredFiles) else None
                    )
                else:
                    run_pagefind(Path(config.site_dir))
            except SearchError as exc:
                raise PluginError(f"factcheck: {exc}") from None
        self.staged.finish(config)

    on_post_build = CombinedEvent(_on_post_build_early, _on_post_build_late)

    def on_build_error(self, *, error):
        self.building, self.nested = False, 0
        if self.command == "serve" and self.record_cache is not None:
            self.kept_files = KeptFiles()  # what a failed build made is not handed out again
        if self.served is not None:
            site_dir = self.staged.site_dir
            self.served.failed(Path(site_dir) if site_dir else None)
        self._close_feed()
        self.staged.close()

    def on_shutdown(self):
        stopping.restore_signals(self.previous_handlers or {})
        self.previous_handlers = None
        self.building, self.nested = False, 0
        self._close_feed()
        self.staged.close()
        if self.background is not None:
            self.background.close()
            self.background = None  # (its folder is gone: a later serve in this process starts another)
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def _close_feed(self) -> None:
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.close()

    # Early, so plugins that look for pages in on_files (mkdocs-redirects' targets, git dates) find
    # ours wherever factcheck is listed. mkdocs-static-i18n (-100) rebuilds the file list from the
    # files of docs_dir and drops any other page, with a warning: ours step out just before it and
    # come back after it, into the folder of the language it builds.
    @event_priority(50)
    def _on_files_early(self, files: Files, config):
        return self._add_files(files, config)

    @event_priority(-99)
    def _on_files_before_i18n(self, files: Files, config):
        if "i18n" in config.plugins:
            originals = original_files(self.catalog.sources.values(), self.settings.root)
            cards = list(self.publication.cards.cards) if self.publication.cards is not None else []
            for path in [*self.plans, *self.publication_outputs(), *originals, *cards]:
                file = files.get_file_from_path(path)
                if file is not None:
                    files.remove(file)
        return files

    @event_priority(-110)
    def _on_files_after_i18n(self, files: Files, config):
        if "i18n" not in config.plugins:
            if self.finished or self.keep_served:
                self.files = FinishedFiles(files, self.finished)
            elif self.feed is not None and may_skip_page_loop(config.plugins):  # see deferred_files
                cards = self.publication.cards
                self.files = DeferredFiles(files, {*self.publication_outputs(), *(cards.cards if cards else ())})
            else:
                self.files = files
            return self.files
        files = self._add_files(files, config, i18n.language_folder(config))
        editions, language = self.editions, self.settings.language
        assert editions is not None
        pages = [
            (files.get_file_from_path(path), i18n.equivalents(editions, plan, language, config))
            for path, plan in self.plans.items()
        ]
        i18n.list_in_sitemap(config, [(file, versions) for file, versions in pages if file is not None])
        return files

    on_files = CombinedEvent(_on_files_early, _on_files_before_i18n, _on_files_after_i18n)

    def publication_outputs(self) -> dict[str, bytes | Callable[[], Iterable[bytes]]]:
        """The feeds and the open data, once per build: under serve made now (from what the last
        build made), else made when MkDocs writes each file (see MadeFile)."""
        if self._outputs is None:
            cached = self.page_cache is not None
            if not cached:
                self._outputs = dict(self.publication.output_files())
                return self._outputs
            claim_keys = {
                plan.key or "": self.keys.get(plan.path) for plan in self.plans.values() if plan.kind == "claim"
            }
            self._outputs = dict(self.publication.outputs(claim_keys, self.documents))
        return self._outputs

    def _add_files(self, files: Files, config, folder: str = "") -> Files:
        docs_dir = Path(config.docs_dir).resolve()
        self.page_entries: dict[str, list] = {}
        self.entries_seen = 0
        try:
            self.search_entries = other_plugins.search_entries(config)
        except LookupError:
            self.search_entries, self.page_cache = None, None  # rebuild every page
        if self.page_cache is not None:
            self.page_cache.start(serving.site_key(config, dict(self.config)))
            token = self.token
            if self.editions is None:  # (one language: the entries are in the site's)
                self.renderer.items = self.item_cache.view(
                    self.page_cache.site_key or "", self.catalog, token, self.renderer.page_language
                )
        skip_loop = self.page_cache is not None and not folder and may_skip_page_loop(config.plugins)
        # serve, pages skipping the loop: the last build's File objects for the same inputs
        kept = self.kept_files if skip_loop else None
        if kept is not None:
            kept.start((self.page_cache.site_key if self.page_cache else None, config.docs_dir, config.site_dir))
        taken = {file.dest_uri: file for file in files}
        extra = [search_page_plan(self.messages)] if self.settings.search == "pagefind" else []
        for plan in [*plan_pages(self.catalog, self.messages, self.publication.plain), *extra]:
            inclusion = InclusionLevel.INCLUDED if plan.in_nav else InclusionLevel.NOT_IN_NAV
            if plan.kind == "claim" and not self.catalog.claims[plan.key or ""].claim.is_published:
                inclusion = InclusionLevel.DRAFT  # only reached under `mkdocs serve` (see on_config)
            if self.page_cache is not None:
                key = self.keys[plan.path] = page_key(
                    plan,
                    self.key_parts,
                    self.page_cache.site_key or "",
                    (self.record_cache.context if self.record_cache else None) or "",
                )
                cached = self.page_cache.get(plan.path, key)
                if cached is not None:
                    self.hits[plan.path] = cached
                    if skip_loop and not plan.in_nav:
                        self.finished.add(plan.path)
            source = source_of(plan, self._folders, config.config_file_path)
            make = functools.partial(
                page_file, config, plan, source, inclusion, folder, docs_dir, self.settings.root, self.social_cards
            )
            inputs = ("page", plan.path, source, inclusion, plan.record_path)
            file = kept.get(inputs, make, plan.path in self.finished) if kept is not None else make()
            mine = taken.get(file.dest_uri)
            if mine is not None:  # same source path, or another path with the same URL (x/index.md)
                shown = display_path(docs_dir / mine.src_uri, self.settings.root)
                raise PluginError(
                    f"factcheck: {shown} would be replaced by a generated page "
                    f"(both publish {file.dest_uri}); rename or remove the hand-written file"
                )
            taken[file.dest_uri] = file
            files.append(file)
            self.plans[plan.path] = plan
        if self.page_cache is not None:
            self.page_cache.keep_only(set(self.plans))
        originals = original_files(self.catalog.sources.values(), self.settings.root)
        claims_folder = str(self.settings.claims_path)  # resolved once: a few system calls, for each of 1,000s of files
        add_publication_files(
            files, config, self.publication_outputs(), self.publication.cards, originals, claims_folder, folder, kept
        )
        served = InclusionLevel.is_in_serve if self.preview else InclusionLevel.is_included
        self.urls = {file.src_uri: file.url for file in files.documentation_pages(inclusion=served)}
        self.urls.update({path: posixpath.join(folder, path) for path in OUTPUT_FILES})
        self.urls.update({path: path for path in originals})
        return files

    def on_nav(self, nav, config, files):
        """The sections MkDocs makes of our folders are named in the site's language (a section the
        site named itself in `nav:` keeps its name)."""
        if isinstance(files, FinishedFiles):
            files.seal()  # (MkDocs has set every file's inclusion)
        known = files.src_uris
        for path in self.finished:  # the sitemap's date, which on_pre_page/on_page_markdown would set
            file = known.get(path)
            if file is not None:
                self._set_dates(file.page or Page(None, file, config), self.plans[path])
        titles = section_titles(self.messages)
        ours = {plan.path.split("/")[0] for plan in self.plans.values() if plan.in_nav}
        stack = list(nav.items)
        while stack:
            item = stack.pop()
            if not getattr(item, "is_section", False):
                continue
            stack.extend(item.children)
            pages = [child for child in item.children if getattr(child, "is_page", False)]
            folder = pages[0].file.src_uri.split("/")[0] if pages and "/" in pages[0].file.src_uri else None
            if folder in ours and folder in titles and (item.title or "").lower() == folder:
                item.title = titles[folder]
        return nav

    def on_pre_page(self, page, config, files):
        self._set_dates(page, None)
        return page

    def _set_dates(self, page, plan: PagePlan | None) -> None:
        """The page's date in the sitemap: the newest record's, or the record's own."""
        if self.site_date is not None and "SOURCE_DATE_EPOCH" not in os.environ:
            page.update_date = _iso(self.site_date)
        modified = self.publication.modified.get(plan.path) if plan is not None else None
        if modified is not None:
            page.update_date = _iso(modified)  # the sitemap's <lastmod>

    def on_page_markdown(self, markdown, page, config, files):
        page.meta.setdefault("template", PAGE_TEMPLATE)
        plan = self.plans.get(page.file.src_uri)
        if plan is None:
            return markdown
        # Material prints these as they are, so they are escaped here; as Markup, so that plugins
        # that escape what they print (the RSS plugin's templates) do not escape them twice
        page.meta.update(
            title=Markup(escape(plan.title)), description=Markup(escape(plan.description)), factcheck=plan.kind
        )
        self._set_dates(page, plan)
        if plan.kind == "claim":  # Material's search: outrank hand-written pages
            page.meta.update(search={"boost": CLAIM_BOOST})
        elif not indexed(plan.kind):  # list pages, as with Pagefind (and Material's parser skips them)
            page.meta.update(search={"exclude": True})
        if plan.path in self.hits:  # unchanged since the previous build: no theme either
            page.meta["template"] = CACHED_TEMPLATE
        # no Markdown: our render replaces whatever it would make of the empty source (MkDocs
        # would set up a Markdown instance with every extension for each page)
        page.render = no_markdown.__get__(page)
        return ""

    # before Material's search reads the page (0), after Material's tags plugin has (on_page_markdown)
    @event_priority(50)
    def _on_page_context_early(self, context, page, config, nav):
        plan = self.plans.get(page.file.src_uri)
        if plan is not None and self.render_late:
            page.content = self._content(page.content or "", page, plan)
        if plan is not None and plan.kind == "claim":
            # Material's search finds a claim by verdict, claimant, topic and publisher through
            # `tags`; set only now, so that Material's tags plugin never shows them as tags
            page.meta["tags"] = claim_terms(self.catalog, plan.key or "", self.messages)
        if plan is not None:
            drop_build_dates(page.meta)
        if plan is not None and self.editions is not None:
            versions = i18n.equivalents(self.editions, plan, self.settings.language, config)
            i18n.switch_languages(versions, self.editions.default, config, context)
        return context

    @event_priority(-50)  # after Material's search has indexed the page (see _cached_entries)
    def _on_page_context_late(self, context, page, config, nav):
        plan = self.plans.get(page.file.src_uri)
        if self.page_cache is not None:
            self._cached_entries(page.file.src_uri)
        if plan is not None and plan.path in self.hits:
            return context
        context["factcheck_head"] = self.publication.head(
            plan.key if plan and plan.kind == "claim" else None, site_card=not self.social_cards
        )
        return context

    on_page_context = CombinedEvent(_on_page_context_early, _on_page_context_late)

    def on_page_content(self, html, page, config, files):
        plan = self.plans.get(page.file.src_uri)
        if plan is not None and (plan.path in self.hits or self.render_late):
            return html
        return self._content(html, page, plan)

    def _content(self, html: str, page: Page, plan: PagePlan | None) -> str:
        link = self._linker(page.url)
        if plan is None:
            return search_body(expand_markers(html, self.renderer, link), None, self.settings.search)
        rendered = self.renderer.render(plan, link)
        page.toc = get_toc([{"level": 2, "id": anchor, "name": name, "children": []} for anchor, name in rendered.toc])
        return search_body(rendered.html, plan.kind, self.settings.search)

    @event_priority(-100)  # last: what is cached (and indexed) is what is written
    def on_post_page(self, output, page, config):
        if self.feed is not None and output.strip():  # MkDocs writes no empty page
            try:
                self.feed.add(output, page.file.dest_uri.replace(os.sep, "/"))
            except SearchError as exc:
                raise PluginError(f"factcheck: {exc}") from None
        if self.page_cache is None:
            if self.command != "serve" and page.file.src_uri in self.plans:
                page.content = ""  # written: MkDocs would hold every generated page's HTML until the end
            return output
        path = page.file.src_uri
        if path in self.hits:
            return self.hits[path][0]
        if path in self.keys:
            self.page_cache.put(path, self.keys[path], output, self.page_entries.get(path))
        return output

    def _cached_entries(self, path: str) -> None:
        """Material's search indexed this page just now: keep its entries with the page, or, for a
        page from the cache (indexed empty), put back the entries of its last full rendering."""
        entries = self.search_entries
        if entries is None:
            return
        new = entries[self.entries_seen :]
        if path in self.hits:
            del entries[self.entries_seen :]
            entries.extend(self.hits[path][1] or [])
        else:
            self.page_entries[path] = new
        self.entries_seen = len(entries)

    def _prepare_publishing(self, config) -> None:
        use_directory_urls = config.use_directory_urls
        # a bilingual site's pages are in their language's folder (feeds, ClaimReview, open data link there)
        folder = (
            i18n.language_folder(config) + "/" if self.editions is not None and i18n.language_folder(config) else ""
        )
        cards = None
        if self.settings.share_cards:
            language = str(config.theme.get("language") or "en")
            cards = CardOptions(
                text_direction(language) or "ltr",
                config.site_description or "",
                site_logo(self.settings.organisation.logo, config.site_url, Path(config.docs_dir)),
                CardCache(),
            )
        if self.record_cache is not None:
            context = repr((self.settings, folder_digest(serving.PACKAGE_DIR)))
            token = self.token = self.record_cache.token_function(self.settings.root)
            self.key_parts = KeyParts(self.catalog, token)  # each record's part of the keys, once a build
        try:
            self.publication = prepare_publication(
                self.catalog,
                self.settings,
                i18n.site_name(config) if self.editions is not None else config.site_name,
                self.messages,
                page_urls(folder, use_directory_urls),
                (lambda claim_id: review_key(claim_id, self.key_parts, context))
                if self.record_cache is not None
                else None,
                self.reviews if self.record_cache is not None else None,
                cards,
                folder,
            )
        except PublicationError as exc:
            report = ("\n" + format_report(exc.problems)) if exc.problems else ""
            raise PluginError(f"factcheck: {exc}; nothing was built.{report}") from None

    @event_priority(100)  # before Material's optimize plugin (see .optimize)
    def _on_env_early(self, env, config, files):
        optimize.hold_jobs(config)
        return env

    @event_priority(-100)  # after it
    def _on_env_late(self, env, config, files):
        optimize.start_jobs(config)
        return env

    def _on_env(self, env, config, files):
        if self.page_cache is not None:  # serve: the theme's templates are compiled once, not per rebuild
            env.bytecode_cache = self.bytecode
        # what our overrides of Material's partials read (partials/search.html, source.html)
        search_page = files.get_file_from_path(SEARCH_PAGE) if self.settings.search == "pagefind" else None
        env.globals["factcheck_search_url"] = search_page.url if search_page is not None else None
        env.globals["factcheck_repo_stats"] = self.settings.repo_stats
        if self.keep_served and self.served is not None and isinstance(files, FinishedFiles):
            # the last build back in the served folder, before anything is written
            site_key = self.page_cache.site_key if self.page_cache is not None else None
            files.kept = self.served.restore(
                Path(config.site_dir),
                site_key or "",
                files.signatures(self.keys, self.publication_outputs()),
            )
        return env

    on_env = CombinedEvent(_on_env_early, _on_env, _on_env_late)

    def on_serve(self, server, config, builder):
        folders = [self.settings.claims_path, self.settings.seeds_path]
        self.watcher = serving.watch_records(server, self.watcher, folders, self.settings.root)
        return server

    def _linker(self, page_url: str):
        urls = self.urls

        def link(path: str, anchor: str = "") -> str:
            return get_relative_url(urls[path], page_url) + (f"#{anchor}" if anchor else "")

        return link


@functools.lru_cache(maxsize=4096)  # a few hundred dates for 11,500 pages
def _iso(day) -> str:
    return day.isoformat()
