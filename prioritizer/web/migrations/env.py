"""Alembic's entry: runs the migrations on the connection that `web.db.migrate` hands over (the
package ships no alembic.ini; `prioritizer serve` migrates on start)."""

from __future__ import annotations

from alembic import context

from prioritizer.web.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
