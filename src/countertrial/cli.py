"""The command line: a thin shell over :mod:`countertrial.pipeline`.

    countertrial analyze CORPUS_DIR --out OUT_DIR     the whole pipeline on a folder
    countertrial demo                                 the bundled example case
    countertrial export OUT_DIR [--format csv,ftm]    CSV, JSON, GraphML, GEXF, Argdown, FollowTheMoney
    countertrial serve RESULTS_OR_CORPUS              the workbench (login, confirm/reject, audit log)
    countertrial users add NAME --role analyst --db RESULTS   a workbench user
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from countertrial import __version__

app = typer.Typer(
    help=(
        "countertrial reads a corpus of testimonies, records and scholarship, extracts who met whom, "
        "where, when and by what means (with who says so and the exact passage), and finds the "
        "contradictions and independent corroborations. Every finding cites its passages."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
err = Console(stderr=True)
out = Console()

STAGE_LABELS = {
    "ingest": "Reading documents",
    "extract": "Extracting claims",
    "resolve": "Resolving people and places",
    "reason": "Checking for contradictions",
    "present": "Writing the report",
}


class RichProgress:
    """Shows one bar per pipeline stage on stderr (so stdout stays clean for scripts)."""

    def __init__(self, enabled: bool = True):
        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[label]}", style="dim"),
            TimeElapsedColumn(),
            console=err,
            disable=not enabled,
            transient=False,
        )
        self.tasks: dict[str, int] = {}

    def __enter__(self) -> "RichProgress":
        self.bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.bar.__exit__(*exc)

    def start(self, stage: str, total: int | None) -> None:
        self.tasks[stage] = self.bar.add_task(STAGE_LABELS.get(stage, stage), total=total, label="")

    def advance(self, stage: str, label: str = "") -> None:
        self.bar.update(self.tasks[stage], advance=1, label=label[-40:])

    def done(self, stage: str) -> None:
        task = self.tasks[stage]
        t = self.bar.tasks[task] if isinstance(self.bar.tasks, list) else self.bar._tasks[task]
        self.bar.update(task, total=t.completed, completed=t.completed, label="done")


def _version(value: bool) -> None:
    if value:
        out.print(f"countertrial {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = None,
) -> None:
    """countertrial: verification of testimony for commissions of inquiry."""


def _run(corpus: Path, out_dir: Path, db: str | None, quiet: bool, case: Path | None = None, llm=None) -> None:
    from countertrial import pipeline
    from countertrial.store.db import database_url, open_store

    if not corpus.is_dir():
        err.print(f"[red]error:[/red] {corpus}: not a folder (give the folder that holds the documents)")
        raise typer.Exit(2)
    if case is not None and not case.is_file():
        err.print(f"[red]error:[/red] {case}: no such case file")
        raise typer.Exit(2)
    out_dir.mkdir(parents=True, exist_ok=True)
    store = open_store(database_url(db, out_dir))
    try:
        with RichProgress(enabled=not quiet) as progress:
            result = pipeline.analyze(store, corpus, out_dir, progress, case_path=case, llm=llm)
    finally:
        store.close()
    for p in result.problems:
        colour = "red" if p.severity == "error" else "yellow"
        err.print(f"[{colour}]{p.severity}[/{colour}]: {p.file}{':' + str(p.line) if p.line else ''}: {p.message}")
    summary = Table(title="countertrial", show_header=True, header_style="bold")
    summary.add_column("")
    summary.add_column("count", justify="right")
    summary.add_row("documents", str(len(result.documents)))
    summary.add_row("claims", str(len(result.claims)))
    summary.add_row("people and places", str(len(result.entities)))
    summary.add_row("findings", str(len(result.findings)))
    summary.add_row("input problems", str(len(result.problems)))
    if not quiet:
        err.print(summary)
    out.print(f"Report: {(out_dir / 'report.html').resolve()}")


@app.command()
def analyze(
    corpus: Annotated[Path, typer.Argument(help="Folder of documents (.txt .md .html .pdf), with an optional manifest.csv.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for findings.json, claims.json, entities.json and report.html.")],
    db: Annotated[Optional[str], typer.Option(help="Store: a SQLAlchemy URL (sqlite:///…, postgresql+psycopg://…) or a file path. Default: OUT/store.sqlite.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars.")] = False,
    case: Annotated[Optional[Path], typer.Option("--case", help="The analyst's case file (default: CORPUS/case.yaml when present).")] = None,
    llm_url: Annotated[Optional[str], typer.Option("--llm-url", help="Optional LLM extractor: an OpenAI-compatible server (llama.cpp, vLLM, Ollama), e.g. http://127.0.0.1:8080/v1. Off by default. API key from COUNTERTRIAL_LLM_API_KEY.")] = None,
    llm_model: Annotated[Optional[str], typer.Option("--llm-model", help="The model the LLM server should use (with --llm-url).")] = None,
    llm_cache: Annotated[Optional[Path], typer.Option("--llm-cache", help="Folder caching the LLM's answers (default: OUT/llm-cache).")] = None,
) -> None:
    """Run the whole pipeline on CORPUS and write the findings and the report to OUT.

    Rerunning on the same store only redoes what changed: new or edited documents are read and
    extracted again, and the checks run over everything.
    """
    llm = None
    if llm_url or llm_model:
        if not (llm_url and llm_model):
            err.print("[red]error:[/red] the LLM extractor needs both --llm-url and --llm-model")
            raise typer.Exit(2)
        from countertrial.extract.llm import LLMConfig

        llm = LLMConfig(base_url=llm_url, model=llm_model, cache_dir=llm_cache)
    _run(corpus, out, db, quiet, case, llm)


def example_case() -> Path:
    """The bundled fictional case (in a source checkout, examples/ beside src/)."""
    here = Path(__file__).resolve()
    for base in (here.parents[2] / "examples", here.parent / "examples"):
        case = base / "harbour-affair"
        if case.is_dir():
            return case
    raise FileNotFoundError("the example case is not installed (expected examples/harbour-affair in the source tree)")


@app.command()
def demo(
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the demo report.")] = Path("demo-out"),
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
) -> None:
    """Analyse the bundled fictional example case and print where its report is."""
    _run(example_case(), out, None, quiet)


@app.command()
def claims(
    document: Annotated[Path, typer.Argument(help="A document (.txt .md .html .pdf); its folder's manifest.csv is used when present.")],
) -> None:
    """Show what the machine reads in DOCUMENT: each sentence with claims, its people, place and time highlighted."""
    from countertrial.present.claims_view import show_claims

    if not document.is_file():
        err.print(f"[red]error:[/red] {document}: no such file")
        raise typer.Exit(2)
    if show_claims(document, out) < 0:
        raise typer.Exit(1)


@app.command()
def evaluate(
    findings: Annotated[Path, typer.Argument(help="A findings.json written by `countertrial analyze`.")],
    gold: Annotated[Path, typer.Argument(help="A gold file: items with id, kind, claim and counter passages.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    near_misses: Annotated[Optional[Path], typer.Option("--near-misses", help="Near-miss items that no finding should connect.")] = None,
    min_recall: Annotated[Optional[float], typer.Option("--min-recall", help="Exit with status 1 when recall is lower.")] = None,
) -> None:
    """Score FINDINGS against GOLD: recall, kinds matched, misses and findings that match nothing."""
    from countertrial.evaluate import evaluate_command

    raise typer.Exit(evaluate_command(findings, gold, json_out=json_out, near_misses=near_misses, min_recall=min_recall))


@app.command()
def export(
    out_dir: Annotated[Path, typer.Argument(metavar="OUT_DIR", help="The folder `analyze` wrote its results and store.sqlite to.")],
    format: Annotated[str, typer.Option("--format", "-f", help="Comma-separated: csv, json, graphml, gexf, argdown, ftm (or all).")] = "all",
    to: Annotated[Optional[Path], typer.Option("--to", help="Folder for the exported files. Default: OUT_DIR/exports.")] = None,
    db: Annotated[Optional[str], typer.Option(help="The store, as for analyze: a SQLAlchemy URL or a file path. Default: OUT_DIR/store.sqlite.")] = None,
) -> None:
    """Export an analysis as CSV, JSON, GraphML, GEXF (Gephi), Argdown and FollowTheMoney (Aleph) files."""
    from sqlalchemy.engine import make_url

    from countertrial.present.exports import export_store, parse_formats
    from countertrial.store.db import database_url, open_store

    try:
        formats = parse_formats(format)
    except ValueError as e:
        err.print(f"[red]error:[/red] --format: {e}")
        raise typer.Exit(2)
    url_text = database_url(db, out_dir)
    url = make_url(url_text)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).is_file():  # never create one
        err.print(f"[red]error:[/red] {url.database}: no store here; run `countertrial analyze CORPUS --out {out_dir}` first (or give --db)")
        raise typer.Exit(2)
    try:
        store = open_store(url_text)
    except Exception as e:  # a newer or damaged store, an unreachable server: say so, no traceback
        err.print(f"[red]error:[/red] cannot open the store: {e}")
        raise typer.Exit(2)
    try:
        if not store.document_fingerprints():
            err.print("[red]error:[/red] the store holds no analysis; run `countertrial analyze` first")
            raise typer.Exit(2)
        written = export_store(store, to or out_dir / "exports", formats, title=out_dir.resolve().name)
    finally:
        store.close()
    for path in written:
        out.print(str(path), soft_wrap=True, highlight=False)


# the workbench: `countertrial serve` and `countertrial users …` (src/countertrial/workbench/commands.py)
from countertrial.workbench.commands import register as _register_workbench  # noqa: E402

_register_workbench(app, _run, err, out)


if __name__ == "__main__":  # pragma: no cover
    app()
