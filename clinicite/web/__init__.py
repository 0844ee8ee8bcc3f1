"""The web edge: the FastAPI app (:mod:`clinicite.web.app`), its per-request helpers (:mod:`clinicite.web.deps`),
the JSON API router (:mod:`clinicite.web.api`) and the server-rendered pages (:mod:`clinicite.web.pages`)."""
