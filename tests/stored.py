"""What an attacker with a copy of the database would see."""

from pathlib import Path

from django.db import connection


def stored_values() -> bytes:
    """Every value in every table, as a dump would show it; on SQLite, the
    database file itself (and its journal) too."""
    quote = connection.ops.quote_name
    parts: list[bytes] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - our own table names
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        parts.append(bytes(value))
                    else:
                        parts.append(str(value).encode())
    if connection.vendor == "sqlite":
        name = Path(connection.settings_dict["NAME"])
        for path in (name, Path(f"{name}-wal"), Path(f"{name}-journal")):
            if path.is_file():
                parts.append(path.read_bytes())
    return b"\n".join(parts)


def found_in_database(*secrets: str) -> list[str]:
    """Which of these strings appear anywhere in the database."""
    stored = stored_values()
    return [secret for secret in secrets if secret.encode() in stored]
