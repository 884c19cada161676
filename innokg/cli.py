"""The `innokg` command line: build, extract, eval, serve, query, export, viz."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from innokg.config import DEFAULT_CORPUS, PROJECT_ROOT, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__)
console = Console()
err = Console(stderr=True)

DEFAULT_GOLD = PROJECT_ROOT.parent / "shared" / "eval" / "gold"


def _settings() -> Settings:
    try:
        return Settings.from_env()
    except ValueError as exc:
        err.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from exc


def _open_store(settings: Settings, *, writer: bool = False):
    from graph import open_store
    from graph.store import StoreError

    try:
        return open_store(settings, writer=writer)
    except StoreError as exc:
        err.print(f"[red]store error:[/red] {escape(str(exc))}")
        raise typer.Exit(1) from exc


def _counter_table(title: str, counter: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column("type")
    table.add_column("count", justify="right")
    for key, value in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
        table.add_row(key, str(value))
    return table


class _RateColumn(ProgressColumn):
    """Documents per second over the build so far (rich's own speed column is for bytes)."""

    def render(self, task: Task) -> Text:
        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} docs/s", style="progress.data.speed")


@app.command()
def build(
    paths: Annotated[list[Path] | None, typer.Argument(help="files or folders")] = None,
    fresh: Annotated[bool, typer.Option(help="clear the graph first")] = False,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="extraction processes (default: all cores; 1: no pool)"),
    ] = None,
    engine: Annotated[
        str, typer.Option(help="processes (a local pool) or dask (docs/scale.md)")
    ] = "processes",
    scheduler: Annotated[
        str | None, typer.Option(help="with --engine dask: a running cluster's scheduler address")
    ] = None,
    force: Annotated[bool, typer.Option(help="rewrite documents already stored unchanged")] = False,
) -> None:
    """Load documents (default: the bundled corpus), extract, and write them to the store.

    Documents are extracted in parallel and written as they arrive; documents already stored
    unchanged (same content, same extraction code) are skipped.
    """
    from graph.store import StoreError
    from innokg.engines import ENGINES
    from innokg.pipeline import build as run_build
    from innokg.pipeline import count_files

    if engine not in ENGINES:
        raise typer.BadParameter(f"--engine must be one of {', '.join(ENGINES)}")
    settings = _settings()
    paths = paths or [DEFAULT_CORPUS]
    store = _open_store(settings, writer=True)
    try:
        if fresh:
            store.clear()
        total = count_files(paths)
        with Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            _RateColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        ) as progress:
            task = progress.add_task("building", total=total)
            try:
                summary = run_build(
                    paths,
                    store,
                    settings.max_file_bytes,
                    on_file=lambda _p: progress.advance(task),
                    workers=workers,
                    engine=engine,
                    scheduler=scheduler,
                    force=force,
                )
            except (StoreError, RuntimeError) as exc:
                err.print(f"[red]build failed:[/red] {escape(str(exc))}")
                raise typer.Exit(1) from exc
        for e in summary.errors:
            err.print(f"[red]error:[/red] {escape(f'{e.path}: {e.reason}')}")
        rate = (summary.documents + summary.skipped_unchanged) / max(summary.seconds, 1e-9)
        console.print(
            f"documents written: {summary.documents}, unchanged (skipped): "
            f"{summary.skipped_unchanged}, errors: {len(summary.errors)} — "
            f"{summary.seconds:.1f} s, {rate:.1f} docs/s "
            f"({summary.engine}, {summary.workers} worker{'s' if summary.workers > 1 else ''})"
        )
        for doc_id in summary.missing:
            err.print(f"[red]error:[/red] document {doc_id} was written but is not in the store")
        counts = store.counts()  # what /stats answers
        console.print(_counter_table("entities by type (store)", counts.nodes))
        console.print(_counter_table("relations by type (store)", counts.relations))
        console.print(
            f"store: {counts.total_nodes} nodes, {counts.total_relations} relationships, "
            f"{counts.documents} documents"
        )
    finally:
        store.close()
    if summary.all_failed or summary.missing:
        raise typer.Exit(1)


