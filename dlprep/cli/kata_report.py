"""Rendering a kata grading: the verdict, each check, the counterexample, the mistake, the output, the
schedule change and the speed comparison. Shared by `dlprep kata` and its watch mode."""

from typing import Any

from dlprep import text
from dlprep.cli import render

UI = {
    "counterexample": ("Smallest failing input", "最小反例"),
    "got": ("got", "实际"), "expected": ("expected", "期望"),
    "first_diff": ("first difference at {index}: expected {want}, got {got}; max abs error {abs}, max rel error {rel}",
                   "第一个差异位于 {index}：期望 {want}，实际 {got}；最大绝对误差 {abs}，最大相对误差 {rel}"),
    "shape_diff": ("shape: expected {want}, got {got}; dtype: expected {wd}, got {gd}", "shape：期望 {want}，实际 {got}；dtype：期望 {wd}，实际 {gd}"),
    "mistake": ("Known mistake: {name}", "常见错误：{name}"),
    "output": ("Your code printed ({size} bytes{cut}):", "你的代码输出了（{size} 字节{cut}）："),
    "cut": (", truncated", "，已截断"),
    "reproduce": ("Reproduce with --seed {seed}; `dlprep kata {kata} --hint` gives a hint.",
                  "用 --seed {seed} 复现；`dlprep kata {kata} --hint` 可查看提示。"),
    "summary": ("{file}: {verdict} ({duration:.2f} s, {examples} examples)", "{file}：{verdict}（{duration:.2f} 秒，{examples} 组输入）"),
    "rated": ("Review: {rating} ({reason}); next due in {when}.", "复习评分：{rating}（{reason}）；下次复习在 {when}后。"),
    "reason.not_passed": ("not passed yet", "尚未通过"),
    "reason.hints": ("passed after hints", "用了提示后通过"),
    "reason.retries": ("passed after failed attempts", "失败后再次提交才通过"),
    "reason.slow": ("passed in {minutes:.0f} min, over the expected {expected}", "用时 {minutes:.0f} 分钟，超过预期的 {expected} 分钟"),
    "reason.fast": ("first-try pass in {minutes:.0f} min without hints", "{minutes:.0f} 分钟内一次通过且未用提示"),
    "reason.first_try": ("first-try pass", "一次通过"),
    "due.hours": ("{n} h", "{n} 小时"), "due.days": ("{n} days", "{n} 天"),
    "same_file": ("This exact file has passed before, so it does not count as a review: move it aside and run "
                  "`dlprep kata {kata}` for a fresh starter.",
                  "这份文件之前已经通过，不算作一次复习：把它移走，再运行 `dlprep kata {kata}` 获取新的初始代码。"),
    "related": ("Brought back {n} related question(s) for review now: {ids}. Run `dlprep quiz --mode due`.",
                "已把 {n} 道相关题目设为立即复习：{ids}。运行 `dlprep quiz --mode due`。"),
    "check.not_reached": ("not reached on the failing input", "在失败的输入上未执行到"),
    "check.not_run": ("not run", "未运行"),
    "bench": ("Speed on {size}: yours {yours}, reference {reference} ({ratio:.1f}x the reference; medians of {repeats} runs).",
              "规模 {size} 下的速度：你的 {yours}，参考实现 {reference}（参考实现的 {ratio:.1f} 倍；{repeats} 次运行的中位数）。"),
    "bench.slow": ("Speed on {size}: stopped after {bound:.0f} s (the reference takes {reference}); correct, but far too slow at this size.",
                   "规模 {size} 下的速度：{bound:.0f} 秒后被停止（参考实现用时 {reference}）；结果正确，但在这个规模下太慢。"),
    "bench.error": ("Speed on {size}: your code failed at this size ({error}); the verdict above is about correctness.",
                    "规模 {size} 下的速度：你的代码在这个规模下失败（{error}）；上面的判定只关于正确性。"),
}


ui = render.catalog(UI)


def _fmt(value: Any, lead: str) -> str:
    """One value of a counterexample; arrays wrap under their first element, not at column 0.

    `maxprec` prints the shortest digits that tell the test values apart (0.5, not 0.5000), with
    up to 6 significant decimals, so 2-D and 4-D arrays stay compact.
    """
    import numpy as np

    if isinstance(value, np.ndarray):
        body = np.array2string(value, precision=6, floatmode="maxprec", separator=", ", threshold=60,
                               max_line_width=100, prefix=lead, suppress_small=False)
        return lead + body
    if isinstance(value, float):
        return f"{lead}{value:.6g}"
    return lead + repr(value)


def _window(values: list) -> str:
    """A few neighbouring elements, floats at 6 significant digits like the arrays above."""
    return "[" + ", ".join(f"{v:.6g}" if isinstance(v, float) else repr(v) for v in values) + "]"


