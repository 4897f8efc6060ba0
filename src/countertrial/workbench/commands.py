"""``countertrial serve`` and ``countertrial users``: the workbench's commands, added to the main CLI.

    countertrial serve RESULTS_OR_CORPUS [--db URL] [--host 127.0.0.1] [--port 8765]
    countertrial users add NAME --role analyst --db RESULTS [--password-stdin]
    countertrial users list --db RESULTS
    countertrial users role NAME ROLE --db RESULTS
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

LOOPBACK = {"127.0.0.1", "::1", "localhost"}


def store_url(place: str) -> str:
    """A run's output folder (its store.sqlite), a store file, or a SQLAlchemy URL."""
    from countertrial.store.db import database_url

    if "://" in place:
        return place
    p = Path(place)
    return database_url(None, p) if p.is_dir() else database_url(str(p), None)


def register(app: typer.Typer, run: Callable, err: Console, out: Console) -> None:
    users_app = typer.Typer(help="Workbench users: who may log in, and as viewer, analyst or admin.", no_args_is_help=True)
    app.add_typer(users_app, name="users")

    def open_existing(db: str):
        from countertrial.store import open_store

        url = store_url(db)
        if url.startswith("sqlite:///") and not Path(url[len("sqlite:///"):]).is_file():
            err.print(f"[red]error:[/red] no store at {db} (give a run's output folder, its store.sqlite, or a URL)")
            raise typer.Exit(2)
        return open_store(url)

    @users_app.command("add")
    def users_add(
        name: Annotated[str, typer.Argument(help="The name to log in with.")],
        db: Annotated[str, typer.Option("--db", help="The store: a run's output folder, its store.sqlite, or a SQLAlchemy URL.")],
        role: Annotated[str, typer.Option("--role", help="viewer (reads), analyst (also decides) or admin (also manages users).")] = "analyst",
        password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")] = False,
    ) -> None:
        """Add a workbench user; the password is asked for (or read from stdin) and stored only as an argon2 hash."""
        from countertrial.store.analyst import ROLES
        from countertrial.workbench.auth import hash_password

        if role not in ROLES:
            err.print(f"[red]error:[/red] role must be one of {', '.join(ROLES)}")
            raise typer.Exit(2)
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        if len(password) < 8:
            err.print("[red]error:[/red] the password must have at least 8 characters")
            raise typer.Exit(2)
        store = open_existing(db)
        try:
            store.add_user(name, role, hash_password(password), by="cli")
        except ValueError as e:
            err.print(f"[red]error:[/red] {e}")
            raise typer.Exit(1)
        finally:
            store.close()
        out.print(f"Added {name} ({role}).")

    @users_app.command("list")
    def users_list(db: Annotated[str, typer.Option("--db", help="The store (output folder, file or URL).")]) -> None:
        """List the workbench users and their roles."""
        store = open_existing(db)
        try:
            for u in store.users():
                out.print("\t".join([u["name"], u["role"]] + (["(disabled)"] if u["disabled"] else [])))
        finally:
            store.close()

    @users_app.command("role")
    def users_role(
        name: Annotated[str, typer.Argument()],
        role: Annotated[str, typer.Argument(help="viewer, analyst or admin")],
        db: Annotated[str, typer.Option("--db", help="The store (output folder, file or URL).")],
    ) -> None:
        """Change a user's role (their sessions end)."""
        store = open_existing(db)
        try:
            store.set_user_role(name, role, by="cli")
        except (KeyError, ValueError) as e:
            err.print(f"[red]error:[/red] {e}")
            raise typer.Exit(1)
        finally:
            store.close()

    @app.command()
    def serve(
        target: Annotated[Path, typer.Argument(help="A run's output folder (holding store.sqlite), a store file, or a corpus folder (analysed first).")],
        db: Annotated[Optional[str], typer.Option(help="The store, when not in TARGET: a SQLAlchemy URL or a file path.")] = None,
        host: Annotated[str, typer.Option(help="Address to listen on. Only this machine by default.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
        out_dir: Annotated[Optional[Path], typer.Option("--out", help="Where to write the analysis when TARGET is a corpus (default: ./countertrial-out).")] = None,
        title: Annotated[Optional[str], typer.Option(help="The case's name in the pages (default: the folder's name).")] = None,
        session_hours: Annotated[float, typer.Option(help="A session ends after this many hours without a request.")] = 8.0,
    ) -> None:
        """Start the workbench: the report and the analyst's pages (confirm, reject, correct, merge, undo) in a browser."""
        import uvicorn

        from countertrial.store import open_store
        from countertrial.workbench.app import create_app

        if target.is_dir() and not (target / "store.sqlite").is_file() and db is None:
            out_dir = out_dir or Path("countertrial-out")
            err.print(f"{target} is a corpus: analysing it into {out_dir} first")
            run(target, out_dir, None, False)
            url, name = store_url(str(out_dir)), target.resolve().name
        elif target.is_dir() and db is not None and not (target / "store.sqlite").is_file():
            out_dir = out_dir or Path("countertrial-out")
            run(target, out_dir, db, False)
            url, name = store_url(db), target.resolve().name
        elif db is not None:
            url, name = store_url(db), target.resolve().name
        elif target.exists():
            url, name = store_url(str(target)), (target if target.is_dir() else target.parent).resolve().name
        else:
            err.print(f"[red]error:[/red] {target}: no such folder or file")
            raise typer.Exit(2)
        store = open_store(url)
        if not store.users() and sys.stdin.isatty():
            from countertrial.workbench.auth import hash_password

            err.print("Nobody can log in yet: create the first admin.")
            name_ = typer.prompt("Admin name")
            password = typer.prompt("Password (8 characters or more)", hide_input=True, confirmation_prompt=True)
            if len(password) >= 8:
                store.add_user(name_, "admin", hash_password(password), by="cli")
        if not store.users():
            err.print(
                "[red]error:[/red] nobody can log in yet: add a user first, e.g.\n"
                f"  countertrial users add NAME --role admin --db {url}"
            )
            store.close()
            raise typer.Exit(2)
        if host not in LOOPBACK:
            err.print(f"[yellow]warning:[/yellow] listening on {host}: other machines can reach the workbench (use HTTPS in front of it)")
        app_ = create_app(store, title or name, session_idle=session_hours * 3600)
        out.print(f"Workbench: http://{'[' + host + ']' if ':' in host else host}:{port}/  (Ctrl-C stops it)")
        try:
            uvicorn.run(app_, host=host, port=port, log_level="warning")
        finally:
            store.close()
