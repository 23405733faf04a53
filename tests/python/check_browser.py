#!/usr/bin/env python3
"""Browser check of the web page of `claimgraph serve`, in headless Chromium through Selenium.

    pip install selenium                       # and: apt-get install -y chromium chromium-driver
    claimgraph serve &                         # the shipped knowledge base, as loaded by default
    python3 tests/python/check_browser.py http://127.0.0.1:PORT /tmp/screens

It drives the page as a reader would and stops at the first failure, with a message saying
what was expected and what the page showed:

1. #/claims?unconfirmed=1 lists the 65 unconfirmed claims of the shipped knowledge base: the
   total says 65, the first page has 50 rows and the next one 15 (time from navigation to the
   table drawn is printed; the goal is under a second);
2. #/claim/claim-camara-killed shows its Arabic evidence quote (lang="ar", dir="rtl") and a
   status history of at least one change;
3. #/claims?contested=1 includes JNIM's claim of the Bamako airport attack and the army's
   denial of it;
4. the query view runs a named query with a parameter, an ad-hoc COUNT query (one row), and
   shows the parser's message for a malformed query in #query-error;
5. #/timeline draws at least one .timeline-item and #/map at least one .map-point;
6. with the language switched to Arabic, the claim table shows Arabic statements.

The browser console must have no SEVERE entry, except the 400 answer to the malformed query
of step 4. Screenshots of each view go to SCREENSHOT_DIR (claims.png, claim.png,
contested.png, query.png, timeline.png, map.png, claims-ar.png; failure.png on a failure).

Every wait is an explicit WebDriverWait on a condition the page sets: a view sets data-ready
on <main id="view"> to the hash it has drawn.

Prints one line per check ("ok: ...", "FAIL: ..."), then "N passed, N failed"; exits 1 on a
failure.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

try:
    from selenium import webdriver
    from selenium.common.exceptions import TimeoutException, WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError as exc:  # pragma: no cover - environment problem, not a check
    sys.exit(f"error: {exc}\nhint: pip install selenium")

ID = "https://w3id.org/claimgraph/id/"
UNCONFIRMED_CLAIMS = 65  # in the shipped knowledge base (README: `claimgraph claims --unconfirmed`)
PAGE_SIZE = 50
JNIM_AIRPORT_CLAIM = ID + "claim-jnim-bamako-airport-attack"
ARMY_DENIAL = ID + "claim-fama-denies-bamako-attacks"
ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
TIMEOUT = float(os.environ.get("CHECK_BROWSER_TIMEOUT", "20"))
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")


class Failure(Exception):
    """A check that did not hold; the message says what was expected and what was seen."""


class Checker:
    def __init__(self, base: str, shots: Path) -> None:
        self.base = base.rstrip("/")
        self.shots = shots
        self.passed = 0
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                         "--window-size=1400,1000", "--lang=en-GB"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
        self.driver.set_page_load_timeout(TIMEOUT)

    # ---------------------------------------------------------------- helpers

    def ok(self, message: str) -> None:
        self.passed += 1
        print(f"ok: {message}", flush=True)

    def wait(self, condition, what: str, timeout: float = TIMEOUT):
        try:
            return WebDriverWait(self.driver, timeout, poll_frequency=0.05).until(condition)
        except TimeoutException:
            raise Failure(f"timed out after {timeout:.0f} s waiting for {what} (at {self.driver.current_url})") from None

    def ready(self) -> bool:
        """The view has drawn the hash the browser is at."""
        return self.driver.execute_script(
            "const v = document.getElementById('view');"
            "return !!v && v.dataset.ready !== undefined && v.dataset.ready === location.hash;")

    def wait_ready(self, what: str) -> None:
        self.wait(lambda d: self.ready(), f"{what} to be drawn")
        errors = self.driver.find_elements(By.ID, "view-error")
        if errors:
            raise Failure(f"{what}: the page shows an error: {errors[0].text}")

    def go(self, fragment: str, what: str) -> float:
        """Opens BASE/#/…, waits for the view and returns the seconds it took."""
        started = time.perf_counter()
        self.driver.get(f"{self.base}/{fragment}")
        self.wait_ready(what)
        return time.perf_counter() - started

    def css(self, selector: str):
        return self.driver.find_elements(By.CSS_SELECTOR, selector)

    def screenshot(self, name: str) -> None:
        self.driver.save_screenshot(str(self.shots / name))

    def claim_rows(self) -> list[str]:
        return [row.get_attribute("data-claim") for row in self.css("#claims-table tbody tr.claim-row")]

    def text_of(self, element_id: str) -> str:
        found = self.driver.find_elements(By.ID, element_id)
        return found[0].text.strip() if found else ""

    def console(self, step: str, allowed=lambda entry: False) -> None:
        """Fails on a SEVERE console entry other than those `allowed`; reading clears the log."""
        severe = [e for e in self.driver.get_log("browser") if e.get("level") == "SEVERE" and not allowed(e)]
        if severe:
            listed = "\n  ".join(e.get("message", "") for e in severe)
            raise Failure(f"{step}: the browser console has SEVERE errors:\n  {listed}")

    def next_page(self, what: str) -> None:
        before = self.driver.execute_script("return location.hash")
        self.driver.find_element(By.ID, "page-next").click()
        self.wait(lambda d: d.execute_script("return location.hash") != before, f"{what}: the next page's address")
        self.wait_ready(what)

    # ---------------------------------------------------------------- checks

    def check_unconfirmed(self) -> None:
        seconds = self.go("#/claims?unconfirmed=1", "the unconfirmed claims")
        # The page's own clock: from navigation start (performance.now() origin) to the table
        # drawn, and the part of it after the script started; the wall-clock figure adds
        # chromedriver's round trips.
        since_load, drawn_ms = self.driver.execute_script(
            "const v = document.getElementById('view'); return [Number(v.dataset.sinceLoad), Number(v.dataset.ms)]")
        first = self.claim_rows()
        total = self.text_of("claims-total")
        self.screenshot("claims.png")
        if total != str(UNCONFIRMED_CLAIMS):
            raise Failure(f"#/claims?unconfirmed=1: #claims-total says {total!r}, expected {UNCONFIRMED_CLAIMS}")
        if len(first) != PAGE_SIZE:
            raise Failure(f"#/claims?unconfirmed=1: the first page has {len(first)} rows, expected {PAGE_SIZE}")
        badges = self.css("#claims-table tbody tr.claim-row .badge[class*='status-']")
        if len(badges) != len(first):
            raise Failure(f"#/claims?unconfirmed=1: {len(badges)} status badges for {len(first)} rows")
        settled = [b.get_attribute("class") for b in badges
                   if re.search(r"\bstatus-(confirmed|refuted|retracted)\b", b.get_attribute("class"))]
        if settled:
            raise Failure(f"#/claims?unconfirmed=1: rows with a settled status: {settled}")
        self.next_page("the second page of unconfirmed claims")
        second = self.claim_rows()
        expected_rest = UNCONFIRMED_CLAIMS - PAGE_SIZE
        if len(second) != expected_rest:
            raise Failure(f"#/claims?unconfirmed=1, page 2: {len(second)} rows, expected {expected_rest}")
        if set(first) & set(second):
            raise Failure(f"pages 1 and 2 share rows: {sorted(set(first) & set(second))}")
        if self.driver.find_element(By.ID, "page-next").is_enabled():
            raise Failure("the last page of unconfirmed claims still offers a next page")
        range_text = self.text_of("claims-range")
        if not re.search(rf"\b51\b.*\b{UNCONFIRMED_CLAIMS}\b.*\b{UNCONFIRMED_CLAIMS}\b", range_text):
            raise Failure(f"page 2 says {range_text!r}, expected rows 51–65 of 65")
        verdict = "within" if since_load < 1000 else "OVER"
        self.ok(f"#/claims?unconfirmed=1: {UNCONFIRMED_CLAIMS} claims ({len(first)} + {len(second)} on two pages); "
                f"navigation to table drawn in {since_load:.0f} ms ({verdict} the 1 s goal; "
                f"{drawn_ms:.0f} ms of it from the script's start to the table; {seconds * 1000:.0f} ms wall clock through the driver)")
        self.console("claims view")

    def check_claim(self) -> None:
        self.go("#/claim/claim-camara-killed", "the claim page of claim-camara-killed")
        quotes = self.driver.find_elements(By.ID, "claim-quote")
        if not quotes:
            raise Failure("#/claim/claim-camara-killed: no #claim-quote")
        quote = quotes[0]
        text = quote.text.strip()
        lang, direction = quote.get_attribute("lang"), quote.get_attribute("dir")
        if not text or not ARABIC.search(text):
            raise Failure(f"#/claim/claim-camara-killed: the quote is {text!r}, expected Arabic text")
        if lang != "ar" or direction != "rtl":
            raise Failure(f"#/claim/claim-camara-killed: the quote has lang={lang!r} dir={direction!r}, expected ar and rtl")
        history = self.css("#claim-history .history-item")
        if not history:
            raise Failure("#/claim/claim-camara-killed: #claim-history has no .history-item")
        if not self.driver.find_elements(By.ID, "claim-contradicts"):
            raise Failure("#/claim/claim-camara-killed: no #claim-contradicts section")
        self.screenshot("claim.png")
        self.ok(f"#/claim/claim-camara-killed: Arabic quote ({len(text)} characters, lang=ar dir=rtl), "
                f"{len(history)} status change(s)")
        self.console("claim view")

    def check_contested(self) -> None:
        self.go("#/claims?contested=1", "the contested claims")
        self.screenshot("contested.png")
        total = self.text_of("claims-total")
        seen = self.claim_rows()
        # Every page, so that the check holds however the rows fall.
        while self.driver.find_element(By.ID, "page-next").is_enabled():
            self.next_page("the next page of contested claims")
            seen += self.claim_rows()
        if total != str(len(seen)):
            raise Failure(f"#/claims?contested=1: #claims-total says {total!r} but the pages list {len(seen)} rows")
        missing = [iri for iri in (JNIM_AIRPORT_CLAIM, ARMY_DENIAL) if iri not in seen]
        if missing:
            raise Failure(f"#/claims?contested=1: missing {missing}; listed: {seen}")
        self.ok(f"#/claims?contested=1: {len(seen)} claims, JNIM's airport claim and the army's denial among them")
        self.console("contested claims")

    def run_query(self, button_id: str, what: str) -> str:
        """Clicks a run button and waits for that run to end; returns 'done' or 'error'."""
        seq = int(self.driver.find_element(By.ID, "results").get_attribute("data-seq") or 0)
        self.driver.find_element(By.ID, button_id).click()

        def finished(d):
            results = d.find_element(By.ID, "results")
            return (int(results.get_attribute("data-seq") or 0) > seq
                    and results.get_attribute("data-state") in ("done", "error"))
        self.wait(finished, what)
        return self.driver.find_element(By.ID, "results").get_attribute("data-state")

    def named_query_with_param(self) -> tuple[str, str, str]:
        """claims-by-claimant with id:jnim where it takes a claimant parameter, else entity."""
        catalogue = self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "fetch('/api/queries').then(r => r.json()).then(done, e => done({error: String(e)}));")
        if not isinstance(catalogue, list):
            raise Failure(f"GET /api/queries did not answer a JSON array: {catalogue!r}")
        params = {q["name"]: [p["name"] for p in q.get("params", [])] for q in catalogue}
        for name, param in (("claims-by-claimant", "claimant"), ("entity", "entity")):
            if param in params.get(name, []):
                return name, param, "id:jnim"
        with_params = [(n, p[0]) for n, p in params.items() if p]
        if not with_params:
            raise Failure(f"no named query takes a parameter: {params}")
        return with_params[0][0], with_params[0][1], "id:claim-camara-killed"

    def check_query(self) -> None:
        self.go("#/query", "the query view")
        name, param, value = self.named_query_with_param()
        Select(self.driver.find_element(By.ID, "query-select")).select_by_value(name)
        field = self.wait(lambda d: (d.find_elements(By.ID, f"param-{param}") or [None])[0],
                          f"the input of parameter {param}")
        field.clear()
        field.send_keys(value)
        state = self.run_query("run-named", f"the named query {name}")
        if state != "done":
            raise Failure(f"named query {name} {param}={value}: error {self.text_of('query-error')!r}")
        rows = self.css("#results-table tr.result-row")
        if not rows:
            raise Failure(f"named query {name} {param}={value}: no result row")
        self.ok(f"named query {name} with {param}={value}: {len(rows)} rows")
        self.console(f"named query {name}")

        self.set_editor("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        state = self.run_query("run-sparql", "the ad-hoc COUNT query")
        if state != "done":
            raise Failure(f"ad-hoc COUNT query: error {self.text_of('query-error')!r}")
        rows = self.css("#results-table tr.result-row")
        if len(rows) != 1:
            raise Failure(f"ad-hoc COUNT query: {len(rows)} rows, expected 1")
        count = rows[0].text.strip()
        if not re.match(r"^\d+", count) or int(re.match(r"^\d+", count).group()) == 0:
            raise Failure(f"ad-hoc COUNT query: the row says {count!r}, expected a positive count of triples")
        self.screenshot("query.png")
        self.ok(f"ad-hoc SELECT (COUNT(*) AS ?n): one row ({count})")
        self.console("ad-hoc query")

        self.set_editor("SELECT * WHERE { ?s ?p ")
        state = self.run_query("run-sparql", "the malformed query")
        message = self.text_of("query-error")
        if state != "error" or not message or not self.driver.find_element(By.ID, "query-error").is_displayed():
            raise Failure(f"malformed query: state {state!r}, #query-error {message!r}; expected the parser's message")
        self.ok(f"malformed query: #query-error says {message.splitlines()[0][:100]!r}")
        # The 400 answer to that query is logged by the browser as a failed resource load.
        self.console("malformed query", allowed=lambda e: "/sparql" in e.get("message", "") and " 400" in e.get("message", ""))

    def set_editor(self, query: str) -> None:
        self.driver.execute_script(
            "const e = document.getElementById('sparql-editor'); e.value = arguments[0];"
            "e.dispatchEvent(new Event('input', {bubbles: true}));", query)

    def check_timeline_and_map(self) -> None:
        self.go("#/timeline", "the timeline")
        items = self.css(".timeline-item")
        if not items:
            raise Failure("#/timeline: no .timeline-item")
        months = self.css(".timeline-item[data-precision='month']")
        self.screenshot("timeline.png")
        self.ok(f"#/timeline: {len(items)} events ({len(months)} dated to the month)")
        self.console("timeline")
        self.go("#/map", "the map")
        points = self.css(".map-point")
        if not points:
            raise Failure("#/map: no .map-point")
        self.screenshot("map.png")
        self.ok(f"#/map: {len(points)} places")
        self.console("map")

    def check_arabic(self) -> None:
        self.go("#/claims", "the claim table")
        Select(self.driver.find_element(By.ID, "lang-select")).select_by_value("ar")
        self.wait(lambda d: d.execute_script(
            "return document.documentElement.lang === 'ar' && document.getElementById('view').dataset.lang === 'ar'")
            and self.ready(), "the claim table in Arabic")
        statements = self.css("#claims-table tr.claim-row .col-statement a.statement")
        if not statements:
            raise Failure("#/claims in Arabic: no statement")
        arabic = [s for s in statements if ARABIC.search(s.text) and s.get_attribute("lang") == "ar"
                  and s.get_attribute("dir") == "rtl"]
        if not arabic:
            raise Failure(f"#/claims in Arabic: no statement in Arabic with lang=ar dir=rtl; first: {statements[0].text!r}")
        direction = self.driver.execute_script("return document.documentElement.dir")
        self.screenshot("claims-ar.png")
        self.ok(f"#/claims in Arabic: {len(arabic)} of {len(statements)} statements in Arabic (page dir={direction})")
        self.console("Arabic claim table")
        Select(self.driver.find_element(By.ID, "lang-select")).select_by_value("en")


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    base, shots = sys.argv[1], Path(sys.argv[2])
    shots.mkdir(parents=True, exist_ok=True)
    try:
        checker = Checker(base, shots)
    except WebDriverException as exc:
        print(f"FAIL: could not start Chromium ({CHROMIUM}) with {CHROMEDRIVER}: {exc.msg}")
        print("0 passed, 1 failed")
        return 1
    try:
        for check in (checker.check_unconfirmed, checker.check_claim, checker.check_contested,
                      checker.check_query, checker.check_timeline_and_map, checker.check_arabic):
            check()
    except (Failure, WebDriverException) as exc:
        message = exc.msg if isinstance(exc, WebDriverException) else str(exc)
        print(f"FAIL: {message}")
        try:
            checker.screenshot("failure.png")
        except WebDriverException:
            pass
        print(f"{checker.passed} passed, 1 failed")
        return 1
    finally:
        checker.driver.quit()
    print(f"{checker.passed} passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