def render_review(review, spec, lang: str) -> None:  # noqa: ANN001
    """What the attempt did to the schedule: the kata's rating and the questions brought back."""
    con = render.console()
    if review.rating is not None:  # a rated attempt always carries the card it moved
        when = _when(review.card.due_ts, lang)
        rating = review.rating.text(lang)
        con.print(render.escape(ui("rated", lang, rating=rating,
                                   reason=ui(f"reason.{review.reason}", lang, minutes=review.minutes or 0,
                                             expected=spec.expected_minutes), when=when)), style="dim")
    elif review.reason == "same_file":
        con.print(render.escape(ui("same_file", lang, kata=spec.id)), style="dim")
    if review.due_now:
        con.print(render.escape(ui("related", lang, n=len(review.due_now), ids=", ".join(review.due_now[:6])
                                   + (" …" if len(review.due_now) > 6 else ""))))


def _when(ts: float, lang: str) -> str:
    import time

    days = (ts - time.time()) / 86400
    if days < 1:
        return ui("due.hours", lang, n=max(1, round(days * 24)))
    return ui("due.days", lang, n=round(days))


def _err(value: float | None) -> str:
    """An error figure, or n/a where it is undefined (every expected value 0, or nothing finite)."""
    import math

    return "n/a" if value is None or math.isnan(value) else f"{value:.3g}"


def render_report(report, spec, lang: str) -> None:  # noqa: ANN001
    from dlprep.kata.verdict import CheckStatus, verdict_name

    con = render.console()
    colour = "green" if report.passed else "red"
    con.print(f"[bold {colour}]" + render.escape(ui("summary", lang, file=report.file or spec.id,
                                                     verdict=verdict_name(report.verdict, lang),
                                                     duration=report.duration_s, examples=report.examples)) + "[/]")
    marks = {CheckStatus.PASSED: "[green]✓[/]", CheckStatus.FAILED: "[red]✗[/]",
             CheckStatus.NOT_REACHED: "[yellow]·[/]", CheckStatus.NOT_RUN: "[dim]-[/]"}
    for c in report.checks:
        title = spec.checks.get(c.name) or text.both(f"check.{c.name}")
        note = "" if c.status in (CheckStatus.PASSED, CheckStatus.FAILED) else f" ({ui('check.' + c.status.value, lang)})"
        con.print(f"  {marks[c.status]} {render.escape(text.pick(title, lang))}{note}")
    if not report.passed:
        con.print(render.escape(text.pick(report.message, lang)), style="bold")
    cx = report.counterexample
    if cx is not None:
        con.print(f"[bold]{ui('counterexample', lang)}[/]")
        for key, value in cx.inputs.items():
            con.print(render.escape(_fmt(value, f"  {key} = ")))
        width = max(len(ui("got", lang)), len(ui("expected", lang))) + 1
        labels = [(ui(k, lang) + ":").ljust(width) for k in ("got", "expected")]
        if isinstance(cx.got, dict):
            for key, value in cx.got.items():
                con.print(render.escape(_fmt(value, f"  {labels[0]} {key} = ")))
        if isinstance(cx.expected, dict):
            for key, value in cx.expected.items():
                con.print(render.escape(_fmt(value, f"  {labels[1]} {key} = ")))
        d = cx.diff
        if d is not None and d.got_shape != d.expected_shape:
            con.print("  " + render.escape(ui("shape_diff", lang, want=d.expected_shape, got=d.got_shape,
                                              wd=d.expected_dtype, gd=d.got_dtype)))
        elif d is not None and d.first_index is not None:
            con.print("  " + render.escape(ui("first_diff", lang, index=d.first_index, want=_window(d.window_expected),
                                              got=_window(d.window_got), abs=_err(d.max_abs_error),
                                              rel=_err(d.max_rel_error))))
    if report.mistake is not None:
        con.print(f"[yellow]{render.escape(ui('mistake', lang, name=text.pick(report.mistake.name, lang)))}[/]")
        con.print("  " + render.escape(text.pick(report.mistake.why, lang)))
    if report.output.total_bytes:
        con.print(ui("output", lang, size=report.output.total_bytes, cut=ui("cut", lang) if report.output.truncated else ""))
        con.print(render.escape(report.output.text.rstrip()), style="dim")
    if not report.passed and report.seed is not None:
        con.print(render.escape(ui("reproduce", lang, seed=report.seed, kata=spec.id)), style="dim")
    if report.bench is not None:
        render_bench(report.bench, lang)


def _seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def render_bench(b, lang: str) -> None:  # noqa: ANN001
    con = render.console()
    if b.too_slow:
        con.print(render.escape(ui("bench.slow", lang, size=b.size, bound=b.bound_s, reference=_seconds(b.reference_s))),
                  style="yellow")
    elif b.error:
        con.print(render.escape(ui("bench.error", lang, size=b.size, error=b.error)), style="yellow")
    else:
        con.print(render.escape(ui("bench", lang, size=b.size, yours=_seconds(b.yours_s), reference=_seconds(b.reference_s),
                                   ratio=b.ratio, repeats=b.repeats)))
