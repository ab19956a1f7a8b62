"""The web export: documents from the approved library in the database, version pinning, past exports."""
from __future__ import annotations

import datetime as dt
import io
import re
import uuid
from typing import Any

import docx
import pytest
from sqlalchemy import select

from app import PROJECT_ROOT
from app.extensions import db
from app.models import AuditEvent, Clause, Draft, Export
from app.services import exports, library, review
from wizard_helpers import STEP_DATA, complete_draft, post_step

NEW_SENTENCE = "Parterna träffas dessutom varje vår för att se över samarbetet."
EXPORT = {"language": "sv", "kind": "utkast", "with_comments": "y"}  # as the form comes: the box ticked


@pytest.fixture
def imported(app):
    library.import_library(PROJECT_ROOT / "clauses")
    db.session.commit()


def docx_text(data: bytes) -> list[str]:
    """Return every paragraph and table cell of a document, headers and footers included."""
    document = docx.Document(io.BytesIO(data))

    def blocks(container: Any) -> list[str]:
        texts = [p.text for p in container.paragraphs]
        for table in container.tables:
            texts += [cell.text for row in table.rows for cell in row.cells]
        return texts

    texts = blocks(document)
    for section in document.sections:
        texts += blocks(section.header) + blocks(section.footer)
    return texts


def export(client, public_id: str, **data: str) -> bytes:
    response = client.post(f"/utkast/{public_id}/export", data={**EXPORT, **data})
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    return response.data


def exports_of(public_id: str) -> list[Export]:
    draft = db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()
    return list(db.session.execute(select(Export).filter_by(draft_id=draft.id).order_by(Export.id)).scalars())


def draft_of(public_id: str) -> Draft:
    db.session.expire_all()
    return db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()


def approve_change(key: str, author, approver, sentence: str = NEW_SENTENCE) -> None:
    """Have one reviewer write a new version of a clause and another approve it."""
    clause = Clause.by_key(key)
    content = clause.approved.content()
    content["text"] = {**content["text"], "sv": content["text"]["sv"].rstrip() + "\n\n" + sentence}
    version = library.add_version(clause, content, status="in_review", author=author, reason="Tydligare uppföljning")
    review.approve(version, approver)
    db.session.commit()


