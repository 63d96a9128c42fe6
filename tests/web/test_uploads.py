"""The upload pages: a Word file → a new draft; a partner's tracked file → confirmation → proposals."""
from __future__ import annotations

import io
import re

import pytest

from resolutions.formats.docx_writer import write_docx
from resolutions.services import drafts, proposal_views, upload_tokens
from tests.conftest import draft_json
from tests.services.word_edits import WordEdits


def upload(data: bytes, name: str = "draft.docx") -> dict:
    return {"file": (io.BytesIO(data), name)}


@pytest.fixture
def shared(circulated, session, actors):
    return drafts.view(session, actors["us"], circulated["id"])


@pytest.fixture
def partners_file(shared) -> bytes:
    return (WordEdits(write_docx(shared.document, [shared.penholder]))
            .replace("Jane Doe (Japan)", "coordinated actions", "joint and coordinated actions")
            .delete_paragraph("Delegación de México", "Requests the Secretary-General")
            .bytes())


def confirmation_fields(page: str) -> list[tuple[str, str]]:
    """The confirmation form's fields as the page pre-fills them."""
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    fields = [("token", token)]
    fields += [("author", a) for a in re.findall(r'name="author" value="([^"]*)"', page)]
    for select in re.findall(r'<select name="delegation">(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', select)
        fields.append(("delegation", chosen.group(1) if chosen else ""))
    fields += [("change", n) for n in re.findall(r'name="change" value="(\d+)"', page)]
    return fields


def test_pages_need_a_login(app):
    client = app.test_client()
    assert client.get("/drafts/upload").status_code == 302
    assert client.get("/drafts/1/upload").status_code == 302


def test_a_post_without_the_csrf_token_is_refused(browser_for, draft):
    us = browser_for("us@example.org")
    response = us.client.post("/drafts/upload", data=upload(write_docx(draft.document, ["United States of America"])),
                              content_type="multipart/form-data")
    assert response.status_code == 400 and b"security token" in response.data


def test_new_draft_from_a_word_file(browser_for, draft):
    us = browser_for("us@example.org")
    assert 'action="/drafts/upload"' in us.get("/drafts/new").get_data(as_text=True)
    data = write_docx(draft.document, ["United States of America", "Japan", "Mexico"])
    response = us.post("/drafts/upload", upload(data, "ours.docx"), content_type="multipart/form-data")
    assert response.status_code == 302
    page = us.get(response.headers["Location"]).get_data(as_text=True)
    assert "Draft created from ours.docx" in page
    assert "The file names Japan and Mexico as sponsors: they can join once you circulate it" in page
    assert "join once" not in page.replace("can join once", "")  # nothing makes them join
    assert "to carry out coordinated actions at all levels;" in page


@pytest.mark.parametrize("data, message", [
    (b"%PDF-1.7\n...", "this is a PDF"),
    (b"not a word file at all", "not a zip package"),
])
def test_not_a_word_file_is_a_400_naming_the_problem(browser_for, data, message):
    us = browser_for("us@example.org")
    response = us.post("/drafts/upload", upload(data), content_type="multipart/form-data")
    assert response.status_code == 400 and message in response.get_data(as_text=True)


def test_no_file_chosen(browser_for):
    response = browser_for("us@example.org").post("/drafts/upload", {}, content_type="multipart/form-data")
    assert response.status_code == 400 and "choose a Word (.docx) file" in response.get_data(as_text=True)


def test_too_large_is_a_413(app, browser_for):
    us = browser_for("us@example.org")
    app.config["MAX_CONTENT_LENGTH"] = 50_000
    response = us.post("/drafts/upload", upload(b"PK" + b"\0" * 60_000), content_type="multipart/form-data")
    assert response.status_code == 413 and "larger than" in response.get_data(as_text=True)


