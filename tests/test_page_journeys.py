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
                "\n".join(dict.fromkeys(ev["sentence"] for ev in c["evidence"])),  # each once
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
    years = p.page.locator("#f-year option").all_inner_texts()[1:]
    for year in years:
        p.page.select_option("#f-year", year)
        assert _download_csv(p) == _api_rows(base_url, year=year)
    p.page.select_option("#f-year", "")
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


# A point on an edge where vis-network itself finds that edge and no node, also a few px
# around it (a real click there selects the edge), in coordinates relative to #network; null
# if the edge is covered everywhere.
EDGE_POINT = """id => {
  const net = window.innokg.network, edge = net.body.edges[id];
  const only = p => net.getEdgeAt(p) === id && net.getNodeAt(p) === undefined;
  for (let t = 0.5, i = 0; i < 17; i++, t = 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.05) {
    const p = net.canvasToDOM(edge.edgeType.getPoint(t));
    if ([[0, 0], [4, 0], [-4, 0], [0, 4], [0, -4]].every(([dx, dy]) => only({x: p.x + dx, y: p.y + dy}))) return p;
  }
  return null;
}"""


def _click_edge(p: Page, ids: list[str]) -> str:
    """Click the first of ``ids`` that can be clicked on the canvas; the edge's id."""
    box = p.page.locator("#network").bounding_box()
    for eid in ids:
        at = p.page.evaluate(EDGE_POINT, eid)
        if at is not None:
            p.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
            assert p.page.evaluate("window.innokg.network.getSelectedEdges()") == [eid]
            return eid
    raise AssertionError(f"none of {len(ids)} edges can be clicked")


def test_a_click_on_the_canvas_shows_sentences_title_date_number_and_the_highlighted_document(
    browser,
    base_url: str,  # noqa: ANN001
) -> None:
    docs = {d["id"]: d for d in httpx.get(f"{base_url}/documents").json()["items"]}
    numbered = {i for i, d in docs.items() if d["doc_number"] and d["date"]}
    assert numbered, "a corpus document states its 文号 and date"
    p = Page(browser, base_url + "/?view=transfer")
    details = p.page.evaluate("window.innokg.data.edgeDetails")
    # an edge stated in a document with a 文号 and a date
    ids = [k for k, e in details.items() if any(ev["doc_id"] in numbered for ev in e["evidence"])]
    eid = _click_edge(p, ids)
    ev = next(ev for ev in details[eid]["evidence"] if ev["doc_id"] in numbered)
    doc = docs[ev["doc_id"]]
    panel = p.page.locator("#evidence .ev").filter(has_text=ev["sentence"][:20]).first
    text = panel.inner_text()
    assert ev["sentence"] in text.replace("\n", "")
    assert f"《{doc['title']}》" in text and doc["date"] in text and doc["doc_number"] in text
    # 查看原文 opens the document with that sentence highlighted and scrolled to
    with p.page.context.expect_page() as opened:
        panel.locator("a.doc-link").click()
    view = opened.value
    view.wait_for_load_state()
    highlighted = view.locator("#ev")
    assert highlighted.inner_text().replace("\n", "") in ev["sentence"]
    assert highlighted.is_visible() and view.evaluate(  # in view, below the document's header
        "() => { const r = document.getElementById('ev').getBoundingClientRect();"
        " const h = document.querySelector('header').getBoundingClientRect();"
        " return r.top >= h.bottom && r.top < innerHeight && h.top >= 0; }"
    )
    assert doc["title"] in view.inner_text("body") and doc["doc_number"] in view.inner_text("body")
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / "page-evidence.png"))
    view.screenshot(path=str(ARTIFACTS / "page-document.png"))
    view.close()
    # a real click on a node: its name, its mention sentences and their documents
    box = p.page.locator("#network").bounding_box()
    node = next(
        k for k, d in p.page.evaluate("window.innokg.data.details").items() if d["evidence"]
    )
    at = p.page.evaluate(
        "id => window.innokg.network.canvasToDOM(window.innokg.network.getPositions([id])[id])",
        node,
    )
    p.page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])
    name = p.page.evaluate(f"window.innokg.data.details[{node!r}].name")
    assert name in p.page.inner_text("#details h2")
    assert p.page.locator("#evidence .ev .doc-title").count() >= 1
    assert p.errors == []


