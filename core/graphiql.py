"""GraphiQL (development only) with its JavaScript and CSS served from this package, not a CDN,
so the IDE works offline. The page is Strawberry's, pointed at core/static/graphiql."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from string import Template

from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

STATIC_ROUTE = "/static/graphiql"


def static_dir() -> Path:
    return Path(str(files("core").joinpath("static", "graphiql")))


@cache
def page() -> str:
    template = Template(files("core").joinpath("templates", "graphiql.html").read_text(encoding="utf-8"))
    return template.substitute(static=STATIC_ROUTE)


def routes() -> list[Mount]:
    return [Mount(STATIC_ROUTE, StaticFiles(directory=static_dir()), name="graphiql-static")]
