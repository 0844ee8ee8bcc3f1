"""All tables, imported in one place so Alembic and tests see the whole schema."""

from clinicite.store import editorial, models, threads  # noqa: F401  (registering the tables is the point)
from clinicite.store.base import Base

metadata = Base.metadata