def test_the_panel_shows_each_sentence_once_and_says_where_containment_comes_from(
    browser,
    base_url: str,  # noqa: ANN001
) -> None:
    titles = {d["title"] for d in httpx.get(f"{base_url}/documents").json()["items"]}
    for url in ("/", "/?view=transfer"):
        p = Page(browser, base_url + url)
        shown = p.page.evaluate(
            """() => Object.keys(window.innokg.data.edgeDetails).map(id => {
                 window.innokg.showEdge(id);
                 return [id, [...document.querySelectorAll('#evidence .ev')].map(e => e.innerText),
                         !!document.querySelector('#evidence .inferred'),
                         document.querySelector('#details h2').innerText,
                         [...document.querySelectorAll('#evidence .doc-title')].map(e => e.innerText)];
               })"""
        )
        details = p.page.evaluate("window.innokg.data.edgeDetails")
        for eid, sentences, inferred, head, doc_titles in shown:
            assert len(sentences) == len(set(sentences)), (eid, sentences)
            d = details[eid]
            label = d["kind"] and next(
                c["label"]
                for c in p.page.evaluate("window.innokg.data.legend.chainEdges")
                if c["kind"] == d["kind"]
            )
            assert not label or label in head, (eid, head)  # the kind is named in the heading
            if d["evidence"]:
                assert sentences and not inferred
            elif d["type"] == "PART_OF":  # no stated sentence: the panel says why
                assert inferred
                assert len(doc_titles) == len(sentences)
                assert all(t[1:-1] in titles for t in doc_titles)  # 《title》
    # a containment edge clicked on the canvas of the default view says so too
    p = Page(browser, base_url + "/")
    details = p.page.evaluate("window.innokg.data.edgeDetails")
    part_of = [k for k, e in details.items() if e["type"] == "PART_OF"]
    assert part_of
    _click_edge(p, part_of)
    assert "推断" in p.page.inner_text("#evidence .inferred")
    assert p.errors == []


def test_region_and_document_filters_narrow_the_overview(browser, base_url: str) -> None:  # noqa: ANN001
    p = Page(browser, base_url + "/")
    regions = p.page.locator("#region option").all_inner_texts()[1:]
    documents = p.page.locator("#doc option").evaluate_all("os => os.slice(1).map(o => o.value)")
    assert regions and documents
    region = "石家庄市" if "石家庄市" in regions else regions[0]
    p.page.select_option("#region", region)
    p.page.wait_for_url("**region=**")
    p.wait_ready()
    shown = set(p.page.evaluate("Object.keys(window.innokg.data.details)"))
    listed = httpx.get(f"{base_url}/entities", params={"region": region, "limit": 500}).json()
    assert shown and shown <= {e["id"] for e in listed["items"]}  # what /entities?region= says
    assert p.page.locator("#region").input_value() == region  # the choice stays shown
    p.page.select_option("#region", "")
    p.page.wait_for_url(lambda url: "region=" not in url)
    p.wait_ready()
    doc = documents[-1]
    p.page.select_option("#doc", doc)
    p.page.wait_for_url("**doc=**")
    p.wait_ready()
    shown = set(p.page.evaluate("Object.keys(window.innokg.data.details)"))
    mentions = "MATCH (:Document {id: $doc})-[:MENTIONS]->(n) RETURN n.key"
    got = httpx.post(f"{base_url}/cypher", json={"query": mentions, "params": {"doc": doc}})
    mentioned = {row[0] for row in got.json()["rows"]}
    assert shown and shown <= mentioned
    # the transfer view and a focus filter elsewhere (the table; one neighbourhood): not offered
    for url in ("/?view=transfer", "/?focus=" + quote(next(iter(shown)))):
        q = Page(browser, base_url + url)
        assert not q.page.locator("#server-filters").is_visible()
        assert q.page.locator("#view-all").is_visible()
    assert p.errors == []
