"""`clinicite serve`: the web application and REST API (uvicorn)."""

from __future__ import annotations

import typer

from clinicite.cli.base import app, console, fail
from clinicite.errors import ClinciteError


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on; 0.0.0.0 exposes it to the network."),
          port: int = typer.Option(8000, help="TCP port."),
          proxy_headers: bool = typer.Option(False, help="Trust X-Forwarded-* from a reverse proxy "
                                             "(so cookies are marked Secure behind https)."),
          log_level: str = typer.Option("info", help="uvicorn log level.")) -> None:
    """Serve the web pages and the REST API (/api/v1, OpenAPI at /api/v1/openapi.json)."""
    import uvicorn

    from clinicite.api.server import create_app
    from clinicite.settings import current_settings

    try:
        settings = current_settings()
        application = create_app(settings)
    except ClinciteError as error:
        fail(error)
    console.print(f"clinicite on http://{host}:{port}  (database: {application.state.web.database.safe_url})")
    _warm_in_background(application)
    if settings.background_embedding:
        _embed_in_background(application)
    uvicorn.run(application, host=host, port=port, proxy_headers=proxy_headers, log_level=log_level,
                forwarded_allow_ips="*" if proxy_headers else None)


def _warm_in_background(application) -> None:
    """Load the index, knowledge base and lexicon while the server already answers page requests."""
    import threading

    service = application.state.web.service
    if hasattr(service, "warm"):
        threading.Thread(target=service.warm, name="clinicite-warm-up", daemon=True).start()


def _embed_in_background(application) -> None:
    """Compute the dense vectors that ingest left waiting, while the service answers (lexically meanwhile)."""
    import threading

    service = application.state.web.service
    if hasattr(service, "embed_in_background"):
        stop = threading.Event()
        application.state.embedding_stop = stop
        threading.Thread(target=service.embed_in_background, args=(stop,), name="clinicite-embedding",
                         daemon=True).start()
