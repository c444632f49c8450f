"""MkDocs plugin: load and validate the records, generate their pages, render them with the core."""

from __future__ import annotations

import functools
import gc
import logging
import os
import posixpath
import signal
import sysconfig
import threading
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from types import FrameType
from typing import Any
from urllib.parse import quote

import jinja2
from markupsafe import Markup
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
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
    staging,
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
from . import i18n, optimize
from .config import FactcheckConfig
from .finished import FinishedFiles
from .kept_files import KeptFiles
from .material_search import CLAIM_BOOST, claim_terms
from .record_files import CLAIM_FRONT_MATTER, drop_build_dates, record_file
from .watch import RecordsWatcher

log = get_plugin_logger(__name__)
THEME_DIR = Path(__file__).parent / "theme"
CSS = "assets/stylesheets/factcheck.css"
JS = "assets/javascripts/factcheck.js"
PAGE_TEMPLATE = "factcheck-page.html"  # theme/factcheck-page.html: main.html + our head tags
CACHED_TEMPLATE = "factcheck-cached.html"  # an empty template: the page's HTML comes from the cache
PACKAGE_DIR = Path(__file__).resolve().parent.parent  # our code and templates: a change rebuilds every page


class FactcheckPlugin(BasePlugin[FactcheckConfig]):
    command = "build"
    dirty = False
    staging_dir: Path | None = None
    warnings: _WarningCounter | None = None
    building = False  # between on_config and the end of the build
    nested = 0  # builds mkdocs-static-i18n runs inside ours, one per further language

    record_cache: RecordCache | None = None
    page_cache: PageCache | None = None
    background: BackgroundIndex | None = None  # serve: Pagefind runs beside the server
    files: Files | None = None  # the last on_files result (serve: a FinishedFiles when pages skip the loop)
    feed: pagefeed.PageFeed | None = None  # build: Pagefind fed each page as it is written
    render_late = False  # build: generated pages rendered in on_page_context (see _page_content_only_ours)
    served: ServedFolder | None = None
    keep_served = False  # this build keeps the served folder (see on_pre_build)
    frozen = False
    watcher: RecordsWatcher | None = None  # serve: the records folders' file events
    shown_notes: set[str] | None = None
    # serve: SIGTERM's handler before ours (restored at shutdown)
    previous_sigterm: Callable[[int, FrameType | None], Any] | int | None = None
    scanned_site_dir: str | None = None  # serve: the folder whose links were looked for at the first build

    def on_startup(self, *, command, dirty):
        self.command, self.dirty = command, dirty
        self.record_cache = self.page_cache = None
        self.served = None  # (MkDocs keeps one plugin object per process: a later build starts afresh)
        self.shown_notes = set() if command == "serve" else None  # serve: each note logged once, not per rebuild
        if command == "serve":  # this object lives across serve's rebuilds: remember what is unchanged
            self.record_cache, self.page_cache = RecordCache(), PageCache()
            self.item_cache = ItemCache()  # each claim's entry in the lists
            self.served = ServedFolder()  # the served folder, kept between rebuilds where it can be
            self.documents: dict[str, ClaimOutputs] = {}  # claim id -> its open data (Publication.outputs)
            self.reviews: dict[str, tuple] = {}  # claim id -> its ClaimReview (prepare_publication)
            self.bytecode = _MemoryBytecode()  # compiled templates of both environments
            self.kept_files = KeptFiles()  # the last build's File objects
            self.frozen = False  # the first build's objects are out of the cyclic collector's sight
            self._stop_on_sigterm()

    def _stop_on_sigterm(self) -> None:
        """While serving, SIGTERM (a container's or a service manager's stop) takes Ctrl-C's path:
        Python's default ends the process at once, before MkDocs runs on_shutdown and deletes its
        temporary site folder, leaving that folder and the background index's behind. Only where
        nobody else handles SIGTERM, and only from the main thread (where signals are handled)."""
        if threading.current_thread() is threading.main_thread() and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            self.previous_sigterm = signal.signal(signal.SIGTERM, _interrupt)

    def _restore_sigterm(self) -> None:
        """A second SIGTERM while shutting down ends the process at once, as it would without us."""
        previous, self.previous_sigterm = self.previous_sigterm, None
        if previous is not None and signal.getsignal(signal.SIGTERM) is _interrupt:
            signal.signal(signal.SIGTERM, previous)

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
        self._refuse_unsafe_site_dir(config, settings)
        if settings.search == "pagefind":
            _skip_material_index(config)
        _exclude_cards_from_optimize(config)
        self.render_late = self.command != "serve" and _page_content_only_ours(config, self)
        self.social_cards = _social_cards(config)  # once per build, not per page
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
        self._log_notes(notes)
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
            self._stage(config)
            self.building = True
        for warning in self.messages.warnings:  # once per build (language), after the counter is in place
            log.warning(warning)
        return config

    def _log_notes(self, notes: list[str]) -> None:
        """Notes (not warnings) in the log; under serve each one once, not at every save (a
        thousand sources without a digest gave a thousand notes per rebuild)."""
        shown = self.shown_notes
        if shown is None:
            for note in notes:
                log.info(note)
            return
        for note in notes:
            if note not in shown:
                log.info(note)
        if shown and (repeated := sum(note in shown for note in notes)):
            log.info(f"{repeated} note(s) shown at an earlier build still stand")
        shown.update(notes)

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

    def _refuse_unsafe_site_dir(self, config, settings) -> None:
        """Before MkDocs or we touch site_dir (MkDocs empties it right after on_pre_build): never
        through a link, never over the project or its records."""
        project = Path(os.path.abspath(config.config_file_path)).parent
        scanned = self.command == "serve" and config.site_dir == self.scanned_site_dir  # (a rebuild)
        found = staging.site_dir_problems(
            config.site_dir,
            project,
            keep=(settings.claims_path, settings.seeds_path, config.docs_dir),
            inside=not scanned,
        )
        self.scanned_site_dir = config.site_dir if not found else None
        if found:
            report = "\n".join(
                f"{display_path(path, project)}: error: {message}\n    hint: {hint}" for path, message, hint in found
            )
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
            self.frozen = _freeze_long_lived()
        if self.settings.search == "pagefind" and self.command == "serve":
            if self.background is None:
                self.background = BackgroundIndex(log.warning)
            self.background.start(Path(config.site_dir))
        elif self.settings.search == "pagefind":  # index the complete build, before it is swapped in
            feed, self.feed = self.feed, None
            try:
                if feed is not None:
                    feed.finish(Path(config.site_dir))
                else:
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

    on_post_build = CombinedEvent(_on_post_build_early, _on_post_build_late)

    def on_build_error(self, *, error):
        self.building, self.nested = False, 0
        if self.command == "serve" and self.record_cache is not None:
            self.kept_files = KeptFiles()  # what a failed build made is not handed out again
        if self.served is not None:
            self.served.failed(Path(self.site_dir) if getattr(self, "site_dir", None) else None)
        self._stop_counting()
        self._close_feed()
        self._discard()

    def on_shutdown(self):
        self._restore_sigterm()
        self.building, self.nested = False, 0
        self._stop_counting()
        self._close_feed()
        self._discard()
        if self.background is not None:
            self.background.close()
            self.background = None  # (its folder is gone: a later serve in this process starts another)
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None

    def _stop_counting(self) -> int:
        counter, self.warnings = self.warnings, None
        if counter is None:
            return 0
        logging.getLogger("mkdocs").removeHandler(counter)
        return counter.count

    def _close_feed(self) -> None:
        feed, self.feed = self.feed, None
        if feed is not None:
            feed.close()

    def _discard(self) -> None:
        staging.discard(self.staging_dir)
        self.staging_dir = None

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
            self.files = FinishedFiles(files, self.finished) if self.finished or self.keep_served else files
            return self.files
        files = self._add_files(files, config, i18n.language_folder(config))
        pages = [(files.get_file_from_path(path), self._equivalents(plan, config)) for path, plan in self.plans.items()]
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
            self.search_entries = _search_entries(config)
        except LookupError:
            self.search_entries, self.page_cache = None, None  # rebuild every page
        if self.page_cache is not None:
            self.page_cache.start(self._site_key(config))
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
            source = self._source_of(plan, config)
            make = functools.partial(self._page_file, config, plan, source, inclusion, folder, docs_dir)
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
        known = files.src_uris  # (get_file_from_path normalises each path through pathlib; ours are POSIX)
        claims_folder = str(self.settings.claims_path)  # resolved once: a few system calls, for each of 1,000s of files
        for path, content in self.publication_outputs().items():  # feeds and open data, served and copied like any file
            if path in known:
                raise PluginError(
                    f"factcheck: {config.docs_dir}/{path} is in the way of a generated file; rename or remove it"
                )
            make_output = functools.partial(record_file, config, path, claims_folder, content, folder=folder)
            files.append(kept.get(("output", path, content), make_output) if kept is not None else make_output())
        cards = self.publication.cards
        for path, stored in (cards.stored() if cards is not None else {}).items():
            if path in known:
                raise PluginError(
                    f"factcheck: {config.docs_dir}/{path} is in the way of a share card; rename or remove it"
                )
            # once for all languages, copied from the card cache (so image plugins can read the file)
            if stored is not None:
                make_card = functools.partial(File.generated, config, path, abs_src_path=stored)
                files.append(kept.get(("card", path, stored), make_card) if kept is not None else make_card())
            elif cards is not None:  # the cache could not be written: the card from memory
                files.append(File.generated(config, path, content=cards.cache.card(cards.cards[path])))
        originals = original_files(self.catalog.sources.values(), self.settings.root)
        for path, original in originals.items():
            if path in known:  # kept originals, copied for readers to download
                raise PluginError(
                    f"factcheck: {config.docs_dir}/{path} is in the way of a kept original; rename or remove it"
                )
            # once for all languages (they can be large): never in a language's folder
            make_original = functools.partial(File.generated, config, path, abs_src_path=str(original))
            files.append(
                kept.get(("original", path, str(original)), make_original) if kept is not None else make_original()
            )
        served = InclusionLevel.is_in_serve if self.preview else InclusionLevel.is_included
        self.urls = {file.src_uri: file.url for file in files.documentation_pages(inclusion=served)}
        self.urls.update({path: posixpath.join(folder, path) for path in OUTPUT_FILES})
        self.urls.update({path: path for path in originals})
        return files

    def _page_file(self, config, plan: PagePlan, source: str, inclusion, folder: str, docs_dir: Path) -> File:
        """The generated page of ``plan``, made from ``source`` (see record_files)."""
        file = record_file(
            config, plan.path, source, CLAIM_FRONT_MATTER if plan.kind == "claim" else "", inclusion, folder
        )
        if plan.record_path:
            # quoted: MkDocs puts edit_uri into the page unescaped (names are also restricted, records.SAFE_NAME)
            file.edit_uri = quote(os.path.relpath(self.settings.root / plan.record_path, docs_dir).replace(os.sep, "/"))
        return file

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

    def _source_of(self, plan: PagePlan, config) -> str:
        """What other plugins are told a generated page is made from (git asks it for dates):
        the record, else the folder of records it lists, else mkdocs.yml (the rating scale)."""
        folders = self._folders  # (resolved once a build: 11,500 pages)
        if plan.record_path:
            return folders[0] + plan.record_path.replace("/", os.sep)
        if plan.kind == "sources-index":
            return folders[2]
        if plan.kind in ("ratings", "search"):
            return os.path.abspath(config.config_file_path)
        return folders[1]

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
        page.render = _no_markdown.__get__(page)
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
            self._switch_languages(plan, config, context)
        return context

    def _equivalents(self, plan: PagePlan, config) -> dict[str, str]:
        """This page's versions, language -> URL from the site's root: the claim's translations,
        or the page at the same path in every edition that has it (and this page itself)."""
        editions = self.editions
        assert editions is not None
        versions = editions.alternates(plan.path, plan.kind, plan.key)
        versions.setdefault(self.settings.language, plan.path)  # a claim with no translation: itself
        return {
            lang: posixpath.join(
                "" if lang == editions.default else lang, File(path, None, "", config.use_directory_urls).url
            )
            for lang, path in versions.items()
        }

    def _switch_languages(self, plan: PagePlan, config, context) -> None:
        """Material's language switcher and its `<link rel="alternate" hreflang>` both come from
        config.extra.alternate, which mkdocs-static-i18n sets for its own pages only. For ours, the
        head links name only the page's true versions (search engines take an alternate for the
        same content in another language), with x-default the default language's; the switcher
        (our partials/alternate.html reads `factcheck_switcher`) leads to the page's version in
        each edition, else to that edition's home."""
        editions = self.editions
        assert editions is not None
        versions = self._equivalents(plan, config)
        switcher = i18n.switcher(config)  # each language's home
        for entry in switcher:
            if str(entry.get("lang")) in versions:
                entry["link"] = versions[str(entry["lang"])]
        alternates = [dict(entry) for entry in switcher if str(entry.get("lang")) in versions]
        if len(versions) > 1 and editions.default in versions:
            alternates.append({"name": "", "lang": "x-default", "link": versions[editions.default]})
        # both ways: mkdocs-static-i18n sets it as an attribute, which Jinja reads before the key
        config.extra["alternate"] = alternates
        config.extra.alternate = alternates
        context["factcheck_switcher"] = switcher

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

    def _site_key(self, config) -> str:
        """Everything besides the records that a generated page shows: the configuration, the
        plugin's code and templates, the themes' folders and the hand-written pages."""
        config_bytes = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        # an installed theme (Material) is not edited while serving: its templates are watched,
        # not its 14,000 icons; the site's own folders (docs, custom_dir) are watched whole
        installed = [folder for folder in config.theme.dirs if _installed(folder)]
        folders = [PACKAGE_DIR, config.docs_dir, *(folder for folder in config.theme.dirs if folder not in installed)]
        extra = repr(
            (
                config_bytes,
                sorted(dict(self.config).items(), key=repr),
                os.environ.get("SOURCE_DATE_EPOCH"),
                config.site_url,
                config.use_directory_urls,
            )
        )
        extra += folder_digest(*installed, hidden=False)
        return folder_digest(*dict.fromkeys(str(folder) for folder in folders), extra=extra)

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
            context = repr((self.settings, folder_digest(PACKAGE_DIR)))
            token = self.token = self.record_cache.token_function(self.settings.root)
            self.key_parts = KeyParts(self.catalog, token)  # each record's part of the keys, once a build
        try:
            self.publication = prepare_publication(
                self.catalog,
                self.settings,
                i18n.site_name(config) if self.editions is not None else config.site_name,
                self.messages,
                _page_urls(folder, use_directory_urls),
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
        if self.watcher is None:
            try:
                self.watcher = RecordsWatcher(folders)
            except (OSError, RuntimeError) as exc:  # no file events here: MkDocs polls the folders
                shown = " and ".join(display_path(folder, self.settings.root) for folder in folders)
                log.info(f"watching {shown} by polling: no file events here ({exc})")
        if self.watcher is not None:
            server.watch(str(self.watcher.folder))
            shown = " and ".join(display_path(folder, self.settings.root) for folder in folders)
            log.info(f"watching {shown} for changes (the system's file events)")
        else:
            for folder in folders:
                server.watch(str(folder))
        return server

    def _linker(self, page_url: str):
        urls = self.urls

        def link(path: str, anchor: str = "") -> str:
            return get_relative_url(urls[path], page_url) + (f"#{anchor}" if anchor else "")

        return link


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # what Ctrl-C raises: `mkdocs serve` then stops cleanly


_SITE_PACKAGES = tuple(
    os.path.join(os.path.realpath(path), "") for path in {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
)


def _installed(folder: str) -> bool:
    """A folder of an installed package (a theme), not of the project."""
    return os.path.realpath(folder).startswith(_SITE_PACKAGES)


class _MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory between serve's rebuilds (keyed by name and source
    checksum by Jinja, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


@functools.lru_cache(maxsize=4096)  # a few hundred dates for 11,500 pages
def _iso(day) -> str:
    return day.isoformat()


def _freeze_long_lived() -> bool:
    """After serve's first build: what it made is moved out of the cyclic garbage collector's sight.

    At 10,000 claims the process then holds millions of container objects (the records, the
    caches of pages, entries, files), nearly all of them kept for as long as the server runs, and
    each full collection walked them all: 1 to 1.5 s in about every other rebuild, while the
    writer waited for the preview. Frozen after one collection, they are never walked again
    (``gc.freeze``); the few of them a later rebuild replaces are freed by reference counting, or,
    for cycles, held until the server stops (once, a bounded amount).
    """
    gc.collect()
    gc.freeze()
    return True


def _page_urls(folder: str, use_directory_urls: bool):
    """``page_url(base, path)`` for the core: MkDocs' URL of a documentation path, remembered
    (a File per call was most of the time of making a claim's open data and ClaimReview)."""

    @functools.cache  # one build's paths: a bounded cache would cycle through them above its size and keep none
    def page_url(base: str, path: str) -> str:
        return base + folder + File(path, None, "", use_directory_urls).url

    return page_url


def _no_markdown(page, config, files) -> None:
    """Page.render for a generated page (its source is empty, its HTML is our render's): what
    Markdown makes of an empty source, without converting it. The page has no anchors for
    MkDocs' check of links to anchors (as from its empty source) and links to none."""
    page.content, page.toc = "", get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def _search_entries(config) -> list | None:
    """Material's search index entries of this build (a list it appends each page's entries to),
    or None when the search plugin is not used. Raises LookupError for a search plugin whose
    index we do not understand: then every page is rendered on every build."""
    found = None
    for plugin in config.plugins.values():
        module = plugin.__class__.__module__
        if module.startswith(("material.plugins.search", "mkdocs.contrib.search")):
            entries = getattr(getattr(plugin, "search_index", None), "entries", None)
            if not isinstance(entries, list) or not module.startswith("material."):
                raise LookupError(module)
            found = entries
    return found


class _WarningCounter(logging.Handler):
    """Counts warnings like MkDocs' strict mode does, so we know the build will be aborted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _social_cards(config) -> bool:
    """Material's social plugin draws the card of every page but ours (claim pages turn it off in
    their front matter): with it on, other pages get its card and not our site card."""
    social = config.plugins.get("material/social") or config.plugins.get("social")
    return social is not None and bool(social.config.get("enabled", True)) and bool(social.config.get("cards", True))


def _skip_material_index(config) -> None:
    """With Pagefind as the engine, Material's search plugin stays only for the header's search box
    (Material shows it only with the plugin on), which our partials/search.html turns into a form
    opening Pagefind's search page: no page loads Material's index, so it is neither built
    (Material parses every page for it, about 14 % of a build and most of its memory) nor written."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not plugin.__class__.__module__.startswith("material.plugins.search"):
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events[event]
        handlers[:] = [handler for handler in handlers if getattr(handler, "__self__", None) is not plugin]


def _page_content_only_ours(config, plugin) -> bool:
    """No other plugin handles `page_content`: then a generated page is rendered when it is written
    (on_page_context) rather than when MkDocs reads every page before writing any, so that the
    build holds one generated page's HTML at a time, not all of them (most of its memory)."""
    handlers = config.plugins.events["page_content"]
    return all(getattr(handler, "__self__", None) is plugin for handler in handlers)


def _exclude_cards_from_optimize(config) -> None:
    """Our share cards are generated PNGs, already compressed and byte-identical from equal input:
    Material's optimize plugin leaves them alone."""
    optimize = config.plugins.get("material/optimize") or config.plugins.get("optimize")
    if optimize is not None and "cards/*" not in optimize.config.optimize_exclude:
        optimize.config.optimize_exclude.append("cards/*")
