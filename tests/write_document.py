"""Write one long made-up document into the store the environment configures, in small batches:
the writer that tests kill midway (``python tests/write_document.py DOC_ID FIRMS BATCH``)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))

from factories import many_firms_extraction  # noqa: E402

from graph import open_store  # noqa: E402
from innokg.config import Settings  # noqa: E402


def main(doc_id: str, firms: int, batch: int) -> None:
    extraction = many_firms_extraction(doc_id, firms)
    store = open_store(Settings.from_env(), writer=True)
    store.batch_size = batch  # type: ignore[attr-defined]
    print("writing", flush=True)
    store.write_extraction(extraction)
    print("written", flush=True)
    store.close()


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
