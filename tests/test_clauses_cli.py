"""`flask clauses import|export|lint`: the library between files and the database."""
from __future__ import annotations

import shutil

from sqlalchemy import func, select

from app import PROJECT_ROOT
from app.extensions import db
from app.models import Clause, ClauseVersion

SHIPPED = len(list((PROJECT_ROOT / "clauses").glob("*.yaml")))  # every clause file the library ships

CLAUSES = PROJECT_ROOT / "clauses"


def version_count() -> int:
    return db.session.execute(select(func.count(ClauseVersion.id))).scalar_one()


def test_import_is_idempotent_and_shipped_files_are_approved(runner):
    first = runner.invoke(args=["clauses", "import", str(CLAUSES)])
    assert first.exit_code == 0, first.output
    assert f"{SHIPPED} nya" in first.output
    count = version_count()
    assert count == SHIPPED
    assert all(c.approved is not None for c in db.session.execute(select(Clause)).scalars())
    second = runner.invoke(args=["clauses", "import", str(CLAUSES)])
    assert f"0 nya, 0 ändrade, {SHIPPED} oförändrade" in second.output
    assert version_count() == count


def test_changed_file_becomes_a_new_version_and_the_old_is_retired(runner, tmp_path):
    library = tmp_path / "clauses"
    shutil.copytree(CLAUSES, library, ignore=shutil.ignore_patterns("*.md"))
    runner.invoke(args=["clauses", "import", str(library)])
    path = library / "tvist.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Tvister", "Tvister och medling", 1), encoding="utf-8")
    result = runner.invoke(args=["clauses", "import", str(library)])
    assert "1 ändrade" in result.output
    clause = Clause.by_key("tvist")
    assert [v.status for v in clause.versions] == ["retired", "approved"]
    assert clause.approved.title["sv"] == "Tvister och medling"


def test_export_then_import_changes_nothing(runner, tmp_path):
    runner.invoke(args=["clauses", "import", str(CLAUSES)])
    out = tmp_path / "export"
    result = runner.invoke(args=["clauses", "export", str(out)])
    assert result.exit_code == 0 and f"Skrev {SHIPPED} klausuler" in result.output
    assert (out / "parter.yaml").read_text(encoding="utf-8").count("text:") == 1
    before = version_count()
    again = runner.invoke(args=["clauses", "import", str(out)])
    assert f"{SHIPPED} oförändrade" in again.output and version_count() == before
    assert runner.invoke(args=["clauses", "lint", str(out)]).exit_code == 0


def test_lint_passes_on_the_shipped_library(runner):
    result = runner.invoke(args=["clauses", "lint", str(CLAUSES)])
    assert result.exit_code == 0, result.output


def test_lint_reports_file_and_line(runner, tmp_path):
    library = tmp_path / "clauses"
    shutil.copytree(CLAUSES, library, ignore=shutil.ignore_patterns("*.md"))
    path = library / "parter.yaml"
    assert "{{ " in path.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("{{ ", "{{ okand_uppgift + ", 1), encoding="utf-8")
    (library / "pub.yaml").unlink()
    result = runner.invoke(args=["clauses", "lint", str(library)])
    assert result.exit_code == 1
    assert f"{path}:" in result.output and "okand_uppgift" in result.output
    assert "rekommenderar klausulen pub" in result.output


def test_import_refuses_a_broken_file_and_keeps_nothing(runner, tmp_path):
    library = tmp_path / "clauses"
    library.mkdir()
    (library / "trasig.yaml").write_text("id: trasig\norder: 1\ntitle: {sv: X}\ninclude_when: {fact: nope, is: true}\n"
                                         "text: {sv: hej}\n", encoding="utf-8")
    result = runner.invoke(args=["clauses", "import", str(library)])
    assert result.exit_code == 1 and "trasig.yaml:4" in result.output
    assert version_count() == 0