@app.command()
def extract(
    paths: Annotated[list[Path], typer.Argument(help="files or folders")],
    out: Annotated[Path, typer.Option("--out", help="output folder for <stem>.json")],
) -> None:
    """Extract entities and relations to one gold-format JSON file per document."""
    from innokg.pipeline import extract_documents, load_documents
    from loaders.extract.goldfmt import to_gold

    settings = _settings()
    docs, errors = load_documents(paths, settings.max_file_bytes)
    for e in errors:
        err.print(f"[red]error:[/red] {escape(f'{e.path}: {e.reason}')}")
    out.mkdir(parents=True, exist_ok=True)
    for ex in extract_documents(docs):
        target = out / f"{ex.doc.stem}.json"
        target.write_text(json.dumps(to_gold(ex), ensure_ascii=False, indent=1), encoding="utf-8")
        console.print(f"{target}: {len(ex.entities)} entities, {len(ex.relations)} relations")
    if errors and not docs:
        raise typer.Exit(1)


@app.command(name="eval")
def eval_(
    gold: Annotated[Path, typer.Option(help="folder of <stem>.gold.json")] = DEFAULT_GOLD,
    corpus: Annotated[Path, typer.Option(help="folder holding the documents")] = DEFAULT_CORPUS,
) -> None:
    """Extract the documents the gold names and print the score table of the gold's score.py."""
    from loaders.extract.evaluate import run_eval

    code, output = run_eval(gold, corpus)
    console.print(output, markup=False, highlight=False)
    raise typer.Exit(code)


WORKER_PING_S = 60


@app.command()
def serve(
    host: Annotated[str, typer.Option()] = "127.0.0.1",
    port: Annotated[int, typer.Option()] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="API processes (each answers requests on its own core)")
    ] = 1,
    reuse_port: Annotated[
        bool, typer.Option(hidden=True, help="listen on a SO_REUSEPORT socket (one worker)")
    ] = False,
    access_log: Annotated[
        bool, typer.Option(help="log every request (uvicorn's access log) on standard output")
    ] = False,
) -> None:
    """Serve the HTTP API and the network page.

    The access log is off unless asked for: formatting and writing a line per request was ~5%
    of a neighbours request's CPU at 32 clients; a proxy in front usually logs anyway."""
    import uvicorn

    from api.app import create_app
    from innokg import serving

    settings = _settings()
    if workers == 1:
        if not reuse_port:
            uvicorn.run(create_app(settings), host=host, port=port, access_log=access_log)
            return
        sock = _listen(host, port, serving.STARTUP_FAILURE)
        config = uvicorn.Config(create_app(settings), host=host, port=port, access_log=access_log)
        server = uvicorn.Server(config)
        server.run(sockets=[sock])
        if not server.started:
            raise typer.Exit(serving.STARTUP_FAILURE)
        return
    # The workers are new processes that read the same environment; this one holds the store
    # open meanwhile, so the embedded server starts once and outlives any one worker.
    keep = _open_store(settings)
    try:
        if serving.supported():
            # a port taken by another program is one clear error, not N failed workers
            _listen(host, port, 1).close()
            code = serving.supervise(
                workers,
                lambda: subprocess.Popen(serving.worker_command(host, port, access_log)),
                lambda msg: console.print(msg, markup=False, highlight=False),
            )
            raise typer.Exit(code)
        # no SO_REUSEPORT (not Linux/BSD): uvicorn's workers share one socket.
        # uvicorn's supervisor kills a worker that does not answer its ping in time (5 s by
        # default): on a busy machine a worker answering 32 clients missed it and was killed
        # with its requests in flight (the clients saw their connections reset)
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            timeout_worker_healthcheck=WORKER_PING_S,
            access_log=access_log,
        )
    finally:
        keep.close()


