#!/usr/bin/python3
"""keiyaku serve in a real browser: Debian's chromium, driven by python3-selenium through
chromium-driver. Signs in, uploads a contract through the page's file input, reads a verdict,
records a verification, prints the review to PDF, checking the PDF with keiyaku's own PDF reader
(the summary alone on the first page, the findings after it), and switches the pages to English.

usage: tests/browser/serve_browser_test.py BUILD_DIR     (exit 0 passed, 1 failed, 77 skipped)
"""

import base64
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_client as sc  # noqa: E402

SKIP = 77


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    keiyaku = os.path.join(build, "keiyaku")
    chromium = shutil.which("chromium")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        print("SKIPPED: chromium and chromium-driver are not installed (scripts/deps.sh installs them)")
        return SKIP
    try:
        from selenium import webdriver
        from selenium.webdriver.common.by import By
        from selenium.webdriver.chrome.service import Service as DriverService
        from selenium.webdriver.common.print_page_options import PrintOptions
        from selenium.webdriver.support.ui import WebDriverWait
        from selenium.common.exceptions import StaleElementReferenceException
    except ImportError:
        print("SKIPPED: python3-selenium is not installed (scripts/deps.sh installs it)")
        return SKIP

    server = sc.Server(keiyaku)
    profile = tempfile.mkdtemp(prefix="keiyaku-chromium-")
    tmp = tempfile.mkdtemp(prefix="keiyaku-print-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--lang=ja", "--user-data-dir=" + profile):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=DriverService(driver_path), options=options)
    driver.set_page_load_timeout(120)
    checks = []

    def wait_for(part):
        """Waits until the page the last click led to is loaded (a form POST answers with 303)."""
        try:
            WebDriverWait(driver, 60).until(lambda d: part in d.current_url
                                            and d.execute_script("return document.readyState") == "complete")
        except Exception:  # the check that follows reports it
            pass

    def check(ok, what):
        checks.append((ok, what))
        print(("ok   " if ok else "FAIL ") + what)

    try:
        # Sign in.
        # Headless Chromium asks for en-US whatever --lang says: the Japanese pages are chosen with
        # the switch's ?lang=ja, which a cookie keeps.
        driver.get(server.url + "/?lang=ja")
        check("/login" in driver.current_url, "an anonymous visit is sent to the sign-in page")
        driver.find_element(By.NAME, "user").send_keys("shinsa")
        driver.find_element(By.NAME, "password").send_keys(sc.PASSWORD)
        driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
        wait_for(server.url + "/")
        check("shinsa" in driver.find_element(By.CSS_SELECTOR, ".who").text, "signed in as shinsa")

        # Review a draft: the file input the drop area fills.
        sample = os.path.abspath("samples/outsourcing-tokki.docx")
        driver.find_element(By.ID, "file").send_keys(sample)
        driver.find_element(By.CSS_SELECTOR, "#upload-form button[type=submit]").click()
        wait_for("/contracts/")
        check("/contracts/" in driver.current_url, "the upload leads to the review page")
        rows = driver.find_elements(By.CSS_SELECTOR, "table.verdicts tbody tr")
        verdicts = {r.find_element(By.CSS_SELECTOR, "td strong").text: r.find_element(By.CSS_SELECTOR, "td.status").text
                    for r in rows if r.find_elements(By.CSS_SELECTOR, "td.status")}
        check(verdicts.get("OUT-08") == "充足", f"OUT-08 reads 充足 (got {verdicts.get('OUT-08')!r})")
        check(len(verdicts) >= 10, f"every requirement has a row ({len(verdicts)})")
        review_url = driver.current_url

        # Print to PDF: summary first, then the findings.
        pdf = base64.b64decode(driver.print_page(PrintOptions()))
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        check(pages >= 2, f"the review prints on {pages} A4 pages")
        pdf_path = os.path.join(tmp, "review.pdf")
        with open(pdf_path, "wb") as f:
            f.write(pdf)
        if os.environ.get("KEIYAKU_KEEP_PRINT"):
            shutil.copy(pdf_path, os.environ["KEIYAKU_KEEP_PRINT"])
        text = subprocess.run([keiyaku, "extract", pdf_path], capture_output=True, text=True).stdout
        summary_at = text.find("審査結果 #")
        findings_at = text.find("要件ごとの判定")
        check(0 <= summary_at < findings_at, "the summary comes before the findings in the printed PDF")
        check("ログアウト" not in text and "絞り込む" not in text, "navigation and filters are not printed")
        check("OUT-08" in text, "the findings are printed")
        # keiyaku's PDF reader sets apart a line that repeats at the top of pages: the table header.
        check("[header]: 要件 重要度 判定" in text, "the findings table repeats its header on every page")

        # Record a verification for a new vendor.
        driver.get(server.url + "/vendors")
        driver.find_element(By.NAME, "name").send_keys("株式会社みなと計算センター")
        driver.find_element(By.NAME, "corporate_number").send_keys("9234567890123")
        driver.find_element(By.CSS_SELECTOR, "form.card button[type=submit]").click()
        wait_for("/vendors/")
        check("/vendors/" in driver.current_url, "the vendor was added")
        form = driver.find_element(By.ID, "verify-form")
        form.find_element(By.NAME, "note").send_keys("チェックシートで確認")
        form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        # The page may be replaced between finding the body and reading it: ask again until it holds.
        WebDriverWait(driver, 60, ignored_exceptions=(StaleElementReferenceException,)).until(
            lambda d: "チェックシートで確認" in d.find_element(By.TAG_NAME, "body").text)
        body = driver.find_element(By.TAG_NAME, "body").text
        check("チェックシートで確認" in body and "確認済" in body, "the verification is recorded and the vendor is 確認済")

        driver.get(server.url + "/history")
        check("改ざんは見つかりませんでした" in driver.find_element(By.TAG_NAME, "body").text,
              "the history page shows db verify's result")
        driver.get(review_url)
        # The language switch: the same review in English, and the choice kept on the next page.
        driver.find_element(By.CSS_SELECTOR, "p.lang a").click()
        wait_for("lang=en")
        body = driver.find_element(By.TAG_NAME, "body").text
        check("Verdict by requirement" in body and "Sign out" in body and "OUT-08" in body,
              "the switch shows the review in English")
        driver.get(server.url + "/waivers")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Waivers",
              "the waiver list opens in English after the switch")
    finally:
        driver.quit()
        server.stop(remove=True)
        shutil.rmtree(profile, ignore_errors=True)
        shutil.rmtree(tmp, ignore_errors=True)
    failed = [what for ok, what in checks if not ok]
    print(f"{len(checks) - len(failed)} of {len(checks)} browser checks passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
