"""The command line: a thin shell over :mod:`countertrial.pipeline`.

    countertrial analyze CORPUS_DIR --out OUT_DIR     the whole pipeline on a folder
    countertrial demo                                 the bundled example case
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


def _run(corpus: Path, out_dir: Path, db: str | None, quiet: bool, case: Path | None = None) -> None:
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
            result = pipeline.analyze(store, corpus, out_dir, progress, case_path=case)
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
) -> None:
    """Run the whole pipeline on CORPUS and write the findings and the report to OUT.

    Rerunning on the same store only redoes what changed: new or edited documents are read and
    extracted again, and the checks run over everything.
    """
    _run(corpus, out, db, quiet, case)


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


if __name__ == "__main__":  # pragma: no cover
    app()
