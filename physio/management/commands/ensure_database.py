import psycopg
from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Create the configured PostgreSQL database if the server does not have it yet."

    def handle(self, *args, **options):
        params = connection.get_connection_params()
        name = params.pop("dbname")
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("prepare_threshold", None)
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
            if exists:
                return
            conn.execute(f'CREATE DATABASE "{name}"')
        self.stdout.write(f"Created database {name}.")
