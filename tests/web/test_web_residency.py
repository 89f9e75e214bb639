"""Browser flow of the residency fast track and the hydrogen check (Chromium, headless): a
company files an application, the prefecture officer certifies it, the company files a CoE
case, the immigration officer sees it with a deadline colour and asks for a document, the
company uploads it (a file of the wrong type refused first), the officer opens it, the
dashboard chart renders, and the hydrogen page gives a verdict. Screenshots are kept in
tests/web/artifacts/."""

from __future__ import annotations

from typing import Any

from web_support import ARTIFACTS, signed_in, wait_ready

VIEW = {"width": 1280, "height": 900}
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n% tax certificate 2025\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de"
                    "0000000c4944415478da63f8cfc0000003010100c9fe92ef0000000049454e44ae426082")


def _documents_requested_and_supplied(company: Any, immigration: Any, case_id: str) -> None:
    """Immigration asks for a tax certificate; the company uploads it; the officer opens it."""
    immigration.locator(f"tr[data-case='{case_id}'] [data-req]").click()
    immigration.wait_for_selector(f"tr[data-case='{case_id}'] .pill.live")  # awaiting documents

    company.reload()
    wait_ready(company, "company_kumamoto")
    item = company.locator(f"[data-upload='{case_id}']")
    item.wait_for()
    assert "納税証明書" in item.locator(".requested").inner_text()
    files = item.locator("input[type=file]")
    files.set_input_files([{"name": "memo.txt", "mimeType": "text/plain", "buffer": b"memo"}])
    assert "PDF・PNG・JPEG" in item.locator("[data-err]").inner_text()
    assert item.locator("[data-send]").is_disabled()
    # Named like a PDF but not one: the page lets it through, the service refuses it (415).
    files.set_input_files([{"name": "fake.pdf", "mimeType": "application/pdf",
                            "buffer": b"not really a pdf"}])
    item.locator("[data-send]").click()
    company.wait_for_function(
        f"document.querySelector(\"[data-upload='{case_id}'] [data-err]\").textContent"
        ".includes('fake.pdf')")
    assert "PDF・PNG・JPEG" in item.locator("[data-err]").inner_text()
    company.screenshot(path=str(ARTIFACTS / "residency-company-upload-refused.png"),
                       full_page=True)
    # English on the toggle, Japanese again after.
    requested = f"document.querySelector(\"[data-upload='{case_id}'] .requested\")"
    company.click("#lang")  # the items are drawn again once the lists are reloaded
    company.wait_for_function(f"{requested}?.textContent.startsWith('Requested')")
    assert company.inner_text("#uploadcard h2") == "Supply the requested documents"
    assert "Choose files" in item.locator(".filepick").inner_text()
    company.click("#lang")
    company.wait_for_function(f"{requested}?.textContent.startsWith('求められた書類')")
    assert company.inner_text("#uploadcard h2") == "追加書類の提出"
    files.set_input_files([
        {"name": "納税証明書.pdf", "mimeType": "application/pdf", "buffer": PDF},
        {"name": "receipt.png", "mimeType": "image/png", "buffer": PNG}])
    assert item.locator("[data-chosen] tbody tr").count() == 2
    assert item.locator("[data-err]").inner_text() == ""
    company.screenshot(path=str(ARTIFACTS / "residency-company-upload.png"), full_page=True)
    item.locator("[data-send]").click()
    company.wait_for_selector(f"body[data-docs-sent='{case_id}']")
    assert case_id in company.inner_text("#uploadok")
    assert company.locator(f"[data-upload='{case_id}']").count() == 0
    row = company.locator(f"#cases tr[data-case='{case_id}']")
    assert row.locator("[data-docs]").get_attribute("data-docs") == "2"
    company.screenshot(path=str(ARTIFACTS / "residency-company-uploaded.png"), full_page=True)

    immigration.reload()
    wait_ready(immigration, "immigration")
    mine = immigration.locator(f"tr[data-case='{case_id}']")
    assert mine.locator("[data-docs]").get_attribute("data-docs") == "2"
    mine.locator("[data-open]").click()
    immigration.wait_for_selector(f"body[data-opened='{case_id}']")
    listed = immigration.locator("#doclist tbody tr")
    assert listed.count() == 2
    assert "納税証明書.pdf" in listed.first.inner_text()
    with immigration.expect_download() as info:
        listed.first.locator("[data-get]").click()
    download = info.value
    assert download.suggested_filename == "納税証明書.pdf"
    with open(download.path(), "rb") as fh:
        assert fh.read() == PDF
    immigration.screenshot(path=str(ARTIFACTS / "residency-cases-documents.png"),
                           full_page=True)


