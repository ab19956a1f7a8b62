"""Back up the whole database to one JSON file and restore it into an empty database.

The file holds every table of the schema (organisations, users with password hashes,
drafts, the clause library with its whole history, exports with their pins, the audit log)
as rows keyed by column name, with primary keys kept, so foreign keys stay valid and past
exports keep pointing at the exact clause versions they used. Dates and datetimes are ISO
8601 strings and come back as the same values.
"""
from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Iterable

from sqlalchemy import Connection, Engine, LargeBinary, Table, func, inspect, select, text
from sqlalchemy.types import Date, DateTime, Numeric, Time

from ..agreement.clauses.loader import CLAUSE_ID
from ..agreement.i18n import N_, TranslatableError
from ..extensions import db
from ..models.clause import bump_revision

FORMAT = "samverkansguiden-backup"
VERSION = 1
BATCH = 1000


class BackupError(TranslatableError):
    """A backup that cannot be made or restored; `message` is a Swedish message id, `params` its values."""


@dataclass
class RestoreReport:
    rows: dict[str, int] = field(default_factory=dict)
    emptied: bool = False


#: Not data: the library's revision only tells running processes to rebuild their caches; a restore moves it.
NOT_BACKED_UP = frozenset({"library_state"})


def tables() -> list[Table]:
    """Return the application's tables, parents before children (the order rows are inserted)."""
    return [table for table in db.metadata.sorted_tables if table.name not in NOT_BACKED_UP]


