"""reports/index.html opened in a real headless chromium: every chart drawn, no console error,
no network request.

The browser is driven with the Chrome DevTools protocol over ``--remote-debugging-pipe`` (JSON
messages on file descriptors 3 and 4), so no Python package is needed. Skipped when no chromium
is found, except when the ``CI`` environment variable is set: then a missing browser fails.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path

import pandas as pd
import pytest

from kzevents.report import render_report
from kzevents.schema import Mentions, validate_mentions

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
CANDIDATES = ["/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"]


def _chromium() -> str:
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI"):
        pytest.fail("CI is set but no chromium was found (looked for %s)" % ", ".join(CANDIDATES))
    pytest.skip("no chromium found")


class Browser:
    """A chromium process and its DevTools pipe; ``call`` sends a command, ``events`` collects the rest."""

    def __init__(self, binary: str, profile: Path):
        to_r, self._to_w = os.pipe()
        self._from_r, from_w = os.pipe()

        def wire():  # in the child: the protocol reads fd 3 and writes fd 4 (moved high first,
            # so that dup2 never copies an fd onto itself and leaves it close-on-exec)
            high_r, high_w = fcntl.fcntl(to_r, fcntl.F_DUPFD, 10), fcntl.fcntl(from_w, fcntl.F_DUPFD, 10)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire, close_fds=False)
        os.close(to_r)
        os.close(from_w)
        self._buffer, self._id, self.events = b"", 0, []

    def _read(self, timeout: float) -> dict | None:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._from_r], [], [], timeout)
            if not ready:
                return None
            chunk = os.read(self._from_r, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout=30.0) -> dict:
        self._id += 1
        message = {"id": self._id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_w, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            reply = self._read(deadline - time.monotonic())
            if reply is None:
                break
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)
        raise TimeoutError(f"no reply to {method}")

    def pump(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            event = self._read(left)
            if event is None:
                return
            self.events.append(event)

    def close(self) -> None:
        try:
            self.call("Browser.close", timeout=5)
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._to_w)
        os.close(self._from_r)


def _mention(quote, event_type, start, end, *, doc_id, kind="occurrence", subtype=None, count=None,
             qualifier="exact", text="", date_text="", unit="people") -> dict:
    low = None if count is None else count + 1 if qualifier == "more_than" else count
    high = count if qualifier == "exact" else None
    return {"doc_id": doc_id, "paragraph": "1", "char_start": 0, "char_end": len(quote), "quote": quote,
            "event_type": event_type, "subtype": subtype, "kind": kind, "trigger": "", "date_text": date_text,
            "date_start": start, "date_end": end, "date_precision": "day" if start == end else "year",
            "count_text": text, "count": count, "count_qualifier": None if count is None else qualifier,
            "count_low": low, "count_high": high, "count_unit": None if count is None else unit,
            "attributed_to": "", "cited_urls": "", "location": "", "subjects": "", "penalty": ""}


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    rows = [
        _mention("In 2018, 555 cases of threats were recorded.", "threat", "2018-01-01", "2018-12-31",
                 doc_id="doc_a", kind="tally", count=555, text="555 cases", date_text="In 2018", unit="cases"),
        _mention("While 101 incidents were registered over five months in 2011, <script>alert(1)</script>.",
                 "threat", "2011-01-01", "2011-12-31", doc_id="doc_b", kind="tally", count=101,
                 text="101 incidents", date_text="over five months in 2011", unit="incidents"),
        _mention("On 10 May 2018 more than 150 people were detained.", "detention", "2018-05-10", "2018-05-10",
                 doc_id="doc_b", subtype="detention", count=150, qualifier="more_than",
                 text="more than 150 people", date_text="On 10 May 2018"),
        _mention("From March 2018 to March 2019, more than 700 people were detained.", "detention",
                 "2018-03-01", "2019-03-31", doc_id="doc_b", kind="tally", subtype="detention", count=700,
                 qualifier="more_than", text="more than 700 people", date_text="From March 2018 to March 2019"),
        _mention("On 1 January 2015 the new Criminal Code entered into force.", "law", "2015-01-01",
                 "2015-01-01", doc_id="doc_a", subtype="in_force", date_text="On 1 January 2015"),
        _mention("In 2016, 5 were found guilty.", "conviction", "2016-01-01", "2016-12-31", doc_id="doc_a",
                 kind="tally", count=5, text="5", date_text="In 2016"),
    ]
    frame = pd.DataFrame(rows, columns=list(Mentions.to_schema().columns))
    documents = pd.DataFrame({"doc_id": ["doc_a", "doc_b"], "title": ["Fact sheet <A>", "Submission & B"]})
    out = tmp_path_factory.mktemp("report")
    render_report(validate_mentions(frame), out, documents=documents)
    return out / "index.html"


def test_index_renders_offline_in_chromium(report, tmp_path):
    browser = Browser(_chromium(), tmp_path / "profile")
    try:
        target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.call(f"{domain}.enable", session=session)
        url = report.resolve().as_uri()
        browser.call("Page.navigate", {"url": url}, session=session)
        drawn, deadline = {}, time.monotonic() + 60
        while time.monotonic() < deadline:
            browser.pump(0.5)
            result = browser.call("Runtime.evaluate", {"expression": (
                "JSON.stringify(Array.from(document.querySelectorAll('div.chart'))"
                ".map(d => [d.id, !!d.querySelector('svg, canvas')]))"), "returnByValue": True}, session=session)
            drawn = dict(json.loads(result["result"]["value"]))
            if drawn and all(drawn.values()):
                break
        browser.pump(1.0)
    finally:
        browser.close()
    assert {"chart-threat-trend", "chart-detention-waves", "chart-timeline", "chart-by-year-conviction"} <= set(drawn)
    assert all(drawn.values()), f"charts with no SVG or canvas: {[k for k, v in drawn.items() if not v]}"
    methods = [e for e in browser.events if e.get("sessionId") == session]
    requests = [e["params"]["request"]["url"] for e in methods if e["method"] == "Network.requestWillBeSent"]
    assert [u for u in requests if u != url] == [], "the page made network requests"
    errors = [e["params"] for e in methods if e["method"] == "Runtime.exceptionThrown"
              or (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert"))
              or (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    assert errors == [], f"console errors: {errors}"
    dialogs = [e for e in methods if e["method"] == "Page.javascriptDialogOpening"]
    assert dialogs == [], "a quote's <script> ran"
