"""`dlprep kata NAME [FILE] --watch`: grade, then grade again every time the file is saved, until Ctrl-C.

The folder holding the file is watched (watchfiles), not the file itself, so editors that save by
writing a new file and renaming it over the old one are seen too. The screen shows the latest
report and, below it, how long ago it ran; Ctrl-C while waiting ends the watch with the last
verdict's exit code, Ctrl-C during a grading stops it at once and records nothing (exit 130).
"""

import time
from pathlib import Path

from dlprep.cli import errors as cli_errors
from dlprep.cli import render

UI = {
    "watching": ("Watching {file}: graded {ago} ago ({verdict}). Save to grade again, Ctrl-C to stop.",
                 "正在监视 {file}：{ago}前评测（{verdict}）。保存文件即重新评测，Ctrl-C 停止。"),
    "stopped": ("Stopped watching {file}.", "已停止监视 {file}。"),
    "gone": ("{file} is gone; waiting for it to come back.", "{file} 不见了；等待它重新出现。"),
}


ui = render.catalog(UI)


def _ago(seconds: float, lang: str) -> str:
    s = int(seconds)
    if s < 60:
        return f"{s} s" if lang != "zh" else f"{s} 秒"
    return f"{s // 60} min" if lang != "zh" else f"{s // 60} 分钟"


def watch(spec, file: Path, limits, *, seed, bench: bool, lang: str, json_out: bool) -> int:  # noqa: ANN001
    """Grade now and after every change of `file`; return the exit code of the last verdict."""
    from watchfiles import watch as changes

    from dlprep.cli.kata import grade_once
    from dlprep.kata.verdict import verdict_name

    con = render.console()
    target = file.resolve()
    report = None
    last = 0.0

    def grade() -> None:
        nonlocal report, last
        if con.is_terminal and not json_out:
            con.clear()
        if target.is_file():
            report, _ = grade_once(spec, file, limits, seed=seed, bench=bench, lang=lang, json_out=json_out)
        else:
            con.print(ui("gone", lang, file=file), markup=False)
        last = time.monotonic()

    grade()
    status = None
    try:
        if con.is_terminal and not json_out:
            from rich.live import Live
            from rich.text import Text

            status = Live(Text(""), console=con, auto_refresh=False, transient=True)
            status.start()
        for batch in changes(target.parent, yield_on_timeout=True, rust_timeout=1000, debounce=200,
                             watch_filter=lambda _change, path: Path(path).resolve() == target):
            if batch:
                if status is not None:
                    status.stop()
                grade()
                if status is not None:
                    status.start()
            if status is not None and report is not None:
                from rich.text import Text

                status.update(Text(ui("watching", lang, file=file, ago=_ago(time.monotonic() - last, lang),
                                      verdict=verdict_name(report.verdict, lang)), style="dim"), refresh=True)
    except KeyboardInterrupt:
        pass
    finally:
        if status is not None:
            status.stop()
    if not json_out:
        con.print(ui("stopped", lang, file=file), markup=False)
    return cli_errors.exit_code(report.verdict) if report is not None else cli_errors.FAILED
