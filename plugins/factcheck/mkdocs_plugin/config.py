"""Options of the ``factcheck`` plugin in mkdocs.yml.

Only their outer shape is declared here; the content (verdict scale, organisation) is validated
by the core's settings models, so ``factcheck validate`` reads exactly what the build reads, and
the defaults are the core's (``Settings``), declared there once.
"""

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core import ENGINES, Settings


def _default(option: str) -> object:
    return Settings.model_fields[option].default


class FactcheckConfig(base.Config):
    claims_dir = c.Type(str, default=_default("claims_dir"))
    seeds_dir = c.Type(str, default=_default("seeds_dir"))
    verdicts = c.Type(list, default=[])  # required: Settings says so, naming the option
    organisation = c.Type(dict, default={})  # absent: Settings fills in its defaults
    latest = c.Type(int, default=_default("latest"))
    feed_entries = c.Type(int, default=_default("feed_entries"))
    messages = c.Type(dict, default={})  # our wording changed: {English message: text} (README, Languages)
    catalogue = c.Optional(c.Type(str))  # the site's own .po file of our messages
    data_licence = c.Type(dict, default={})  # {name, url} of the open data's licence; absent: CC BY 4.0
    search = c.Choice(ENGINES, default=_default("search"))  # pagefind | material: see README, "Search"
    repo_stats = c.Type(
        bool, default=_default("repo_stats")
    )  # Material's stars/forks from the host's API: README, "Privacy"
    share_cards = c.Type(
        bool, default=_default("share_cards")
    )  # a PNG link-preview card per claim: README, "Share cards"