def _listen(host: str, port: int, code: int) -> socket.socket:
    """A SO_REUSEPORT socket on host:port, or the reason it cannot be had and exit ``code``."""
    from innokg import serving

    try:
        return serving.reuse_port_socket(host, port)
    except OSError as exc:
        console.print(f"[red]cannot listen on {host}:{port}: {escape(str(exc))}[/red]")
        raise typer.Exit(code) from exc


def _parse_params(items: list[str]) -> dict[str, object]:
    params: dict[str, object] = {}
    for item in items:
        if "=" not in item:
            raise typer.BadParameter(f"--param takes k=v, not {item!r}")
        key, value = item.split("=", 1)
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


@app.command()
def query(
    cypher: Annotated[str | None, typer.Argument(help="read-only Cypher")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="a .cypher file")] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="k=v (JSON value)")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table|json|csv")] = "table",
) -> None:
    """Run a read-only Cypher query and print the result."""
    from graph.store import QueryError
    from queries.library import format_result, load_query_file

    if (cypher is None) == (file is None):
        raise typer.BadParameter("give either a CYPHER string or --file")
    params: dict[str, object] = {}
    if file is not None:
        cypher, params = load_query_file(file)
    params.update(_parse_params(param or []))
    settings = _settings()
    store = _open_store(settings)
    try:
        from graph.dialect import prepare
        from graph.evidence import decode_records
        from graph.limits import USER, check_params

        check_params(params, USER)
        result = store.query(prepare(cypher), params, row_cap=settings.query_row_cap)
        result.rows = decode_records(result.rows)
    except QueryError as exc:
        err.print(f"[red]query refused:[/red] {escape(str(exc))}")  # its hint is [r:`承接`]
        raise typer.Exit(2) from exc
    finally:
        store.close()
    if fmt == "table":
        table = Table(show_lines=True)
        for c in result.columns:  # long cells wrap inside their column instead of being cut
            table.add_column(Text(c), overflow="fold")
        for row in result.rows:  # Text: a cell's brackets ([注1], [red]) are not rich markup
            table.add_row(*(Text(format_result.cell(v)) for v in row))
        console.print(table)
        if result.truncated:
            err.print(f"[yellow]truncated at {settings.query_row_cap} rows[/yellow]")
    else:
        sys.stdout.write(format_result.render(result, fmt))


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="ttl|jsonld|graphml|json")],
    out: Annotated[Path, typer.Option("--out")],
) -> None:
    """Export the graph as RDF (Turtle, JSON-LD), GraphML or node-link JSON."""
    from graph.export import FORMATS, export_graph

    if fmt not in FORMATS:
        raise typer.BadParameter(f"format must be one of {', '.join(FORMATS)}")
    store = _open_store(_settings())
    try:
        data = export_graph(store, fmt)
    finally:
        store.close()
    out.write_bytes(data)
    console.print(f"wrote {out} ({len(data)} bytes)")


@app.command()
def viz(
    out: Annotated[Path, typer.Option("--out")] = Path("graph.html"),
    focus: Annotated[str | None, typer.Option(help="entity name to centre on")] = None,
    depth: Annotated[int, typer.Option(min=1, max=3)] = 2,
    view: Annotated[
        str, typer.Option(help="all (overview) | transfer (京津转移链 + table)")
    ] = "all",
) -> None:
    """Write the network page as one standalone HTML file (works offline)."""
    from viz.standalone import write_standalone

    if view not in ("all", "transfer"):
        raise typer.BadParameter("--view must be all or transfer")
    settings = _settings()
    store = _open_store(settings)
    try:
        write_standalone(
            store, out, focus=focus, depth=depth, max_nodes=settings.viz_max_nodes, view=view
        )
    finally:
        store.close()
    console.print(f"wrote {out}")


def main() -> None:
    """Run the command, then exit at once: the interpreter's teardown of this process' modules
    and objects cost ~0.25 CPU-s (1.3–1.6 s on a loaded 2-core machine) after the work was
    done. Output is flushed and the store already closed by then."""
    try:
        app()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
