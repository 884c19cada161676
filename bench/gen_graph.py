"""A generated graph in the real schema (labels, Chinese relationship types and names) for the
store and API benchmarks: ``generate(n_nodes, n_rels, seed)`` and ``load_generated(store, ...)``."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph import cypher as C  # noqa: E402
from schema.model import ENTITY_TYPES, RELATION_NAMES, entity_key, relation_key  # noqa: E402

SYLLABLES = "华创新科恒远星辰云岭北辰天宇中信东方瑞达明德泰和鼎盛金石博远华夏长城宏图志远".replace(
    " ", ""
)
SUFFIX = {
    "Enterprise": "科技有限公司",
    "Lab": "研究院",
    "University": "大学",
    "Park": "高新区",
    "Agency": "科技局",
    "Official": "",
    "Policy": "行动计划",
    "Region": "市",
}


def generate(
    n_nodes: int, n_rels: int, seed: int = 7
) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    rnd = random.Random(seed)
    nodes: dict[str, list[dict]] = {t: [] for t in ENTITY_TYPES}
    keys: list[str] = []
    for i in range(n_nodes):
        t = ENTITY_TYPES[i % len(ENTITY_TYPES)]
        stem = "".join(rnd.choice(SYLLABLES) for _ in range(3))
        name = f"{stem}{i}{SUFFIX[t]}"
        key = entity_key(t, name)
        nodes[t].append(
            {"key": key, "name": name, "type": t, "aliases": [], "doc_id": "bench", "props": {}}
        )
        keys.append(key)
    rels: dict[str, list[dict]] = {r: [] for r in RELATION_NAMES}
    seen = set()
    while sum(len(v) for v in rels.values()) < n_rels:
        t = rnd.choice(RELATION_NAMES)
        a, b = rnd.choice(keys), rnd.choice(keys)
        k = relation_key(t, a, b)
        if a == b or k in seen:
            continue
        seen.add(k)
        ev = json.dumps(
            {
                "doc_id": "bench",
                "sentence_id": 0,
                "sentence": f"{t}测试句子。",
                "start": 0,
                "end": 6,
                "cue": t,
            },
            ensure_ascii=False,
        )
        props = {"from_region": ["北京"]} if t == "承接" else {}
        rels[t].append(
            {
                "key": k,
                "head": a,
                "tail": b,
                "doc_id": "bench",
                "confidence": 0.8,
                "evidence": [ev],
                "props": props,
            }
        )
    return nodes, rels


def load_generated(
    store,  # noqa: ANN001
    nodes: dict[str, list[dict]],
    rels: dict[str, list[dict]],
) -> tuple[float, float]:
    """Bulk load through the writer's own two steps (entity rows, then relation rows, batched as
    the writer batches them); returns (node seconds, relationship seconds)."""
    import time

    store._write(C.CREATE_DOCUMENT, {"id": "bench", "props": {"path": "bench", "name": "bench"}})
    with store.bulk():  # one load: the store's housekeeping waits until both steps are done
        t0 = time.perf_counter()
        ids = store.write_entity_rows(nodes)
        t1 = time.perf_counter()
        written = store.write_relation_rows(rels, ids)
        t2 = time.perf_counter()
    store._write(C.COMPLETE_DOCUMENT, {"id": "bench"})
    expected = sum(len(rows) for rows in rels.values())
    if written != expected:
        raise RuntimeError(f"wrote {written} of {expected} relationships")
    return t1 - t0, t2 - t1
