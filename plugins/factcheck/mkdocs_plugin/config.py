"""Options of the ``factcheck`` plugin in mkdocs.yml.

Only their outer shape is declared here; the content (verdict scale, organisation) is validated
by the core's settings models, so ``factcheck validate`` reads exactly what the build reads.
"""

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.outputs.search import DEFAULT_ENGINE, ENGINES


class FactcheckConfig(base.Config):
    claims_dir = c.Type(str, default="claims")
    seeds_dir = c.Type(str, default="seeds")
    verdicts = c.Type(list, default=[])
    organisation = c.Type(dict, default={})
    latest = c.Type(int, default=10)
    feed_entries = c.Type(int, default=20)
    data_licence = c.Type(dict, default={})  # {name, url} of the open data's licence; default CC BY 4.0
    search = c.Choice(ENGINES, default=DEFAULT_ENGINE)  # pagefind | material: see README, "Search"
