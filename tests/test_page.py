"""Issue 8: the network page in real headless Chromium, served by the real app, fully offline."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from corpus_picks import busiest_park
from live import chromium, serve

from api.app import create_app
from graph.store import GraphStore
from innokg.config import PROJECT_ROOT, Settings
from viz.browser import CHROMIUM  # noqa: F401 - tests/test_hardening.py imports them here
from viz.browser import CHROMIUM_ARGS as ARGS  # noqa: F401
from viz.data import Subgraph
from viz.render import render_page
from viz.standalone import write_standalone

ARTIFACTS = PROJECT_ROOT / "test-artifacts"


def test_render_is_offline_utf8_and_has_a_legend_entry_per_type() -> None:
    sub = Subgraph(
        nodes=[
            {
                "id": "Park:云岭高新区",
                "type": "Park",
                "name": "云岭高新区",
                "aliases": [],
                "degree": 1,
                "evidence": [],
            }
        ],
        edges=[],
        total=1,
    )
    html = render_page(sub, server=True)
    assert '<meta charset="utf-8">' in html
    assert "cdnjs" not in html and "jsdelivr" not in html and "bootstrap" not in html.lower()
    assert 'src="/static/viz/vis-network.min.js"' in html
    for t in ("Enterprise", "Lab", "University", "Park", "Agency", "Official", "Policy", "Region"):
        assert f'"name": "{t}"' in html
    standalone = render_page(sub, server=False)
    assert "/static/viz/" not in standalone and "vis.Network" in standalone


@pytest.fixture(scope="module")
def park(corpus_store: GraphStore) -> tuple[str, str]:
    """(key, name) of the corpus graph's best-connected park (no test names a gold entity)."""
    return busiest_park(corpus_store)


@pytest.fixture(scope="module")
def base_url(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[str]:
    with serve(create_app(corpus_settings, store=corpus_store)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    with chromium() as b:
        yield b


class Page:
    """A page plus what it logged and requested."""

    def __init__(self, browser, url: str, csp: bool = False, **context) -> None:  # noqa: ANN001
        # Playwright evaluates wait_for_function predicates with eval, which the page's CSP
        # forbids; with ``csp`` the policy is enforced and readiness is polled with evaluate
        self.page = browser.new_page(
            viewport={"width": 1400, "height": 900}, bypass_csp=not csp, **context
        )
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)
        self.wait_ready()

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not self.page.evaluate("() => !!(window.innokg && window.innokg.stabilized)"):
            if time.monotonic() > deadline:
                raise TimeoutError("the page did not settle")
            time.sleep(0.05)

    def external(self) -> list[str]:
        return [
            u
            for u in self.requests
            if not (u.startswith(("http://127.0.0.1", "file://", "data:", "about:")))
        ]


@pytest.mark.browser
def test_page_draws_the_corpus_graph_offline(browser, base_url: str) -> None:  # noqa: ANN001
    p = Page(browser, base_url + "/")
    assert p.errors == []
    assert p.external() == []
    count = p.page.evaluate("window.innokg.nodes.length")
    assert count > 50
    box = p.page.locator("#network canvas").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    assert "企业" in p.page.inner_text("#type-filters")  # Chinese legend
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "page.png"))


@pytest.mark.browser
def test_type_filter_hides_nodes(browser, base_url: str) -> None:  # noqa: ANN001
    p = Page(browser, base_url + "/")
    visible = "window.innokg.nodes.get({filter: n => !n.hidden}).length"
    before = p.page.evaluate(visible)
    policies = p.page.evaluate(
        "Object.values(window.innokg.data.details).filter(d => d.type === 'Policy').length"
    )
    assert policies > 0
    p.page.uncheck("input[data-type=Policy]")
    assert p.page.evaluate(visible) == before - policies


@pytest.mark.browser
def test_search_focuses_an_entity_and_shows_its_neighbourhood(browser, base_url: str, park) -> None:  # noqa: ANN001
    key, name = park
    p = Page(browser, base_url + "/")
    p.page.fill("#search", name)
    p.page.click("#search-form button[type=submit]")
    p.page.wait_for_url("**focus=**")
    p.page.wait_for_function("window.innokg && window.innokg.stabilized", timeout=30000)
    p.page.wait_for_function("window.innokg.network.getSelectedNodes().length === 1")
    assert p.page.evaluate("window.innokg.network.getSelectedNodes()[0]") == key
    n = p.page.evaluate("window.innokg.nodes.length")
    assert 2 < n < 200
    assert name in p.page.inner_text("#details h2")


@pytest.mark.browser
def test_clicking_a_node_shows_evidence_with_document_link(browser, base_url: str, park) -> None:  # noqa: ANN001
    key, name = park
    p = Page(browser, base_url + "/?focus=" + quote(name))
    p.page.evaluate("window.innokg.network.fit()")
    pos = p.page.evaluate(
        """key => { const n = window.innokg.network;
        return n.canvasToDOM(n.getPositions([key])[key]); }""",
        key,
    )
    box = p.page.locator("#network").bounding_box()
    p.page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    p.page.wait_for_selector("#evidence .ev")
    text = p.page.inner_text("#evidence")
    assert "高新区" in text
    link = p.page.locator("#evidence a").first.get_attribute("href")
    assert link.startswith("/documents/")
    doc = browser.new_page()
    doc.goto(base_url + link)
    assert "<mark" in doc.content() and "返回图谱" in doc.content()


@pytest.mark.browser
def test_transfer_view_and_edge_click_show_chain_evidence(browser, base_url: str) -> None:  # noqa: ANN001
    p = Page(browser, base_url + "/?view=transfer")
    types = p.page.evaluate("Object.values(window.innokg.data.edgeDetails).map(e => e.type)")
    assert "承接" in types and set(types) <= {"承接", "PART_OF"}
    eid = p.page.evaluate(
        "Object.entries(window.innokg.data.edgeDetails).find(([k, e]) => e.type === '承接')[0]"
    )
    p.page.evaluate(f"window.innokg.showEdge('{eid}')")
    assert p.page.locator("#evidence .ev").count() >= 1
    assert p.errors == [] and p.external() == []


@pytest.mark.browser
def test_standalone_file_works_from_disk_without_network(
    browser, corpus_store: GraphStore, tmp_path: Path, park
) -> None:  # noqa: ANN001
    out = write_standalone(corpus_store, tmp_path / "graph.html", focus=park[1], depth=2)
    p = Page(browser, out.as_uri())
    assert p.errors == [] and p.external() == []
    assert p.page.evaluate("window.innokg.nodes.length") > 2


@pytest.mark.browser
def test_openapi_docs_render_with_the_network_blocked(browser, base_url: str) -> None:  # noqa: ANN001
    page = browser.new_page()
    blocked: list[str] = []
    errors: list[str] = []

    def only_local(route) -> None:  # noqa: ANN001
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert len(paths) >= 15 and "/transfer-chains" in paths and "/queries/{name}" in paths
    assert "innokg API" in page.inner_text(".swagger-ui .info")
    assert blocked == [] and errors == []
    assert page.evaluate(
        "[...document.scripts].every(s => !s.src || s.src.startsWith(location.origin))"
    )