def _encode(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def _decoder(column_type: Any) -> Any:
    """Return the function that turns a column's JSON value back into what the column stores."""
    if isinstance(column_type, DateTime):
        return dt.datetime.fromisoformat
    if isinstance(column_type, Date):
        return dt.date.fromisoformat
    if isinstance(column_type, Time):
        return dt.time.fromisoformat
    if isinstance(column_type, LargeBinary):
        return base64.b64decode
    if isinstance(column_type, Numeric) and column_type.asdecimal:
        return decimal.Decimal
    return None


def schema_revision(conn: Connection) -> str | None:
    """Return the Alembic revision of the database, or None when it has none."""
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _rows(conn: Connection, table: Table) -> Iterable[dict[str, Any]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = conn.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    for row in result.mappings():
        yield {key: _encode(value) for key, value in row.items()}


def write_backup(out: IO[str], engine: Engine | None = None) -> dict[str, int]:
    """Write the whole database as a backup file to `out`; return the row count per table.

    Rows are written one at a time, so a large database is never held in memory at once.
    Everything is read in one transaction, so the file is a consistent snapshot.
    """
    engine = engine or db.engine
    counts: dict[str, int] = {}
    with engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        elif conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN")  # pysqlite starts no transaction for reads: one snapshot for all tables
        header = {"format": FORMAT, "version": VERSION,
                  "created_at": dt.datetime.now(dt.UTC).isoformat(), "schema_revision": schema_revision(conn)}
        out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "tables": {')
        for index, table in enumerate(tables()):
            out.write(("," if index else "") + "\n" + json.dumps(table.name) + ": [")
            counts[table.name] = 0
            for row in _rows(conn, table):
                out.write(("," if counts[table.name] else "") + "\n" + json.dumps(row, ensure_ascii=False))
                counts[table.name] += 1
            out.write("]")
        out.write("\n}}\n")
    return counts


def create_backup(path: str | Path, engine: Engine | None = None) -> dict[str, int]:
    """Write the backup to a file readable by its owner only (it holds password hashes and drafts).

    The file appears under its name only when complete.
    """
    path = Path(path)
    partial = path.with_name(path.name + ".partial")
    try:
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8") as out:
            counts = write_backup(out, engine)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return counts


def read_backup(source: IO[str]) -> dict[str, Any]:
    """Parse and check a backup file; raise BackupError when it is not one this version reads."""
    try:
        data = json.load(source)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackupError(N_("Filen är inte giltig JSON: %(error)s"), error=str(exc)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError(N_("Filen är ingen säkerhetskopia från Samverkansguiden."))
    if data.get("version") != VERSION:
        raise BackupError(N_("Säkerhetskopian har formatversion %(found)s; den här versionen läser %(known)s."),
                          found=data.get("version"), known=VERSION)
    if not isinstance(data.get("tables"), dict):
        raise BackupError(N_("Säkerhetskopian saknar tabeller."))
    known = {table.name: table for table in tables()}
    for name, rows in data["tables"].items():
        if name not in known:
            raise BackupError(N_("Säkerhetskopian innehåller tabellen %(table)s, som databasen inte har."), table=name)
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            raise BackupError(N_("Tabellen %(table)s i säkerhetskopian är skadad."), table=name)
        unknown = {key for row in rows for key in row} - set(known[name].columns.keys())
        if unknown:
            raise BackupError(N_("Tabellen %(table)s i säkerhetskopian har okända kolumner: %(columns)s."),
                              table=name, columns=", ".join(sorted(unknown)))
    check_content(data["tables"])
    return data


def _refuse(message: str, table: str, number: int, **params: Any) -> BackupError:
    """A refused row: `message` is a msgid naming the table (%(table)s) and the row (%(row)s)."""
    return BackupError(message, table=table, row=number, **params)


def check_content(rows_by_table: dict[str, list[dict[str, Any]]]) -> None:
    """Refuse restored rows that the app would not accept when entered: roles, clause keys, statuses, answers."""
    from ..agreement.answers import AnswersError, validate
    from ..models.clause import STATUSES
    from ..models.user import ROLES, normalise_email

    for number, row in enumerate(rows_by_table.get("user", []), start=1):
        if row.get("role") not in ROLES:
            raise _refuse(N_("Tabellen %(table)s, rad %(row)s, kolumnen role: okänd roll %(value)s"), "user", number,
                          value=repr(str(row.get("role"))[:40]))
        email = row.get("email")
        if not isinstance(email, str) or "@" not in email or normalise_email(email) != email:
            raise _refuse(N_("Tabellen %(table)s, rad %(row)s, kolumnen email: ogiltig eller inte normaliserad "
                             "e-postadress"), "user", number)
    for number, row in enumerate(rows_by_table.get("clause", []), start=1):
        if not isinstance(row.get("key"), str) or not CLAUSE_ID.match(row["key"]):
            raise _refuse(N_("Tabellen %(table)s, rad %(row)s, kolumnen key: ogiltigt klausul-id %(value)s"), "clause",
                          number, value=repr(str(row.get("key"))[:60]))
    for number, row in enumerate(rows_by_table.get("clause_version", []), start=1):
        if row.get("status") not in STATUSES:
            raise _refuse(N_("Tabellen %(table)s, rad %(row)s, kolumnen status: okänd status %(value)s"),
                          "clause_version", number, value=repr(str(row.get("status"))[:40]))
        if not isinstance(row.get("text"), dict) or not isinstance(row.get("text", {}).get("sv"), str):
            raise _refuse(N_("Tabellen %(table)s, rad %(row)s, kolumnen text: texten saknar svenska"),
                          "clause_version", number)
    for table in ("draft", "export"):
        for number, row in enumerate(rows_by_table.get(table, []), start=1):
            answers = row.get("answers")
            if not isinstance(answers, dict):
                raise _refuse(N_("Tabellen %(table)s, rad %(row)s, kolumnen answers: svaren är inget objekt"),
                              table, number)
            # A complete draft and an export were made from answers that passed validation: they must still.
            if table == "export" or row.get("status") == "complete":
                try:
                    validate(answers)
                except AnswersError as exc:
                    raise _refuse(N_("Tabellen %(table)s, rad %(row)s, kolumnen answers: %(problem)s"), table,
                                  number, problem=exc.messages[0]) from None


def row_counts(conn: Connection) -> dict[str, int]:
    """Return the number of rows in every application table."""
    return {table.name: conn.execute(select(func.count()).select_from(table)).scalar_one() for table in tables()}


def _decode_rows(table: Table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    decoders = {column.key: _decoder(column.type) for column in table.columns}
    decoded = []
    for row in rows:
        decoded.append({key: (decoders[key](value) if value is not None and decoders[key] else value)
                        for key, value in row.items()})
    return decoded


def reset_sequences(conn: Connection) -> None:
    """Move PostgreSQL's id sequences past the restored ids, so new rows get fresh ones."""
    if conn.dialect.name != "postgresql":
        return  # SQLite takes the next id from the table itself
    preparer = conn.dialect.identifier_preparer
    for table in tables():
        for column in table.primary_key.columns:
            quoted_table = preparer.quote(table.name)
            sequence = conn.execute(text("SELECT pg_get_serial_sequence(:table, :column)"),
                                    {"table": quoted_table, "column": column.name}).scalar()
            if sequence is None:
                continue
            conn.execute(text(f"SELECT setval(:sequence, COALESCE(MAX({preparer.quote(column.name)}), 1), "
                              f"MAX({preparer.quote(column.name)}) IS NOT NULL) FROM {quoted_table}"),
                         {"sequence": sequence})


def restore_backup(source: IO[str], *, force: bool = False, engine: Engine | None = None) -> RestoreReport:
    """Restore a backup into an empty database, in one transaction.

    A database that already holds rows is refused, unless `force`, which empties it first.
    The backup must come from the same schema revision as the database.
    """
    data = read_backup(source)
    engine = engine or db.engine
    report = RestoreReport()
    with engine.begin() as conn:
        revision = schema_revision(conn)
        if data.get("schema_revision") and revision and data["schema_revision"] != revision:
            raise BackupError(N_("Säkerhetskopian gjordes med databasschemat %(backup)s men databasen har "
                                 "%(database)s. Återställ i en databas med samma schema (flask db upgrade "
                                 "%(backup)s) och uppgradera sedan."),
                              backup=data["schema_revision"], database=revision)
        filled = {name: count for name, count in row_counts(conn).items() if count}
        if filled and not force:
            raise BackupError(N_("Databasen är inte tom (%(tables)s). Återställ i en tom databas, eller använd "
                                 "--force för att först radera allt innehåll."),
                              tables=", ".join(f"{name}: {count}" for name, count in sorted(filled.items())))
        if filled:
            for table in reversed(tables()):
                conn.execute(table.delete())
            report.emptied = True
        for table in tables():
            rows = _decode_rows(table, data["tables"].get(table.name, []))
            report.rows[table.name] = len(rows)
            for start in range(0, len(rows), BATCH):
                conn.execute(table.insert(), rows[start:start + BATCH])
        reset_sequences(conn)
        # The library just changed under every running process: move its revision so their caches rebuild.
        bump_revision(conn)
    return report
