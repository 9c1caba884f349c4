"""The analyst's desk (#11): a JSON API over the ledger and a map page with a timeline, served by one app.

`create_app(db)` builds the FastAPI app; `contested serve` runs it with uvicorn on 127.0.0.1. The page and
Leaflet (from the npm registry, copied into `static/vendor/` by `make`) are served by the app itself.

>>> app = create_app("contested.db", token="secret")   # doctest: +SKIP
"""

from contested.web.app import create_app

__all__ = ["create_app"]