def test_application_certified_case_listed_dashboard_and_hydrogen(browser: Any,
                                                                 server: str) -> None:
    company = signed_in(browser, server, "company_kumamoto", "/residency/company", VIEW)
    assert company.locator("header .logo small").inner_text().startswith("外国人エンジニア")
    assert company.input_value("#corp") == "7000012050002"
    company.click("#certsubmit")
    company.wait_for_selector("body[data-cert-filed]")
    cert_id = company.get_attribute("body", "data-cert-filed")
    company.wait_for_selector(f"[data-cert='{cert_id}'] .pill.warn")
    company.screenshot(path=str(ARTIFACTS / "residency-company.png"), full_page=True)

    officer = signed_in(browser, server, "officer_kumamoto", "/residency/review", VIEW)
    card = officer.locator(f"[data-cert='{cert_id}']")
    row = card.locator("[data-decide='STABLE_MANAGEMENT']")
    row.locator("[data-reason]").fill("受注残が2年分あり、純資産も十分")
    row.locator("[data-evidence]").fill("決算書 2023-2024")
    row.locator("[data-result='pass']").click()
    officer.wait_for_selector("body[data-decided]")
    officer.screenshot(path=str(ARTIFACTS / "residency-review.png"), full_page=True)
    officer.locator(f"[data-cert='{cert_id}'] [data-certify]").click()
    officer.wait_for_selector("body[data-certified]")
    officer.wait_for_selector(f"[data-cert='{cert_id}']", state="detached")  # left the queue

    company.reload()
    wait_ready(company, "company_kumamoto")
    company.wait_for_selector(f"[data-cert='{cert_id}'] .pill.ok")
    company.click("#casesubmit")
    company.wait_for_selector("body[data-case-filed]")
    case_id = company.get_attribute("body", "data-case-filed")

    immigration = signed_in(browser, server, "immigration", "/residency/cases", VIEW)
    mine = immigration.locator(f"tr[data-case='{case_id}']")
    assert mine.get_attribute("data-status") == "on_track"
    assert mine.locator(".pill.ok").first.is_visible()
    statuses = immigration.eval_on_selector_all("tr[data-status]",
                                                "els => els.map(e => e.dataset.status)")
    assert {"on_track", "at_risk", "breached"} <= set(statuses)
    immigration.screenshot(path=str(ARTIFACTS / "residency-cases.png"), full_page=True)
    _documents_requested_and_supplied(company, immigration, case_id)

    immigration.click("nav a[href='/residency/dashboard']")
    immigration.wait_for_url("**/residency/dashboard")
    wait_ready(immigration, "immigration-dashboard")
    immigration.wait_for_selector("body[data-chart='drawn']")
    assert immigration.locator("#median-chart polyline").count() >= 4
    assert int(immigration.inner_text("#kpi-breached")) >= 1
    immigration.screenshot(path=str(ARTIFACTS / "residency-dashboard.png"), full_page=True)

    company.goto(f"{server}/hydrogen")
    wait_ready(company, "hydrogen")
    company.select_option("#district", "commercial")
    company.fill("#amount", "1500")
    company.click("#h2check")
    company.wait_for_selector("body[data-verdict]")
    assert company.get_attribute("#h2verdict", "data-allowed") == "false"
    assert "1,400" in company.inner_text("#h2cap")
    assert "公開による意見の聴取" in company.inner_text("#h2verdict")
    company.screenshot(path=str(ARTIFACTS / "hydrogen.png"), full_page=True)
    for page in (company, officer, immigration):
        assert not page.errors, page.errors
