"""`clinicite serve`: the web application and REST API (uvicorn).

The CLI does not import the web edge: uvicorn builds the app from its import string
(:func:`clinicite.web.app.serving_app`), which also starts the warm-up and background-embedding workers.
"""

from __future__ import annotations

import typer

from clinicite.cli.base import app, console, fail
from clinicite.errors import CliniciteError

WEB_APP = "clinicite.web.app:serving_app"


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on; 0.0.0.0 exposes it to the network."),
          port: int = typer.Option(8000, help="TCP port."),
          proxy_headers: bool = typer.Option(False, help="Trust X-Forwarded-* from a reverse proxy "
                                             "(so cookies are marked Secure behind https)."),
          log_level: str = typer.Option("info", help="uvicorn log level.")) -> None:
    """Serve the web pages and the REST API (/api/v1, OpenAPI at /api/v1/openapi.json)."""
    import uvicorn

    from clinicite.app import Clinicite
    from clinicite.settings import current_settings

    try:
        core = Clinicite(current_settings())
        database = core.database.safe_url  # opens (and migrates) the database now, so a bad URL fails here
        core.close()
    except CliniciteError as error:
        fail(error)
    console.print(f"clinicite on http://{host}:{port}  (database: {database})")
    uvicorn.run(WEB_APP, factory=True, host=host, port=port, proxy_headers=proxy_headers, log_level=log_level,
                forwarded_allow_ips="*" if proxy_headers else None)