def test_export_returns_a_word_document(client, auth, staff_a, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    response = client.post(f"/utkast/{public_id}/export", data=EXPORT)
    assert response.status_code == 200, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "Rannebergen-utkast-sv.docx" in response.headers["Content-Disposition"]
    assert response.data[:2] == b"PK"


@pytest.mark.parametrize("error, message", [
    (ValueError("klausulen ”Parter” saknar engelsk text"),
     "Dokumentet kunde inte skapas: klausulen ”Parter” saknar engelsk text"),
    (RuntimeError("disk full"), "Dokumentet kunde inte skapas. Försök igen senare"),
])
def test_export_failure_is_a_message_not_an_error_page(client, auth, staff_a, imported, monkeypatch, error,
                                                      message):
    auth.login(staff_a)
    public_id = complete_draft(client)

    def render(snapshot):
        raise error

    monkeypatch.setattr(exports, "render", render)
    response = client.post(f"/utkast/{public_id}/export", data={"language": "en", "kind": "slutversion"},
                           follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html and "disk full" not in html
    assert exports_of(public_id) == [] and draft_of(public_id).clause_pins == {}


def test_an_export_records_the_snapshot_and_pins_the_versions(client, auth, staff_a, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    version_before = draft_of(public_id).version
    export(client, public_id)
    [record] = exports_of(public_id)
    draft = draft_of(public_id)
    assert record.language == "sv" and record.final is False and record.with_comments is True
    assert record.assessed_on == dt.date.today() and record.created_by_id == staff_a.id
    assert record.answers["title"] == "Samverkan om läxhjälp i Rannebergen"
    # The recorded assessment is the one these answers get: the same findings, the same verdict.
    from app.agreement.answers import validate
    from app.services.assessment import assess_answers

    fresh = assess_answers(validate(record.answers), record.assessed_on).to_json()
    assert record.assessment["verdict"] == fresh["verdict"]
    assert [f["id"] for f in record.assessment["findings"]] == [f["id"] for f in fresh["findings"]]
    keys = [item["clause"] for item in record.clause_versions]
    assert "parter" in keys and "underskrifter" in keys
    for item in record.clause_versions:
        approved = Clause.by_key(item["clause"]).approved
        assert (item["version_id"], item["content_hash"]) == (approved.id, approved.content_hash)
    assert draft.clause_pins == {item["clause"]: item["version_id"] for item in record.clause_versions}
    assert draft.version == version_before  # exporting does not make an open step stale
    event = db.session.execute(select(AuditEvent).filter_by(action="draft_export_docx")).scalar_one()
    assert event.details["export"] == record.public_id and event.target_id == public_id


def test_a_newer_approved_version_is_offered_and_used_only_after_the_update(
        client, auth, staff_a, reviewer, reviewer2, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    first = docx_text(export(client, public_id))
    assert not any(NEW_SENTENCE in t for t in first)
    approve_change("uppfoljning", reviewer, reviewer2)

    html = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert "Klausulen ”Uppföljning och utvärdering” har en nyare godkänd version" in html
    assert "Uppdatera till den nya versionen" in html
    diff = client.get(f"/utkast/{public_id}/klausul/uppfoljning/ny-version").get_data(as_text=True)
    agreement = diff[diff.index("Så ändras texten i ert avtal"):diff.index("<details>")]
    assert re.search(r"<ins>[^<]*varje vår", agreement) and "{%" not in agreement  # as the agreement reads
    assert "Tydligare uppföljning" in diff  # the reviewer's reason for the change

    again = docx_text(export(client, public_id))
    assert again == first  # pinned: the old text, even though a newer version is approved

    response = client.post(f"/utkast/{public_id}/klausul/uppfoljning/uppdatera")
    assert response.status_code == 302
    assert "nyare godkänd version" not in client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    updated = docx_text(export(client, public_id))
    assert any(NEW_SENTENCE in t for t in updated)
    assert draft_of(public_id).clause_pins["uppfoljning"] == Clause.by_key("uppfoljning").approved.id
    assert db.session.execute(select(AuditEvent).filter_by(action="draft_clause_updated")).scalar_one() \
        .details["clause"] == "uppfoljning"


def test_update_all_and_newly_included_clauses_use_the_approved_version(
        client, auth, staff_a, reviewer, reviewer2, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    export(client, public_id)
    approve_change("uppfoljning", reviewer, reviewer2)
    approve_change("tvist", reviewer, reviewer2, "Parterna försöker först lösa tvisten vid ett gemensamt möte.")
    draft = draft_of(public_id)
    draft.clause_pins = {k: v for k, v in draft.clause_pins.items() if k != "tvist"}  # as if newly included
    db.session.commit()
    text = "\n".join(docx_text(export(client, public_id)))
    assert "gemensamt möte" in text and NEW_SENTENCE not in text
    client.post(f"/utkast/{public_id}/klausuler/uppdatera")
    assert NEW_SENTENCE in "\n".join(docx_text(export(client, public_id)))


def test_a_past_export_downloads_again_with_identical_text(client, auth, staff_a, reviewer, reviewer2, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    first = export(client, public_id, language="en", kind="slutversion")
    approve_change("uppfoljning", reviewer, reviewer2)
    client.post(f"/utkast/{public_id}/klausuler/uppdatera")
    assert post_step(client, public_id, "avtalet", {**STEP_DATA["avtalet"], "title": "Ett nytt namn"}).status_code == 302
    export(client, public_id)
    old = exports_of(public_id)[0]
    html = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert "Tidigare nedladdningar" in html and "Ladda ner igen" in html and staff_a.email in html
    response = client.post(f"/utkast/{public_id}/export/{old.public_id}")
    assert response.status_code == 200
    assert docx_text(response.data) == docx_text(first)
    assert not any("Ett nytt namn" in t for t in docx_text(response.data))
    assert any("Ett nytt namn" in t for t in docx_text(client.post(
        f"/utkast/{public_id}/export/{exports_of(public_id)[-1].public_id}").data))
    before, after = docx.Document(io.BytesIO(first)).core_properties, docx.Document(io.BytesIO(response.data)).core_properties
    assert (before.created, before.modified, before.title) == (after.created, after.modified, after.title)


def test_another_organisation_gets_404_on_every_export_url(client, auth, staff_a, staff_b, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    export(client, public_id)
    export_id = exports_of(public_id)[0].public_id
    auth.logout()
    auth.login(staff_b)
    own = complete_draft(client)
    for draft_id in (public_id, own, str(uuid.uuid4())):  # the other's draft, an own draft, a guess
        for some_export in (export_id, str(uuid.uuid4()), "1"):
            assert client.post(f"/utkast/{draft_id}/export/{some_export}").status_code == 404, (draft_id, some_export)
    for path in ("/klausul/uppfoljning/ny-version",):
        assert client.get(f"/utkast/{public_id}{path}").status_code == 404
    for path in ("/klausul/uppfoljning/uppdatera", "/klausuler/uppdatera"):
        assert client.post(f"/utkast/{public_id}{path}").status_code == 404


def test_an_empty_library_is_a_clear_message(client, auth, staff_a):
    auth.login(staff_a)
    public_id = complete_draft(client)
    response = client.post(f"/utkast/{public_id}/export", data=EXPORT, follow_redirects=True)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Klausulbiblioteket är tomt" in html and "flask clauses import clauses" in html
    assert exports_of(public_id) == []


def test_a_withdrawn_clause_blocks_the_export_until_it_is_taken_out(
        client, auth, staff_a, reviewer, reviewer2, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    export(client, public_id)
    review.request_withdrawal(Clause.by_key("jav").approved, reviewer, "Ersätts.")
    review.confirm_withdrawal(Clause.by_key("jav").approved, reviewer2)
    db.session.commit()
    assert "har dragits tillbaka" in client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    response = client.post(f"/utkast/{public_id}/export", data=EXPORT, follow_redirects=True)
    assert "har dragits tillbaka ur klausulbiblioteket" in response.get_data(as_text=True)
    client.post(f"/utkast/{public_id}/klausul/jav/uppdatera")
    export(client, public_id)
    assert "jav" not in [item["clause"] for item in exports_of(public_id)[-1].clause_versions]


def test_the_compiled_library_is_reused_until_it_changes(app, imported, reviewer, reviewer2):
    from app.services.clause_cache import approved_library

    first = approved_library()
    assert len(first) == len(list((PROJECT_ROOT / "clauses").glob("*.yaml")))
    assert approved_library() is first
    approve_change("uppfoljning", reviewer, reviewer2)
    second = approved_library()
    assert second is not first and second["parter"].clause is first["parter"].clause
    assert second["uppfoljning"].version_id != first["uppfoljning"].version_id


def comment_count(data: bytes) -> int:
    return len(list(docx.Document(io.BytesIO(data)).comments))


def test_comments_are_a_choice_for_drafts_and_never_in_a_final(client, auth, staff_a, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    assert comment_count(export(client, public_id)) > 0
    assert comment_count(export(client, public_id, with_comments="")) == 0  # unticked: a clean copy
    assert comment_count(export(client, public_id, kind="slutversion", with_comments="y")) == 0


def test_pdf_choice_is_hidden_without_libreoffice(client, auth, staff_a, imported, monkeypatch):
    from app.agreement import pdf

    auth.login(staff_a)
    public_id = complete_draft(client)
    monkeypatch.setattr(pdf, "soffice_path", lambda: None)
    assert 'value="pdf"' not in client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    response = client.post(f"/utkast/{public_id}/export", data={**EXPORT, "file_format": "pdf"},
                           follow_redirects=True)
    assert "PDF kan inte skapas på den här servern" in response.get_data(as_text=True)


def test_pdf_export_when_libreoffice_is_installed(client, auth, staff_a, imported):
    from app.agreement import pdf

    if not pdf.pdf_available():
        pytest.skip("LibreOffice is not installed")
    auth.login(staff_a)
    public_id = complete_draft(client)
    assert 'value="pdf"' in client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    response = client.post(f"/utkast/{public_id}/export", data={**EXPORT, "file_format": "pdf"})
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")


def test_a_slow_pdf_conversion_holds_no_lock_while_a_colleague_saves_and_someone_logs_in(
        app, client, auth, staff_a, imported, monkeypatch):
    from sqlalchemy import create_engine, insert, text, update

    from app.agreement import pdf
    from app.models import AuditEvent

    auth.login(staff_a)
    public_id = complete_draft(client)
    draft_id = draft_of(public_id).id
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    # Another process: it waits at most a second for a lock (SQLite's busy timeout, PostgreSQL's lock_timeout).
    other = create_engine(url, connect_args={"timeout": 1} if url.startswith("sqlite") else {})
    writes = []

    def slow_conversion(content: bytes, lang: str = "sv", **_kwargs) -> bytes:
        with other.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET LOCAL lock_timeout = '1s'"))
            # A colleague's save of the same draft, and the audit row of a login, during the conversion.
            conn.execute(update(Draft.__table__).where(Draft.__table__.c.id == draft_id).values(title="Ändrad titel"))
            conn.execute(insert(AuditEvent.__table__).values(action="login", details={}))
        writes.append("ok")
        return b"%PDF-1.7 converted"

    monkeypatch.setattr(pdf, "pdf_available", lambda: True)
    monkeypatch.setattr(pdf, "convert_in_worker", slow_conversion)
    before = len(exports_of(public_id))
    response = client.post(f"/utkast/{public_id}/export", data={**EXPORT, "file_format": "pdf"})
    other.dispose()
    assert writes == ["ok"]
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert len(exports_of(public_id)) == before + 1  # recorded after the conversion succeeded


def test_a_failed_pdf_conversion_records_no_export(client, auth, staff_a, imported, monkeypatch):
    from app.agreement import pdf

    def failing(content: bytes, lang: str = "sv", **_kwargs) -> bytes:
        raise pdf.PdfError("timeout")

    auth.login(staff_a)
    public_id = complete_draft(client)
    monkeypatch.setattr(pdf, "pdf_available", lambda: True)
    monkeypatch.setattr(pdf, "convert_in_worker", failing)
    response = client.post(f"/utkast/{public_id}/export", data={**EXPORT, "file_format": "pdf"},
                           follow_redirects=True)
    assert "PDF-filen kunde inte skapas" in response.get_data(as_text=True)
    assert exports_of(public_id) == []


def test_the_review_page_lists_the_newest_exports_and_says_how_many_there_are(client, auth, staff_a, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    draft = draft_of(public_id)
    for day in range(1, 23):
        db.session.add(Export(draft_id=draft.id, organisation_id=draft.organisation_id, created_by_id=staff_a.id,
                              created_at=dt.datetime(2027, 1, day, 12), language="sv", final=False,
                              with_comments=True, assessed_on=dt.date(2027, 1, day), answers={}, assessment={},
                              clause_versions=[]))
    db.session.commit()
    html = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    assert "Visar de 20 senaste av 22 nedladdningar." in html
    assert "2027-01-22" in html and "2027-01-02" not in html


def test_deleting_a_downloaded_draft_keeps_its_exports(client, auth, staff_a, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    export(client, public_id)
    export(client, public_id)
    page = client.get(f"/utkast/{public_id}/ta-bort").get_data(as_text=True)
    assert "Utkastet har laddats ner 2 gånger." in page and "sparas nedladdningarna" in page
    response = client.post(f"/utkast/{public_id}/ta-bort", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Dess 2 nedladdningar finns kvar" in html and public_id not in html  # gone from the list
    assert client.get(f"/utkast/{public_id}/granska").status_code == 404  # and cannot be opened
    db.session.expire_all()
    draft = db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one()
    records = exports_of(public_id)
    assert draft.archived_at is not None and len(records) == 2
    assert all(r.answers["title"] == draft.title and r.clause_versions for r in records)  # the snapshots stay


def test_a_draft_never_downloaded_is_deleted_and_the_page_says_so(client, auth, staff_a, imported):
    auth.login(staff_a)
    public_id = complete_draft(client)
    assert "Det har aldrig laddats ner" in client.get(f"/utkast/{public_id}/ta-bort").get_data(as_text=True)
    client.post(f"/utkast/{public_id}/ta-bort")
    assert db.session.execute(select(Draft).filter_by(public_id=public_id)).scalar_one_or_none() is None


def test_files_and_past_downloads_say_language_version_and_format(client, auth, staff_a, imported, monkeypatch):
    from app.agreement import pdf
    from app.models.audit import AuditEvent

    auth.login(staff_a)
    public_id = complete_draft(client)
    english = client.post(f"/utkast/{public_id}/export", data={**EXPORT, "language": "en"})
    assert "Rannebergen-draft-en.docx" in english.headers["Content-Disposition"]
    monkeypatch.setattr(pdf, "pdf_available", lambda: True)
    monkeypatch.setattr(pdf, "convert_in_worker", lambda content, lang: b"%PDF-1.7 test")
    as_pdf = client.post(f"/utkast/{public_id}/export", data={**EXPORT, "file_format": "pdf"})
    assert as_pdf.mimetype == "application/pdf"
    assert "Rannebergen-utkast-sv.pdf" in as_pdf.headers["Content-Disposition"]
    events = [e.action for e in db.session.execute(select(AuditEvent).order_by(AuditEvent.id)).scalars()]
    assert events[-2:] == ["draft_export_docx", "draft_export_pdf"]
    newest = db.session.execute(select(Export).order_by(Export.id.desc())).scalars().first()
    assert newest.file_format == "pdf" and newest.with_comments is False  # a PDF carries no Word comments
    page = client.get(f"/utkast/{public_id}/granska").get_data(as_text=True)
    history = page[page.index('id="past-exports-heading"'):]
    assert "<td>PDF</td>" in history and "<td>Word</td>" in history
    assert "Ladda ner igen (som Word-dokument)" in history
    # "with comments" is offered for a Word draft only
    assert 'data-show-when="!file_format=pdf"' in page and 'data-show-when="kind=utkast"' in page
