"""Issue 15 in real headless Chromium against the real app and the corpus store: a legible first
screen, the transfer view and its table/CSV, a search that asks, evidence with its document.

Screenshots of the default and transfer views are written to test-artifacts/ (docs/page.md).
The corpus graph changes as extraction improves: checks are structural, never counts of today's
extraction.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from urllib.parse import quote

import httpx
import pytest
from live import chromium, serve
from test_page import ARTIFACTS, Page

from api.app import create_app
from graph.store import GraphStore
from innokg.config import Settings

pytestmark = pytest.mark.browser

SHARED_ALIAS = """
MATCH (n:Entity) UNWIND coalesce(n.aliases, []) AS a
WITH a, collect(n.key) AS keys WHERE size(keys) > 1
RETURN a, keys ORDER BY a LIMIT 1
"""
# For every node shown: vis-network's own verdict (labelModule.visible(): font × zoom at least
# its drawThreshold − 1), the threshold itself, the drawn size in px, and the label's box.
LABELS = """() => {
  const k = window.innokg, net = k.network, scale = net.getScale();
  return k.nodes.getIds().filter(id => !k.nodes.get(id).hidden).map(id => {
    const n = net.body.nodes[id], lm = n.labelModule, p = net.canvasToDOM({x: n.x, y: n.y});
    const w = lm.size.width * scale, h = lm.size.height * scale;
    return {id, visible: lm.visible(), px: lm.fontOptions.size * scale,
            threshold: n.options.scaling.label.drawThreshold, x: p.x, y: p.y,
            box: [p.x - w / 2, p.y + n.shape.height / 2 * scale, w, h]};
  });
}"""


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def base_url(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[str]:
    with serve(create_app(corpus_settings, store=corpus_store)) as url:
        yield url


def _overlapping(labels: list[dict]) -> int:
    """How many labels overlap another label."""
    hit = set()
    for i, a in enumerate(labels):
        ax, ay, aw, ah = a["box"]
        for j in range(i + 1, len(labels)):
            bx, by, bw, bh = labels[j]["box"]
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                hit.update((i, j))
    return len(hit)


def test_first_screen_draws_readable_labels_at_the_fitted_zoom(browser, base_url: str) -> None:  # noqa: ANN001
    p = Page(browser, base_url + "/")
    assert p.errors == [] and p.external() == []
    labels = p.page.evaluate(LABELS)
    assert len(labels) >= 20
    box = p.page.locator("#network").bounding_box()
    for lab in labels:
        assert lab["visible"], lab  # vis-network draws it at this zoom
        assert lab["px"] >= lab["threshold"] and lab["px"] >= 12, lab  # and it is readable
        assert 0 <= lab["x"] <= box["width"] and 0 <= lab["y"] <= box["height"], lab  # fitted
    assert _overlapping(labels) <= len(labels) // 10  # labels do not cover each other
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "page-default.png"))


def test_isolated_regions_and_policies_are_hidden_by_default(browser, base_url: str) -> None:  # noqa: ANN001
    p = Page(browser, base_url + "/")
    shown = p.page.evaluate("Object.entries(window.innokg.data.details)")
    for key, d in shown:
        if d["type"] in ("Region", "Policy"):
            rels = httpx.get(f"{base_url}/entities/{quote(key, safe='')}").json()["relations"]
            assert any(r["type"] != "PART_OF" for r in rels), key
    hidden = p.page.evaluate("window.innokg.data.hiddenIsolated")
    assert hidden > 0 and "孤立" in p.page.inner_text("#isolated-box")
    p.page.click("#show-isolated")
    p.page.wait_for_url("**isolated=true**")
    p.wait_ready()
    assert p.page.evaluate("window.innokg.data.hiddenIsolated") == 0


def test_the_legend_is_chinese_first(browser, base_url: str) -> None:  # noqa: ANN001
    p = Page(browser, base_url + "/")
    legend = p.page.evaluate("window.innokg.data.legend")
    rows = p.page.locator("#type-filters label").all_inner_texts()
    assert [r.split()[0] for r in rows] == [t["zh"] for t in legend["types"]]
    rels = p.page.locator("#rel-filters label").all_inner_texts()
    assert [r.split()[0] for r in rels] == [r["zh"] for r in legend["relations"]]


def test_transfer_view_draws_firms_as_chain_members(browser, base_url: str) -> None:  # noqa: ANN001
    p = Page(browser, base_url + "/?view=transfer")
    assert p.errors == [] and p.external() == []
    data = p.page.evaluate("window.innokg.data")
    nodes = {n["id"]: n for n in data["nodes"]}
    chains = httpx.get(f"{base_url}/transfer-chains", params={"limit": 500}).json()["chains"]
    named = [c for c in chains if not c["generic"]]
    assert named
    flows = {(e["from"], e["to"]) for e in data["edges"]}
    for c in named:
        mover, receiver = c["mover"]["id"], c["receiver"]["id"]
        assert nodes[mover]["level"] == 1 and data["details"][mover]["type"] != "Region"
        assert nodes[receiver]["level"] >= 2
        assert (mover, receiver) in flows  # firm → receiving park
        for origin in c["origin_ids"]:
            assert nodes[origin]["level"] == 0 and (origin, mover) in flows  # origin → firm
        if c["city_id"] and c["city_id"] != receiver:
            assert (receiver, c["city_id"]) in flows and nodes[c["city_id"]]["level"] == 3
    generic = [e for e in data["edges"] if data["edgeDetails"][e["id"]]["kind"] == "generic"]
    assert all(e["dashes"] for e in generic)  # generic transfers are drawn apart
    labels = p.page.evaluate(LABELS)
    assert all(lab["visible"] and lab["px"] >= 12 for lab in labels)
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "page-transfer.png"), full_page=True)


def _api_rows(base_url: str, **params: object) -> list[list[str]]:
    """The CSV rows the table must export, built from GET /transfer-chains."""
    url = f"{base_url}/transfer-chains"
    return _expected_rows(httpx.get(url, params={"limit": 500, **params}).json()["chains"])


def _expected_rows(chains: list[dict]) -> list[list[str]]:
    """Table rows as the CSV writes them, from chains as /transfer-chains returns them."""
    rows = []
    for c in chains:
        docs, seen = [], set()
        for ev in c["evidence"]:
            d = ev["document"]
            if d["id"] not in seen:
                seen.add(d["id"])
                extra = "".join(f" {x}" for x in (d["doc_number"], d["date"]) if x)
                docs.append(f"《{d['title'] or d['id']}》{extra}")
        rows.append(
            [
                c["receiver"]["name"],
                c["city"] or "",
                c["mover"]["name"] if c["mover"] else "",
                "泛指" if c["generic"] else "点名",
                "、".join(c["origin"]),
                c["date"] or "",
                "\n".join(ev["sentence"] for ev in c["evidence"]),
                "；".join(docs),
            ]
        )
    return rows


def _download_csv(p: Page) -> list[list[str]]:
    with p.page.expect_download() as info:
        p.page.click("#csv")
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(download.path(), encoding="utf-8").read()  # noqa: SIM115 - read once
    assert text.startswith("\ufeff")  # so spreadsheet programs read it as UTF-8
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert rows[0] == ["接收方", "所在城市", "企业/项目", "类型", "来源", "时间", "原句", "文档"]
    return rows[1:]


def test_transfer_table_exports_the_rows_of_the_api(browser, base_url: str) -> None:  # noqa: ANN001
    # the content security policy is enforced here: the table, filters and download must work
    p = Page(browser, base_url + "/?view=transfer", csp=True, accept_downloads=True)
    assert p.errors == []
    everything = _api_rows(base_url)
    assert _download_csv(p) == everything
    shown = p.page.locator("#chain-table tr.chain-row").count()
    assert shown == len(everything)
    for origin in p.page.locator("#f-origin option").all_inner_texts()[1:]:
        p.page.select_option("#f-origin", origin)
        assert _download_csv(p) == _api_rows(base_url, origin=origin)
    p.page.select_option("#f-origin", "")
    for city in p.page.locator("#f-city option").all_inner_texts()[1:]:
        p.page.select_option("#f-city", city)
        assert _download_csv(p) == _api_rows(base_url, city=city)
    p.page.select_option("#f-city", "")
    p.page.uncheck("#f-generic")
    assert _download_csv(p) == _api_rows(base_url, kind="named")
    hidden = p.page.evaluate("window.innokg.edges.get({filter: e => e.hidden}).length")
    assert hidden > 0  # the graph follows the table's filter
    assert p.errors == []


def test_an_ambiguous_search_lists_candidates(
    browser,
    base_url: str,
    corpus_store: GraphStore,  # noqa: ANN001
) -> None:
    rows = corpus_store.query(SHARED_ALIAS).rows
    assert rows, "the corpus graph has an alias shared by two entities"
    alias, keys = rows[0]
    p = Page(browser, base_url + "/")
    p.page.fill("#search", alias)
    p.page.click("#search-form button[type=submit]")
    p.page.wait_for_url("**focus=**")
    p.wait_ready()
    items = p.page.locator("#candidates li")
    assert items.count() >= len(keys) >= 2
    ids = p.page.locator("#candidates li a").evaluate_all("as => as.map(a => a.dataset.id)")
    assert set(keys) <= set(ids)
    for text in items.all_inner_texts():
        assert "篇文档" in text  # each with its document count (and type tag, region)
    assert alias in p.page.inner_text("#details h2")
    selected = p.page.evaluate("window.innokg.network.getSelectedNodes()")
    assert set(selected) == set(ids)  # the candidates are marked in the graph, none is picked
    p.page.locator("#candidates li a").first.click()
    p.page.wait_for_url("**focus=**")
    p.wait_ready()
    assert p.page.evaluate("window.innokg.network.getSelectedNodes()[0]") == ids[0]


def test_a_search_offline_asks_too(
    browser,
    corpus_store: GraphStore,
    tmp_path,  # noqa: ANN001
) -> None:
    from viz.standalone import write_standalone

    alias, keys = corpus_store.query(SHARED_ALIAS).rows[0]
    out = write_standalone(corpus_store, tmp_path / "g.html", focus=keys[0], depth=3)
    p = Page(browser, out.as_uri())
    present = [k for k in keys if p.page.evaluate(f"!!window.innokg.data.details[{k!r}]")]
    p.page.fill("#search", alias)
    p.page.click("#search-form button[type=submit]")
    if len(present) >= 2:
        assert p.page.locator("#candidates li").count() >= 2
    else:
        assert p.page.evaluate("window.innokg.network.getSelectedNodes()[0]") == present[0]


def test_the_evidence_panel_names_the_document(browser, base_url: str) -> None:  # noqa: ANN001
    docs = {d["id"]: d for d in httpx.get(f"{base_url}/documents").json()["items"]}
    p = Page(browser, base_url + "/?view=transfer")
    eid = p.page.evaluate(
        "Object.entries(window.innokg.data.edgeDetails).find(([k, e]) => e.kind === 'taken_in')[0]"
    )
    p.page.evaluate(f"window.innokg.showEdge('{eid}')")
    ev = p.page.evaluate(f"window.innokg.data.edgeDetails['{eid}'].evidence[0]")
    title = p.page.locator("#evidence .doc-title").first.inner_text()
    assert title == f"《{docs[ev['doc_id']]['title']}》"
    link = p.page.locator("#evidence a.doc-link").first.get_attribute("href")
    view = httpx.get(base_url + link).text
    assert '<span id="ev" class="evidence">' in view and docs[ev["doc_id"]]["title"] in view
    # a node's mention sentences name their documents too, in the default view
    q = Page(browser, base_url + "/")
    first = q.page.evaluate(
        "Object.entries(window.innokg.data.details).find(([k, d]) => d.evidence.length)[0]"
    )
    q.page.evaluate(f"window.innokg.showNode({first!r})")
    titles = q.page.locator("#evidence .doc-title").all_inner_texts()
    assert titles and all(t.strip("《》") in {d["title"] for d in docs.values()} for t in titles)


def test_the_transfer_view_works_from_a_standalone_file(
    browser,  # noqa: ANN001
    corpus_store: GraphStore,
    tmp_path,  # noqa: ANN001
) -> None:
    from viz.standalone import write_standalone

    out = write_standalone(corpus_store, tmp_path / "chains.html", view="transfer")
    p = Page(browser, out.as_uri(), accept_downloads=True)
    assert p.errors == [] and p.external() == []
    from graph.chains import transfer_chains

    chains, _ = transfer_chains(corpus_store, limit=500)
    assert _download_csv(p) == _expected_rows(chains)  # offline, from the same function
