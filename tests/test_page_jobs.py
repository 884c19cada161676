"""The page's jobs in real headless Chromium against the real app (CSP enforced): start an export
of every format the API offers or a communities job, see it progress, download the file; a
reload keeps following; delete; untrusted text from a job is shown as text.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from live import chromium, serve
from test_page import ARTIFACTS, Page

from api.app import create_app
from graph.export import export_graph
from graph.store import GraphStore
from innokg.config import Settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def base_url(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[str]:
    with serve(create_app(corpus_settings, store=corpus_store)) as url:
        yield url


def until(p: Page, predicate: str, timeout: float = 300) -> object:
    """Poll ``predicate`` (a JS expression) until truthy; evaluate, not wait_for_function, which
    the page's CSP forbids. The timeout is a hang guard, not a speed bar."""
    deadline = time.monotonic() + timeout
    while not (value := p.page.evaluate(f"() => {predicate}")):
        assert time.monotonic() < deadline, predicate
        time.sleep(0.1)
    return value


def _job_row(p: Page) -> str:
    """The id of the job shown first (the newest)."""
    return until(p, "document.querySelector('#job-list li')?.dataset.job")  # type: ignore[return-value]


def _download(p: Page, job_id: str) -> bytes:
    until(p, f"document.querySelector('#job-list li[data-job=\"{job_id}\"] a.job-file')")
    with p.page.expect_download() as info:
        p.page.click(f'#job-list li[data-job="{job_id}"] a.job-file')
    return Path(info.value.path()).read_bytes()


def test_the_page_offers_every_export_format_of_the_api(browser, base_url: str) -> None:  # noqa: ANN001
    spec = httpx.get(base_url + "/openapi.json").json()
    (param,) = [q for q in spec["paths"]["/exports"]["post"]["parameters"] if q["name"] == "format"]
    schema = param["schema"]
    offered = (
        schema.get("enum")
        or spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]["enum"]
    )
    p = Page(browser, base_url + "/", csp=True)
    values = p.page.locator("#export-format option").evaluate_all("os => os.map(o => o.value)")
    assert sorted(values) == sorted(offered)
    assert p.page.locator("#jobs-box").is_visible() and p.errors == []


@pytest.mark.parametrize("fmt", ["graphml", "ttl"])
def test_an_export_started_on_the_page_downloads_the_graph(
    browser,  # noqa: ANN001
    base_url: str,
    corpus_store: GraphStore,
    corpus_settings: Settings,
    fmt: str,
) -> None:
    p = Page(browser, base_url + "/", csp=True, accept_downloads=True)
    p.page.select_option("#export-format", fmt)
    p.page.click("#export-start")
    job_id = _job_row(p)
    row = f'#job-list li[data-job="{job_id}"]'
    until(p, f"document.querySelector('{row}').dataset.state === 'done'")
    text = p.page.inner_text(row)
    assert "完成" in text and "导出" in text and ("KB" in text or "MB" in text), text
    seen = p.page.evaluate(f"window.innokg.jobs.seen[{job_id!r}]")
    assert seen[-1] == "done" and set(seen) <= {"queued", "running", "done"}, seen
    assert _download(p, job_id) == export_graph(corpus_store, fmt)
    ARTIFACTS.mkdir(exist_ok=True)
    p.page.screenshot(path=str(ARTIFACTS / f"page-export-{fmt}.png"))
    # 删除: the job goes from the page and from the server, its file too
    p.page.click(f"{row} button.job-cancel")
    until(p, f"!document.querySelector('{row}')")
    assert httpx.get(f"{base_url}/exports/{job_id}").status_code == 404
    assert not list((corpus_settings.data_dir / "exports").iterdir())
    assert p.errors == []


def test_a_communities_job_on_the_page_gives_the_api_s_communities(
    browser,  # noqa: ANN001
    base_url: str,
) -> None:
    p = Page(browser, base_url + "/", csp=True, accept_downloads=True)
    p.page.fill("#communities-min", "2")
    p.page.click("#communities-start")
    job_id = _job_row(p)
    row = f'#job-list li[data-job="{job_id}"]'
    # a reload (the region filter reloads the page) keeps following the job
    p.page.reload()
    p.wait_ready()
    until(p, f"document.querySelector('{row}')?.dataset.state === 'done'")
    assert "社区" in p.page.inner_text(row)
    expected = httpx.get(f"{base_url}/analytics/communities", params={"min_size": 2}).json()
    assert json.loads(_download(p, job_id)) == expected and expected
    p.page.click(f"{row} button.job-cancel")
    until(p, f"!document.querySelector('{row}')")
    assert httpx.get(f"{base_url}/analytics/jobs/{job_id}").status_code == 404
    assert p.errors == []


def test_text_from_a_job_is_shown_as_text(browser, base_url: str) -> None:  # noqa: ANN001
    """A job's error and fields are server text: shown escaped, never markup that runs."""
    p = Page(browser, base_url + "/", csp=True)
    evil = '<img src=x onerror="window.pwned=1"><b id="bold">x</b>'
    p.page.evaluate(
        """evil => window.innokg.jobs.show({id: 'j"1<', kind: evil, format: evil, params: {},
             state: 'failed', error: evil, status: '/exports/x"><b>', file: null,
             progress: {phase: evil}, started: 1, finished: 2})""",
        evil,
    )
    row = p.page.locator("#job-list li").first
    assert evil in row.inner_text()
    assert p.page.locator("#job-list img, #job-list b").count() == 0
    assert not p.page.evaluate("window.pwned")
    # a start the server refuses (422: no such format) says why, as text
    p.page.evaluate("""() => { const s = document.getElementById('export-format');
        s.insertAdjacentHTML('beforeend', '<option value="&lt;b&gt;">bad</option>'); s.value = '<b>'; }""")
    p.page.click("#export-start")
    until(p, "document.getElementById('job-message').textContent.includes('未能开始')")
    assert p.page.locator("#job-message b").count() == 0


def test_a_standalone_file_has_no_jobs(browser, corpus_store: GraphStore, tmp_path) -> None:  # noqa: ANN001
    from viz.standalone import write_standalone

    p = Page(browser, write_standalone(corpus_store, tmp_path / "g.html").as_uri())
    assert not p.page.locator("#jobs-box").is_visible()  # no server to run them
    assert p.errors == []


def test_a_running_job_shows_where_it_is(browser, base_url: str) -> None:  # noqa: ANN001
    """The progress a job reports (api/jobtasks.py: phase and counts) is named in Chinese."""
    p = Page(browser, base_url + "/", csp=True)
    running = {"kind": "communities", "format": "json", "params": {"min_size": 3}}
    running |= {"state": "running", "status": "/analytics/jobs/r1", "file": None, "started": 1}
    for progress, shown in (
        ({"phase": "reading"}, "读取图谱"),
        ({"phase": "louvain", "level": 2, "communities": 41}, "Louvain 分层 第 2 层 41 个社区"),
        ({"phase": "betweenness", "samples": 7, "of": 200}, "抽样 7/200"),
    ):
        p.page.evaluate(
            "job => window.innokg.jobs.show(job)", {**running, "id": "r1", "progress": progress}
        )
        text = p.page.inner_text('#job-list li[data-job="r1"]')
        assert "进行中" in text and shown in text and "取消" in text, text
