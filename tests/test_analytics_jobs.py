"""Analytics as jobs (api/jobs.py, api/routers/jobs.py) over real HTTP on both backends: a job
gives what the synchronous endpoint gives, says where it is, shares the export jobs' limits,
and the synchronous endpoint's 504 names it. (Speed on the 100k/300k graph: bench/export_jobs.py.)
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator

import httpx
import pytest
from live import serve

from api.app import create_app
from graph import analytics
from graph.store import GraphStore
from innokg.config import Settings
from tests.factories import transfer_extraction


@pytest.fixture(scope="module")
def base_url(corpus_store: GraphStore, corpus_settings: Settings) -> Iterator[str]:
    with serve(create_app(corpus_settings, store=corpus_store)) as url:
        yield url


def finished(h: httpx.Client, status: str) -> dict:
    hang_guard = time.monotonic() + 300  # not a speed bar (bench/export_jobs.py times it)
    while (job := h.get(status).json())["state"] in ("queued", "running"):
        assert time.monotonic() < hang_guard, job
        time.sleep(0.1)
    return job


def _done_file(h: httpx.Client, post: str) -> tuple[dict, httpx.Response]:
    r = h.post(post)
    assert r.status_code == 202, r.text
    job = r.json()
    assert r.headers["location"] == job["status"] and job["status"].startswith("/analytics/jobs/")
    done = finished(h, job["status"])
    assert done["state"] == "done", done
    f = h.get(done["file"])
    assert f.status_code == 200 and f.headers["content-type"].startswith("application/json")
    assert done["bytes"] == len(f.content)
    return done, f


def test_a_communities_job_gives_what_the_endpoint_gives(
    base_url: str, corpus_settings: Settings
) -> None:
    with httpx.Client(base_url=base_url, timeout=60) as h:
        sync = h.get("/analytics/communities", params={"min_size": 2})
        assert sync.status_code == 200 and sync.json(), sync.text
        done, f = _done_file(h, "/analytics/communities/jobs?min_size=2")
        assert f.json() == sync.json()
        assert done["kind"] == "communities" and done["params"] == {"min_size": 2}
        assert done["progress"] == {"phase": "written", "communities": len(sync.json())}
        assert 'filename="innokg-communities.json"' in f.headers["content-disposition"]
        part = h.get(done["file"], headers={"Range": "bytes=0-4"})
        assert part.status_code == 206 and part.content == f.content[:5]
        # an analytics job is not an export job, nor the other way round
        assert h.get(f"/exports/{done['id']}").status_code == 404
        assert h.delete(f"/exports/{done['id']}").status_code == 404
        assert h.delete(done["status"]).status_code == 204
        assert h.get(done["status"]).status_code == 404
        assert h.get(done["file"]).status_code == 404
    assert not list((corpus_settings.data_dir / "exports").iterdir())


@pytest.mark.parametrize("metric", ["betweenness", "pagerank"])
def test_a_central_job_gives_what_the_endpoint_gives(base_url: str, metric: str) -> None:
    """On the corpus graph betweenness is exact (samples = nodes), so job and endpoint agree."""
    params = {"metric": metric, "limit": 15}
    with httpx.Client(base_url=base_url, timeout=60) as h:
        sync = h.get("/analytics/central", params=params)
        assert sync.status_code == 200 and sync.json(), sync.text
        done, f = _done_file(h, f"/analytics/central/jobs?metric={metric}&limit=15")
        assert f.json() == sync.json()
        assert done["params"] == {"metric": metric, "type": None, "limit": 15}
        assert done["progress"]["nodes"] == int(sync.headers["x-graph-nodes"])
        if metric == "betweenness":
            assert done["progress"]["samples"] == int(sync.headers["x-betweenness-samples"])
        typed = h.get("/analytics/central", params={**params, "type": "Park"}).json()
        of_type, f = _done_file(h, f"/analytics/central/jobs?metric={metric}&limit=15&type=Park")
        assert f.json() == typed and all(row["type"] == "Park" for row in typed)
        for job in (done, of_type):
            assert h.delete(job["status"]).status_code == 204


def test_the_progress_names_each_louvain_level(corpus_store: GraphStore) -> None:
    seen: list[dict] = []
    found = analytics.communities(corpus_store, 2, progress=seen.append)
    assert found == analytics.communities(corpus_store, 2)  # telling changes nothing
    assert seen[0] == {"phase": "reading"}
    assert seen[1]["phase"] == "louvain" and seen[1]["level"] == 0 and seen[1]["nodes"] > 0
    levels = [p["level"] for p in seen[2:]]
    assert levels == list(range(1, len(levels) + 1)) and levels, seen
    assert all(p["communities"] > 0 for p in seen[2:])


def test_a_synchronous_504_names_the_job_route(
    corpus_store: GraphStore, corpus_settings: Settings
) -> None:
    settings = dataclasses.replace(corpus_settings, export_timeout_ms=1)
    hints = {
        "/analytics/communities?min_size=4": "POST /analytics/communities/jobs?min_size=4",
        "/analytics/central?metric=betweenness&type=Park&limit=5": (
            "POST /analytics/central/jobs?metric=betweenness&limit=5&type=Park"
        ),
        "/export?format=ttl": "POST /exports?format=ttl",
    }
    with serve(create_app(settings, store=corpus_store)) as url, httpx.Client(base_url=url) as h:
        for path, hint in hints.items():
            r = h.get(path)
            assert r.status_code == 504, (path, r.text)
            assert r.headers["content-type"] == "application/problem+json"
            assert hint in r.json()["detail"], r.json()
            # and that job does answer
            job = h.post(hint.removeprefix("POST "))
            assert job.status_code == 202, job.text
            assert finished(h, job.json()["status"])["state"] == "done"
            assert h.delete(job.json()["status"]).status_code == 204


def test_jobs_of_every_kind_share_the_limit_and_the_same_work_is_one_job(
    store: GraphStore, store_settings: Settings
) -> None:
    store.clear()
    store.write_extraction(transfer_extraction())
    settings = dataclasses.replace(store_settings, export_jobs_kept=2)
    with serve(create_app(settings, store=store)) as url, httpx.Client(base_url=url) as h:
        first = h.post("/analytics/communities/jobs?min_size=2").json()
        again = h.post("/analytics/communities/jobs?min_size=2").json()
        if again["id"] != first["id"]:  # only while the first is queued or running
            assert finished(h, first["status"])["state"] == "done"
            h.delete(again["status"])
        export = h.post("/exports?format=json")
        assert export.status_code == 202, export.text
        busy = h.post("/analytics/central/jobs?metric=degree")
        assert busy.status_code == 429 and busy.headers["retry-after"], busy.text
        assert "jobs are kept" in busy.json()["detail"]
        for job in (first, export.json()):
            assert finished(h, job["status"])["state"] == "done"
            assert h.delete(job["status"]).status_code == 204
        room = h.post("/analytics/central/jobs?metric=degree")  # room again once deleted
        assert room.status_code == 202, room.text
        assert finished(h, room.json()["status"])["state"] == "done"
        assert h.delete(room.json()["status"]).status_code == 204
    assert not list((store_settings.data_dir / "exports").iterdir())


def test_an_analytics_job_that_fails_says_why(store: GraphStore, store_settings: Settings) -> None:
    """Over its memory limit the job process fails; the job says so and serves no file."""
    store.clear()
    store.write_extraction(transfer_extraction())
    settings = dataclasses.replace(store_settings, export_job_memory_bytes=24 * 1024 * 1024)
    with serve(create_app(settings, store=store)) as url, httpx.Client(base_url=url) as h:
        job = h.post("/analytics/communities/jobs").json()
        failed = finished(h, job["status"])
        assert failed["state"] == "failed" and failed["error"] and failed["file"] is None
        r = h.get(f"{job['status']}/file")
        assert r.status_code == 409 and failed["error"] in r.json()["detail"]
        assert h.delete(job["status"]).status_code == 204
    assert not list((store_settings.data_dir / "exports").iterdir())


def test_communities_of_more_relations_than_a_request_may_go_to_a_job(
    base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past SYNC_LOUVAIN_EDGES the GET is a 504 before Louvain starts (not after the minute
    limit, its thread busy for minutes more); the job has no such bound. The corpus graph
    stands in for a big one with the bound set below its size."""
    monkeypatch.setattr(analytics, "SYNC_LOUVAIN_EDGES", 3)
    with httpx.Client(base_url=base_url, timeout=60) as h:
        r = h.get("/analytics/communities", params={"min_size": 2})
        assert r.status_code == 504, r.text
        detail = r.json()["detail"]
        assert "more than 3" in detail and "POST /analytics/communities/jobs?min_size=2" in detail
        done, f = _done_file(h, "/analytics/communities/jobs?min_size=2")
        monkeypatch.undo()
        assert f.json() == h.get("/analytics/communities", params={"min_size": 2}).json()
        assert h.delete(done["status"]).status_code == 204
