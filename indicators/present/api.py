"""A read-only JSON API of the open data (present/open_data.py) for other portals: the same values,
metadata and statuses as the CLI and the pages, over HTTP GET, from the standard library's WSGI server
(no new dependency; `python -m indicators serve-api`). Any WSGI server can run `make_app(...)` instead.

    GET /api                          what is here
    GET /api/cities                   the cities in the database
    GET /api/indicators?city=C        every indicator's metadata and status
    GET /api/indicators/CODE?city=C   one indicator: metadata, status and values
    GET /api/values?city=C[&indicator=CODE][&district=D]   values by year and district (as `values`)
    GET /api/status?city=C            status of every indicator (as `status --format json`)
    GET /datapackage.json?city=C      the Frictionless data package; /data/CODE.csv and /data/CODE.json

`city` may be left out when the database holds one city; `fiscal=1` gives Thai fiscal years. Every
answer is JSON (a CSV file for /data/CODE.csv), errors included ({"error": {"en": …, "th": …}}); the
database is opened read-only, and results are kept per data version, so an upload shows at once.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

from indicators import store
from indicators.present.open_data import OpenData, values_csv
from indicators.present.records import records

JSON = "application/json; charset=utf-8"
ENDPOINTS = ["/api/cities", "/api/indicators", "/api/indicators/{code}", "/api/values", "/api/status",
             "/datapackage.json", "/data/{code}.csv", "/data/{code}.json"]


class ApiError(Exception):
    def __init__(self, status: str, english: str, thai: str) -> None:
        super().__init__(english)
        self.status, self.english, self.thai = status, english, thai


class OpenDataApi:
    """The WSGI application. One connection (DuckDB: one per process), a cursor per request under a lock
    (the standard library's server answers one request at a time anyway)."""

    def __init__(self, con) -> None:
        self.con = con
        self.lock = threading.Lock()
        self.cache: dict[tuple, OpenData] = {}

    def __call__(self, environ: dict, start_response: Callable) -> list[bytes]:
        try:
            if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
                raise ApiError("405 Method Not Allowed", "This API only reads: use GET.", "API นี้อ่านได้อย่างเดียว ใช้ GET")
            query = {k: v[-1] for k, v in parse_qs(environ.get("QUERY_STRING", "")).items()}
            with self.lock:
                body, kind = self.answer(environ.get("PATH_INFO", "/").rstrip("/") or "/", query)
            status = "200 OK"
        except ApiError as error:
            body, kind, status = _json({"error": {"en": error.english, "th": error.thai}}), JSON, error.status
        data = body.encode("utf-8")
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(data))),
                                ("Access-Control-Allow-Origin", "*"), ("Cache-Control", "no-cache")])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [data]

    def open_data(self, query: dict) -> OpenData:
        cursor = self.con.cursor()
        cities = store.list_cities(cursor)
        city = query.get("city") or (cities[0] if len(cities) == 1 else None)
        if city is None:
            raise ApiError("400 Bad Request", f"Say which city: ?city=NAME (one of {', '.join(cities)}).",
                           f"กรุณาระบุเมือง: ?city=ชื่อเมือง (มี {', '.join(cities)})")
        if city not in cities:
            raise ApiError("404 Not Found", f"No city called {city!r}.", f"ไม่มีเมืองชื่อ {city!r}")
        fiscal = query.get("fiscal") in ("1", "true", "yes")
        key = (city, fiscal, store.data_version(cursor))
        if key not in self.cache:
            self.cache = {key: OpenData(cursor, city, fiscal)}  # only the newest version is worth keeping
        return self.cache[key]

    def answer(self, path: str, query: dict) -> tuple[str, str]:
        if path in ("/", "/api"):
            return _json({"endpoints": ENDPOINTS, "documentation": "README.md, section Open data"}), JSON
        if path == "/api/cities":
            return _json(store.list_cities(self.con.cursor())), JSON
        data = self.open_data(query)
        if path == "/api/indicators":
            return _json([{"metadata": data.metadata(i.code), "status": data.status.get(i.code)}
                          for i in data.indicators]), JSON
        if path == "/api/values":
            rows = data.values
            if code := query.get("indicator"):
                rows = rows[rows["indicator"] == self._known(data, code)]
            if district := query.get("district"):
                rows = rows[rows["district"] == district]
            rows = rows.sort_values(["indicator", "year", "district"], na_position="first", kind="stable")
            return _json(records(rows[["indicator", "area", "year", "district", "value", "unit"]])), JSON
        if path == "/api/status":
            return _json(list(data.status.values())), JSON
        if path == "/datapackage.json":
            return _json(data.datapackage()), JSON
        for prefix in ("/api/indicators/", "/data/"):
            if path.startswith(prefix):
                code = path[len(prefix):]
                if prefix == "/data/" and code.endswith(".csv"):
                    return values_csv(data.rows(self._known(data, code[:-4]))), "text/csv; charset=utf-8"
                code = code[:-5] if prefix == "/data/" and code.endswith(".json") else code
                return _json(data.document(self._known(data, code))), JSON
        raise ApiError("404 Not Found", f"Nothing at {path}; see /api.", f"ไม่มีข้อมูลที่ {path} ดูรายการที่ /api")

    @staticmethod
    def _known(data: OpenData, code: str) -> str:
        if data.indicator(code) is None:
            raise ApiError("404 Not Found", f"No indicator called {code!r}.", f"ไม่มีตัวชี้วัดรหัส {code!r}")
        return code


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, default=str, allow_nan=False)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the standard library's name)
        pass  # one line per request on stderr would drown the CLI's own messages


def serve(con, host: str = "127.0.0.1", port: int = 8502, quiet: bool = True):
    """A server for the API (serve_forever() runs it; .server_address says where it listens)."""
    return make_server(host, port, OpenDataApi(con), handler_class=_QuietHandler if quiet else WSGIRequestHandler)
