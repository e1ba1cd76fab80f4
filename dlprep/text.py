"""User-facing strings in English and Chinese, and the helpers to pick a language.

Core modules build bilingual messages with `both()`; the CLI picks one with `pick()`.
No user-facing sentence is written inline anywhere else in the core.
"""

from __future__ import annotations

import os
from typing import Any

LANGS = ("en", "zh")

CATALOG: dict[str, tuple[str, str]] = {
    # grading verdicts
    "verdict.pass": ("All {checks} checks passed on {examples} examples.", "全部 {checks} 项检查在 {examples} 组输入上通过。"),
    "verdict.fail": ("{check}: {detail}", "{check}：{detail}"),
    "verdict.error": ("{function} raised {type}: {message}", "{function} 抛出异常 {type}：{message}"),
    "verdict.timeout": ("Timed out after {seconds:g} s (the whole run has a {seconds:g} s budget; use --timeout to change it).",
                        "超时：运行超过 {seconds:g} 秒（整次评测的时间上限，可用 --timeout 修改）。"),
    "verdict.memory": ("Used more than the {memory_mb} MB memory limit (use --memory-mb to change it).",
                       "内存超过 {memory_mb} MB 上限（可用 --memory-mb 修改）。"),
    "verdict.crash.signal": ("The worker process died from signal {signal} without a result.",
                             "评测进程被信号 {signal} 终止，没有返回结果。"),
    "verdict.crash.exit": ("The worker process exited (code {code}) without a result; os._exit or exit at the wrong place?",
                           "评测进程退出（返回码 {code}）且没有结果：是否调用了 os._exit 或提前退出？"),
    "verdict.crash.other": ("The worker process stopped answering ({reason}).", "评测进程不再响应（{reason}）。"),
    "verdict.import_error": ("{location}: {type}: {message}", "{location}：{type}：{message}"),
    "verdict.missing": ("Missing function(s): {names} (expected {signatures}).", "缺少函数：{names}（应为 {signatures}）。"),
    # engine-level checks
    "check.imports": ("the file imports cleanly", "文件可以正常导入"),
    "check.entry_points": ("the required functions exist", "所需函数存在"),
    "check.no_exception": ("no exception on valid inputs", "合法输入下不抛异常"),
    "check.returns": ("returns values of the documented form", "返回值形式符合要求"),
    "check.inputs_unchanged": ("inputs are not modified", "不修改输入"),
    "inputs_changed": ("the submission modified its input `{name}` in place", "提交的代码原地修改了输入 `{name}`"),
    # ratings
    "rating.again": ("Again", "忘记"), "rating.hard": ("Hard", "困难"), "rating.good": ("Good", "良好"),
    "rating.easy": ("Easy", "简单"),
    # errors (one line each)
    "error.usage": ("{message}", "{message}"),
    "error.kata_not_found": ("unknown kata '{name}'", "未知的题目 '{name}'"),
    "error.kata_not_found.suggest": ("unknown kata '{name}' (did you mean '{did_you_mean}'?)", "未知的题目 '{name}'（是否想输入 '{did_you_mean}'？）"),
    "error.deck_not_found": ("unknown deck '{name}' (known: {known})", "未知的题库 '{name}'（已有：{known}）"),
    "error.file_not_found": ("{path}: {reason}", "{path}：{reason}"),
    "error.deck_problems": ("{count} problem(s) found in decks", "题库中发现 {count} 个问题"),
    "error.store": ("cannot use the progress database {path}: {reason}", "无法使用进度数据库 {path}：{reason}"),
    "error.schema_too_new": ("{path} was written by a newer dlprep (schema {found}, this version reads up to {supported}); upgrade dlprep — the file was not changed",
                             "{path} 由更新版本的 dlprep 写入（schema {found}，当前版本最多支持 {supported}）；请升级 dlprep，文件未被修改"),
    "error.corrupt_db": ("{path} is not a readable dlprep database ({reason}); it was left untouched: move it aside (or restore a .bak copy) and run again",
                         "{path} 不是可读的 dlprep 数据库（{reason}）；文件未被改动：请将其移走（或恢复 .bak 备份）后重试"),
    "error.home_not_writable": ("data directory {path} is not writable ({reason}); set DLPREP_HOME to a writable folder",
                                "数据目录 {path} 不可写（{reason}）；请把 DLPREP_HOME 设为可写目录"),
    "error.kata_format": ("{location}: {problem}", "{location}：{problem}"),
    "error.transfer": ("{path}: {reason}", "{path}：{reason}"),
    "error.interrupted": ("interrupted: {what}", "已中断：{what}"),
    "interrupted.grading": ("the grading stopped and nothing was recorded", "评测已停止，没有记录任何结果"),
    "error.internal": ("internal error: {message}; set DLPREP_DEBUG=1 for details", "内部错误：{message}；设置 DLPREP_DEBUG=1 查看详情"),
    "reason.missing": ("no such file", "文件不存在"),
    "reason.directory": ("is a directory, expected a Python file", "是目录，应为 Python 文件"),
    "reason.unreadable": ("cannot be read", "无法读取"),
}


def default_lang() -> str:
    """DLPREP_LANG if set to a known language, else English."""
    lang = os.environ.get("DLPREP_LANG", "en")
    return lang if lang in LANGS else "en"


def t(key: str, lang: str = "en", **params: Any) -> str:
    """One catalog string in `lang`, formatted."""
    en, zh = CATALOG[key]
    return (zh if lang == "zh" else en).format(**params)


def both(key: str, **params: Any) -> dict[str, str]:
    """A catalog string in both languages."""
    return {lang: t(key, lang, **params) for lang in LANGS}


def pick(value: dict[str, str] | None, lang: str) -> str:
    """The `lang` text of a bilingual mapping, falling back to English."""
    if not value:
        return ""
    return value.get(lang) or value.get("en", "")
