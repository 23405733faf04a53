#!/usr/bin/env python3
"""Time the web page of `claimgraph serve` from navigation to the claims table drawn.

    python3 bench/serve_page.py http://127.0.0.1:PORT [RUNS] [SCREENSHOT]

Each run starts a fresh headless Chromium (an empty cache: a reader's first visit), opens
BASE/#/claims?unconfirmed=1 and waits until the page says it has drawn that view (it sets
data-ready on <main id="view"> to the hash it drew, as tests/python/check_browser.py relies
on). It then reads the page's own clock: data-since-load, milliseconds from navigation start
(performance.now()'s origin) to the table drawn, and data-ms, the part of it after the view's
render started (its fetch of /api/claims and the drawing). The wall clock through chromedriver (its round trips included) is printed too.
It checks that the table has rows and that #claims-total is a number, so that a page showing an
error is not timed as a success.

Prints one line per run, then one line `page: median since_load_ms=… script_ms=… wall_ms=…
runs=N` that bench/serve.sh reads; exits 1 on a failure.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
FRAGMENT = "#/claims?unconfirmed=1"
TIMEOUT = 30.0


def browser() -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1400,1000", "--lang=en-GB"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    return driver


def drawn(driver: webdriver.Chrome) -> bool:
    return driver.execute_script(
        "const v = document.getElementById('view');"
        "return !!v && v.dataset.ready !== undefined && v.dataset.ready === location.hash;")


def one_run(base: str, screenshot: str | None) -> tuple[float, float, float, int, str]:
    driver = browser()
    try:
        started = time.perf_counter()
        driver.get(f"{base}/{FRAGMENT}")
        WebDriverWait(driver, TIMEOUT, poll_frequency=0.02).until(drawn)
        wall_ms = (time.perf_counter() - started) * 1000
        since_load, script_ms = driver.execute_script(
            "const v = document.getElementById('view');"
            "return [Number(v.dataset.sinceLoad), Number(v.dataset.ms)]")
        errors = driver.find_elements(By.ID, "view-error")
        if errors:
            raise RuntimeError(f"the page shows an error: {errors[0].text}")
        rows = len(driver.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr.claim-row"))
        total = driver.find_element(By.ID, "claims-total").text.strip()
        if rows == 0 or not total.isdigit():
            raise RuntimeError(f"no claims table: {rows} rows, #claims-total {total!r}")
        if screenshot:
            driver.save_screenshot(screenshot)
        return since_load, script_ms, wall_ms, rows, total
    finally:
        driver.quit()


def main() -> int:
    if len(sys.argv) not in (2, 3, 4):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    base = sys.argv[1].rstrip("/")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    screenshot = sys.argv[3] if len(sys.argv) > 3 else None
    since, script, wall = [], [], []
    for run in range(1, runs + 1):
        try:
            s, m, w, rows, total = one_run(base, screenshot if run == runs else None)
        except Exception as exc:  # noqa: BLE001 - any failure ends the benchmark with its message
            print(f"FAIL: run {run}: {exc}")
            return 1
        since.append(s)
        script.append(m)
        wall.append(w)
        print(f"run {run}: navigation to table drawn {s:.0f} ms (script {m:.0f} ms, wall clock "
              f"{w:.0f} ms); {rows} rows of {total}", flush=True)
    print(f"page: median since_load_ms={statistics.median(since):.0f} script_ms={statistics.median(script):.0f} "
          f"wall_ms={statistics.median(wall):.0f} min_ms={min(since):.0f} max_ms={max(since):.0f} runs={runs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