def test_partner_file_to_proposals(browser_for, shared, partners_file):
    us = browser_for("us@example.org")
    compilation = us.get(f"/drafts/{shared.id}/compilation").get_data(as_text=True)
    assert f'href="/drafts/{shared.id}/upload"' in compilation
    response = us.post(f"/drafts/{shared.id}/upload", upload(partners_file, "from partners.docx"),
                       content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Changes in from partners.docx" in page and "Jane Doe (Japan)" in page
    assert "<ins>joint and </ins>" in page
    fields = confirmation_fields(page)
    assert ("delegation", "Japan") in fields and ("delegation", "Mexico") in fields
    done = us.post(f"/drafts/{shared.id}/upload/confirm", fields)
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/drafts/{shared.id}/compilation")
    after = us.get(done.headers["Location"]).get_data(as_text=True)
    assert "2 proposals made from the file." in after
    assert "From from partners.docx, uploaded by us@example.org" in after


def test_tampered_and_expired_tokens(browser_for, shared, partners_file, monkeypatch):
    jp = browser_for("jp@example.org")
    page = jp.post(f"/drafts/{shared.id}/upload", upload(partners_file), content_type="multipart/form-data")
    fields = confirmation_fields(page.get_data(as_text=True))
    tampered = [(k, v[:-4] + "AAAA" if k == "token" else v) for k, v in fields]
    response = jp.post(f"/drafts/{shared.id}/upload/confirm", tampered)
    assert response.status_code == 400 and "altered" in response.get_data(as_text=True)
    monkeypatch.setattr(upload_tokens, "TOKEN_MAX_AGE", -1)
    response = jp.post(f"/drafts/{shared.id}/upload/confirm", fields)
    assert response.status_code == 400 and "expired" in response.get_data(as_text=True)


def test_attributing_to_another_delegation_is_refused_and_the_page_comes_back(browser_for, shared, partners_file):
    jp = browser_for("jp@example.org")
    page = jp.post(f"/drafts/{shared.id}/upload", upload(partners_file), content_type="multipart/form-data")
    fields = confirmation_fields(page.get_data(as_text=True))
    forged = [(k, "Mexico" if k == "delegation" else v) for k, v in fields]
    response = jp.post(f"/drafts/{shared.id}/upload/confirm", forged)
    assert response.status_code == 403
    assert ("may make proposals in the name of Mexico; you may make them for Japan (choose Japan or no one for "
            "Jane Doe (Japan))") in response.get_data(as_text=True)
    assert 'name="token"' in response.get_data(as_text=True)  # the confirmation page, not lost


def test_nothing_ticked(browser_for, shared, partners_file):
    jp = browser_for("jp@example.org")
    page = jp.post(f"/drafts/{shared.id}/upload", upload(partners_file), content_type="multipart/form-data")
    fields = [f for f in confirmation_fields(page.get_data(as_text=True)) if f[0] != "change"]
    response = jp.post(f"/drafts/{shared.id}/upload/confirm", fields)
    assert response.status_code == 400 and "tick at least one change" in response.get_data(as_text=True)


def test_a_draft_the_delegation_cannot_see_is_a_404(browser_for, draft):
    jp = browser_for("jp@example.org")
    data = write_docx(draft.document, ["United States of America"])
    assert jp.get(f"/drafts/{draft.id}/upload").status_code == 404
    response = jp.post(f"/drafts/{draft.id}/upload", upload(data), content_type="multipart/form-data")
    assert response.status_code == 404
    assert jp.post(f"/drafts/{draft.id}/upload/confirm", [("token", "x")]).status_code == 404


def test_the_secretariat_makes_no_proposals(browser_for, shared, partners_file):
    sec = browser_for("sec@example.org")
    response = sec.post(f"/drafts/{shared.id}/upload", upload(partners_file), content_type="multipart/form-data")
    assert response.status_code == 403
    response = sec.post("/drafts/upload", upload(write_docx(shared.document, [])), content_type="multipart/form-data")
    assert response.status_code == 403


def test_names_in_the_file_are_escaped(browser_for, shared):
    evil = "<script>alert(1)</script> (Japan)"
    data = WordEdits(write_docx(shared.document, [shared.penholder])).replace(
        evil, "coordinated", "<b>bold</b>").bytes()
    page = browser_for("us@example.org").post(f"/drafts/{shared.id}/upload", upload(data, "<i>x</i>.docx"),
                                               content_type="multipart/form-data").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page and "<i>x</i>" not in page


def test_unused_fixture_draft_json_shape():
    # the upload tests rely on these words of the shared draft
    text = " ".join(p["text"] for p in draft_json()["operative"])
    assert "coordinated actions" in text and "Requests the Secretary-General" in text


def test_a_second_confirmation_of_one_file_is_a_409(browser_for, shared, partners_file):
    """After the penholder rejects them, posting the same confirmation again makes nothing."""
    us = browser_for("us@example.org")
    page = us.post(f"/drafts/{shared.id}/upload", upload(partners_file), content_type="multipart/form-data")
    fields = confirmation_fields(page.get_data(as_text=True))
    assert us.post(f"/drafts/{shared.id}/upload/confirm", fields).status_code == 302
    again = us.post(f"/drafts/{shared.id}/upload/confirm", fields)
    assert again.status_code == 409
    assert "confirmed already" in again.get_data(as_text=True) and 'type="file"' in again.get_data(as_text=True)


def test_the_history_names_the_uploader_and_the_partner(browser_for, shared, partners_file):
    us = browser_for("us@example.org")
    page = us.post(f"/drafts/{shared.id}/upload", upload(partners_file), content_type="multipart/form-data")
    us.post(f"/drafts/{shared.id}/upload/confirm", confirmation_fields(page.get_data(as_text=True)))
    history = us.get(f"/drafts/{shared.id}/history").get_data(as_text=True)
    assert "United States of America for Mexico proposed on OP3" in history
    assert "United States of America for Japan proposed on OP1" in history


def test_an_email_author_shows_no_other_delegation(browser_for, shared):
    """Japan's page says nothing of whose address mx@example.org is."""
    data = WordEdits(write_docx(shared.document, [shared.penholder])).replace(
        "mx@example.org", "coordinated actions", "joint actions").bytes()
    page = browser_for("jp@example.org").post(f"/drafts/{shared.id}/upload", upload(data),
                                               content_type="multipart/form-data").get_data(as_text=True)
    assert "mx@example.org" in page and "Mexico" not in page and "looks like" not in page
    assert "You may propose in the name of Japan only" in page


def test_a_file_uploaded_again_says_why_each_change_is_not_proposed(browser_for, shared, partners_file, session,
                                                                    actors):
    """Delegate trial: the second upload of a file whose changes are proposals already."""
    us = browser_for("us@example.org")
    for _ in range(2):
        page = us.post(f"/drafts/{shared.id}/upload", upload(partners_file), content_type="multipart/form-data")
        done = us.post(f"/drafts/{shared.id}/upload/confirm", confirmation_fields(page.get_data(as_text=True)))
        assert done.status_code == 302
    after = us.get(done.headers["Location"]).get_data(as_text=True)
    assert ("No proposal was made from the file: none of the 2 ticked changes could be proposed, for the reasons "
            "below.") in after
    made = proposal_views.of_draft(session, actors["us"], shared.id)
    assert len(made) == 2
    for view in made:
        assert f"proposal {view.id} ({view.delegations[0]}) proposes this already; join it instead" in after
    assert after.count("Not proposed: Change ") == 2


def test_author_choices_sort_accents_as_letters(browser_for, shared):
    """Côte d'Ivoire before Cuba and Czechia, Türkiye before Turkmenistan and Tuvalu."""
    data = WordEdits(write_docx(shared.document, [shared.penholder])).replace(
        "Jane Doe (Japan)", "coordinated actions", "joint actions").bytes()
    page = browser_for("us@example.org").post(f"/drafts/{shared.id}/upload", upload(data),
                                               content_type="multipart/form-data").get_data(as_text=True)
    options = re.findall(r'<option value="([^"]*)"', page)
    assert options[0] == "" and ">No one: not proposed<" in page
    assert options.index("Côte d’Ivoire") < options.index("Cuba") < options.index("Czechia")
    assert options.index("Türkiye") < options.index("Turkmenistan") < options.index("Tuvalu")
