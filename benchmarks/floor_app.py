"""The start-up floor: the smallest Typer app of dlprep's shape (three commands, one printing a rich table).

The table command takes one argument and one option, like `dlprep kata list` and `dlprep stats`,
so the floor pays for parameter handling as any real command does (with Typer 0.29 that alone
imported pydantic, ~150 ms here; dlprep pins 0.28). benchmarks/run.py times it in the same venv
and run as dlprep, so ratios cancel machine speed.
"""

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False)


@app.command()
def table(name: str = typer.Argument("all"), json: bool = typer.Option(False, "--json")) -> None:
    """Print a small rich table."""
    from rich.console import Console
    from rich.table import Table

    t = Table()
    for col in ("name", "title", "status"):
        t.add_column(col)
    t.add_row("nms", "Non-maximum suppression", "not tried")
    Console().print(t)


@app.command()
def hello(name: str = "world") -> None:
    """Say hello."""
    print(f"hello {name}")


@app.command()
def bye() -> None:
    """Say bye."""
    print("bye")


if __name__ == "__main__":
    app()
