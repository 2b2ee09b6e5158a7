"""axe-core in a real Chromium: the accessibility rules a page breaks.

axe-core 4.14.1 (npm ``axe-core``, MPL-2.0) is vendored as ``tests/browser/axe/axe.min.js``
(see the README beside it). It is evaluated through the DevTools protocol, which the
page's Content-Security-Policy does not govern, so pages are checked as served.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).resolve().parent / "axe" / "axe.min.js"

# The impacts a page must not have: axe's "serious" and "critical".
BLOCKING = ("serious", "critical")


def violations(page, impacts: tuple[str, ...] = BLOCKING) -> list[dict]:
    """axe's violations on ``page`` with one of ``impacts``: each rule's id, impact,
    help and the nodes' selectors."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": rule["id"],
            "impact": rule["impact"],
            "help": rule["help"],
            "nodes": [node["target"] for node in rule["nodes"]],
        }
        for rule in result["violations"]
        if rule["impact"] in impacts
    ]
