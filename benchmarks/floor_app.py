"""The start-up floor: the smallest Typer app of dlprep's shape, in dlprep's own settings.

Same help mode (plain, `rich_markup_mode=None`), same completion options, a table command that takes one
argument and one option like `dlprep stats`, a board command printing a table the size of `dlprep kata
list`'s, and a prompt command that prints a
small table and then a prompt and waits for a line, like `dlprep quiz` up to its first question.
benchmarks/run.py times it in the same venv and run as dlprep, so ratios cancel machine speed.
"""

import sys

import typer

app = typer.Typer(no_args_is_help=True, add_completion=True, rich_markup_mode=None, pretty_exceptions_enable=False)


def _table() -> None:
    from rich.console import Console
    from rich.table import Table

    t = Table()
    for col in ("name", "title", "status"):
        t.add_column(col)
    t.add_row("nms", "Non-maximum suppression", "not tried")
    Console().print(t)


def _board() -> None:
    """A table the size of `dlprep kata list`'s: five columns, 26 rows in 7 titled sections."""
    from rich.console import Console
    from rich.table import Table

    t = Table(box=None)
    for col in ("name", "title", "difficulty", "status", "attempts"):
        t.add_column(col)
    for section in range(7):
        t.add_row(f"Section {section}", "", "", "", "")
        for row in range(4 if section < 5 else 3):
            t.add_row(f"  kata_{section}_{row}", "Softmax and cross-entropy, forward and backward", "medium",
                      "not tried", "0")
    Console().print(t)


@app.command()
def table(name: str = typer.Argument("all"), json: bool = typer.Option(False, "--json")) -> None:
    """Print a small rich table."""
    _table()


@app.command()
def board(name: str = typer.Argument("all"), json: bool = typer.Option(False, "--json")) -> None:
    """Print a table the size of the kata board."""
    _board()


@app.command()
def prompt(name: str = typer.Argument("all"), json: bool = typer.Option(False, "--json")) -> None:
    """Print a small rich table, then a prompt, and read one line."""
    _table()
    sys.stdout.write("> ")
    sys.stdout.flush()
    sys.stdin.readline()


@app.command()
def bye() -> None:
    """Say bye."""
    print("bye")


if __name__ == "__main__":
    app()
