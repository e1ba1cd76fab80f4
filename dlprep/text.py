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
    # Anki export: the labels on a card's back
    "anki.answer": ("Answer", "答案"), "anki.key_points": ("Key points", "要点"),
    "anki.correct": ("Correct", "正确答案"), "anki.value": ("Value", "数值"),
    "anki.solution": ("Worked solution", "解题过程"),
    "anki.claim": ("Often claimed", "常见说法"), "anki.truth": ("In fact", "实际上"),
    # deck problems (file:line: message)
    "deck.empty": ("the file is empty", "文件为空"),
    "deck.not_mapping": ("a deck must be a mapping with format, deck, title and questions",
                         "题库必须是包含 format、deck、title 和 questions 的映射"),
    "deck.unknown_top": ("unknown top-level keys: {keys}", "未知的顶层键：{keys}"),
    "deck.format": ("format must be {format}", "format 必须为 {format}"),
    "deck.format_newer": ("format must be {format} (this dlprep is older than format {found})",
                          "format 必须为 {format}（当前 dlprep 比 format {found} 旧）"),
    "deck.bad_id": ("deck must be a lowercase id such as 'optimization'", "deck 必须是小写的标识，例如 'optimization'"),
    "deck.no_questions": ("questions must be a non-empty list", "questions 必须是非空列表"),
    "deck.duplicate_id": ("duplicate id '{id}'", "重复的 id '{id}'"),
    "deck.duplicate_id_other": ("duplicate id '{id}' (also in deck '{deck}')", "重复的 id '{id}'（题库 '{deck}' 中也有）"),
    "deck.deck_id_used": ("deck id '{id}' is already used by another deck", "题库 id '{id}' 已被另一个题库使用"),
    "deck.question_not_mapping": ("each question must be a mapping", "每道题都必须是映射"),
    "deck.question_id": ("question needs an id of lowercase letters, digits, '.', '_' or '-'",
                         "题目需要由小写字母、数字、'.'、'_' 或 '-' 组成的 id"),
    "deck.unknown_type": ("unknown type {type} (expected one of: {types})", "未知的题型 {type}（应为：{types}）"),
    "deck.unknown_keys": ("unknown keys for a {type} question: {keys}", "{type} 题中有未知的键：{keys}"),
    "deck.tags": ("tags must be a non-empty list of lowercase tags", "tags 必须是非空的小写标签列表"),
    "deck.difficulty": ("difficulty must be one of: {values}", "difficulty 必须是以下之一：{values}"),
    "deck.source": ("source must be a file name or a list of them", "source 必须是文件名或文件名列表"),
    "deck.unknown_family": ("unknown family {family}", "未知的题目生成族 {family}"),
    "deck.pitfall": ("a pitfall needs claim and truth (and detect)", "pitfall 需要 claim 和 truth（以及 detect）"),
    "deck.pitfall_undetected": ("a pitfall without detect expressions cannot be named when an answer states it",
                                "没有 detect 表达式的 pitfall 无法在回答中被识别出来"),
    "deck.match": ("{what} must be a non-empty list of match expressions", "{what} 必须是非空的匹配表达式列表"),
    "deck.bad_expression": ("{what}: cannot read the expression '{expression}': {reason}", "{what}：无法解析表达式 '{expression}'：{reason}"),
    "deck.related_katas": ("related_katas must be a list of kata names", "related_katas 必须是编程题名称的列表"),
    "deck.not_bilingual": ("{what} must be a mapping with en and zh", "{what} 必须是包含 en 和 zh 的映射"),
    "deck.missing_lang": ("{what} is missing its '{lang}' text", "{what} 缺少 '{lang}' 文本"),
    "deck.bilingual_keys": ("{what} has unknown keys: {keys}", "{what} 有未知的键：{keys}"),
    "deck.key_points": ("a recall question needs key_points", "回忆题需要 key_points"),
    "deck.key_point_mapping": ("a key point must be a mapping with en, zh and match", "要点必须是包含 en、zh 和 match 的映射"),
    "deck.key_point_keys": ("a key point has unknown keys", "要点中有未知的键"),
    "deck.choices": ("a choice question needs at least two choices", "选择题至少需要两个选项"),
    "deck.correct_missing": ("a choice question needs a correct answer (e.g. correct: [B])", "选择题需要正确答案（例如 correct: [B]）"),
    "deck.correct_bad": ("correct answer {letter} is not one of the choices {letters}", "正确答案 {letter} 不在选项 {letters} 中"),
    "deck.value": ("a numeric question needs a finite number as value", "数值题的 value 必须是有限的数"),
    "deck.tolerance": ("tolerance must be a non-negative finite number", "tolerance 必须是非负的有限数"),
    "deck.controls": ("text contains terminal control characters or escape sequences; they were removed",
                      "文本中含有终端控制字符或转义序列，已被移除"),
    "deck.cjk_space": ("{what}: whitespace inside Chinese text near \"{context}\" (write a Chinese paragraph on one line)",
                       "{what}：中文文本中有多余空白，位于“{context}”附近（中文段落请写在一行内）"),
    "deck.reference_misses": ("{id} ({lang}): the reference answer does not state key point(s) {points}",
                              "{id}（{lang}）：参考答案没有覆盖要点 {points}"),
    "deck.reference_misconception": ("{id} ({lang}): the reference answer is judged to state the misconception of pitfall {pitfall}",
                                     "{id}（{lang}）：参考答案被判定为说出了第 {pitfall} 条误区"),
    "deck.echo_covers": ("{id} ({lang}): the prompt typed back is credited with key point(s) {points}",
                         "{id}（{lang}）：把题目原样输入也能得到要点 {points}"),
    "deck.claim_undetected": ("{id} ({lang}): the claim of pitfall {pitfall} is not recognised by its detect expressions",
                              "{id}（{lang}）：第 {pitfall} 条误区的说法没有被它的 detect 表达式识别出来"),
    "yaml.too_large": ("file is {size} bytes, over the {limit}-byte limit", "文件大小为 {size} 字节，超过 {limit} 字节的上限"),
    "yaml.not_utf8": ("file is not valid UTF-8", "文件不是有效的 UTF-8"),
    "yaml.too_deep": ("nesting deeper than {limit} levels", "嵌套超过 {limit} 层"),
    "yaml.alias": ("YAML anchors and aliases are not allowed in decks", "题库中不允许使用 YAML 锚点和别名"),
    "yaml.syntax": ("malformed YAML: {problem}", "YAML 格式错误：{problem}"),
    "yaml.unreadable": ("cannot read the file: {reason}", "无法读取文件：{reason}"),
    "yaml.not_regular": ("not a regular file (a device, a pipe or a socket cannot be a deck)",
                              "不是普通文件（设备、管道或套接字不能作为题库）"),
    "yaml.too_many_nodes": ("the file holds more than {limit} values", "文件中的值超过 {limit} 个"),
    "yaml.too_many_items": ("a list or mapping has more than {limit} entries", "某个列表或映射的条目超过 {limit} 个"),
    # kata.yaml problems
    "kata.not_mapping": ("kata.yaml must be a mapping", "kata.yaml 必须是映射"),
    "kata.format_newer": ("format {found} is newer than this dlprep reads ({supported}); upgrade dlprep",
                          "format {found} 比当前 dlprep 支持的版本（{supported}）新；请升级 dlprep"),
    "kata.unknown_keys": ("unknown keys: {keys}", "未知的键：{keys}"),
    "kata.missing_keys": ("missing keys: {keys}", "缺少键：{keys}"),
    "kata.missing_files": ("missing files: {files}", "缺少文件：{files}"),
    "kata.id_mismatch": ("id {id} differs from the folder name {folder}", "id {id} 与文件夹名 {folder} 不一致"),
    "kata.topic": ("topic must be one of: {values}", "topic 必须是以下之一：{values}"),
    "kata.difficulty": ("difficulty must be one of: {values}", "difficulty 必须是以下之一：{values}"),
    "kata.number": ("{key} must be a non-negative integer", "{key} 必须是非负整数"),
    "kata.tags": ("tags must be a list of strings", "tags 必须是字符串列表"),
    "kata.bilingual": ("{key} needs en and zh", "{key} 需要 en 和 zh"),
    "kata.hints": ("hints must be a non-empty list of {{en, zh}}", "hints 必须是非空的 {{en, zh}} 列表"),
    "kata.checks": ("checks must map check names to {{en, zh}}", "checks 必须把检查名映射到 {{en, zh}}"),
    "kata.entry_points": ("entry_points must be a non-empty list of {{name, signature}}", "entry_points 必须是非空的 {{name, signature}} 列表"),
    "kata.mistake": ("a mistake needs id, name {{en, zh}} and why {{en, zh}}", "每个常见错误都需要 id、name {{en, zh}} 和 why {{en, zh}}"),
    "kata.mistake_related": ("related_questions must be a list of question ids", "related_questions 必须是题目 id 的列表"),
    "kata.checks_module": ("checks.py must define KATA = api.Kata(...)", "checks.py 必须定义 KATA = api.Kata(...)"),
    # errors (one line each)
    "error.usage": ("{message}", "{message}"),
    "error.kata_not_found": ("unknown kata '{name}'", "未知的题目 '{name}'"),
    "error.kata_not_found.suggest": ("unknown kata '{name}' (did you mean '{did_you_mean}'?)", "未知的题目 '{name}'（是否想输入 '{did_you_mean}'？）"),
    "error.question_not_found": ("unknown question '{id}'", "未知的题目 id '{id}'"),
    "error.question_not_found.suggest": ("unknown question '{id}' (did you mean '{did_you_mean}'?)", "未知的题目 id '{id}'（是否想输入 '{did_you_mean}'？）"),
    "error.tag_not_found": ("no question has the tag '{name}' (close: {known})", "没有题目带有标签 '{name}'（相近的：{known}）"),
    "usage.date": ("{option} must be a date like 2026-12-15, got '{value}'", "{option} 必须是形如 2026-12-15 的日期，实际为 '{value}'"),
    "usage.target": ("--target must be a number between 0 and 1 (exclusive), got {value}", "--target 必须是 0 到 1 之间（不含端点）的数，实际为 {value}"),
    "usage.interview_past": ("the interview date {day} is not after today ({today})", "面试日期 {day} 不在今天（{today}）之后"),
    "usage.interview_far": ("the interview date {day} is more than {days} days away; plan for a nearer date",
                            "面试日期 {day} 距今超过 {days} 天；请设定一个更近的日期"),
    "usage.no_interview": ("no interview date is set: give --interview YYYY-MM-DD with --target, --deck or --tag",
                           "还没有设置面试日期：请在使用 --target、--deck 或 --tag 时同时给出 --interview YYYY-MM-DD"),
    "usage.range": ("{option} must be between {low} and {high}, got {value}", "{option} 必须在 {low} 到 {high} 之间，实际为 {value}"),
    "usage.choice": ("{option} must be one of {choices}, got '{value}'", "{option} 必须是 {choices} 之一，实际为 '{value}'"),
    "usage.rating": ("a rating is 1, 2, 3 or 4, got {value}", "评分必须是 1、2、3 或 4，实际为 {value}"),
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
    "error.not_dlprep_db": ("{path} is not a dlprep database ({reason}); it was left untouched: move it aside or set DLPREP_HOME to another folder",
                            "{path} 不是 dlprep 数据库（{reason}）；文件未被改动：请将其移走，或把 DLPREP_HOME 设为其他目录"),
    "error.disk_full": ("disk full: {path} could not be written ({reason}); {lost}. Free some space and run again",
                        "磁盘已满：无法写入 {path}（{reason}）；{lost}。请释放一些空间后重试"),
    "db.directory": ("it is a directory", "它是一个目录"),
    "db.special": ("it is not a regular file", "它不是普通文件"),
    "db.foreign": ("it is another program's SQLite database, with tables {tables}", "它是其他程序的 SQLite 数据库，包含表 {tables}"),
    "db.foreign_app": ("its application id {found} belongs to another program", "它的 application id {found} 属于其他程序"),
    "db.missing_tables": ("schema version {version} but tables missing: {tables}", "schema 版本为 {version}，但缺少表：{tables}"),
    "db.dangling": ("it is a symbolic link to {target}, which does not exist", "它是指向 {target} 的符号链接，而该文件不存在"),
    "db.link_loop": ("it is a symbolic link that never reaches a file ({reason})", "它是一个无法到达文件的符号链接（{reason}）"),
    "db.upgrade_readonly": ("the database needs upgrading from schema {version} first", "数据库需要先从 schema {version} 升级"),
    "lost.review": ("your answer to {item} was not saved (the answers before it were)", "你对 {item} 的回答没有保存（之前的回答已保存）"),
    "lost.undo": ("the undo of {item} was not saved", "对 {item} 的撤销没有保存"),
    "lost.attempt": ("this attempt at {kata} was not recorded", "这次 {kata} 的尝试没有记录"),
    "lost.hint": ("the hint was not recorded", "提示没有记录"),
    "lost.settings": ("the setting was not saved", "设置没有保存"),
    "lost.mock": ("the mock interview report was not saved (your answers were)", "模拟面试报告没有保存（回答已保存）"),
    "lost.import": ("nothing was imported", "没有导入任何内容"),
    "lost.start": ("nothing was changed", "没有做任何改动"),
    "lost.export": ("nothing was exported (a file already there is unchanged)", "没有导出任何内容（已有的文件未被改动）"),
    "lost.change": ("the change was not saved", "改动没有保存"),
    "error.kata_format": ("{location}: {problem}", "{location}：{problem}"),
    "error.transfer": ("{path}: {reason}", "{path}：{reason}"),
    "error.interrupted": ("interrupted: {what}", "已中断：{what}"),
    "interrupted.grading": ("the grading stopped and nothing was recorded", "评测已停止，没有记录任何结果"),
    "error.internal": ("internal error: {message}; set DLPREP_DEBUG=1 for details", "内部错误：{message}；设置 DLPREP_DEBUG=1 查看详情"),
    "reason.missing": ("no such file", "文件不存在"),
    "reason.directory": ("is a directory, expected a Python file", "是目录，应为 Python 文件"),
    "reason.unreadable": ("cannot be read", "无法读取"),
    "reason.not_regular": ("not a regular file or a folder", "既不是普通文件也不是文件夹"),
    "reason.special": ("not a regular file (a device, a pipe or a socket)", "不是普通文件（而是设备、管道或套接字）"),
    "reason.too_large": ("is {size} bytes, over the {limit}-byte limit", "大小为 {size} 字节，超过 {limit} 字节的上限"),
    "reason.is_directory": ("is a directory", "是目录"),
    "reason.cannot_write": ("cannot be written ({reason})", "无法写入（{reason}）"),
    # why a rating is suggested
    "why.empty": ("nothing typed: rate yourself", "没有作答：请自己评分"),
    "why.none": ("no key point found in the answer", "回答中没有找到要点"),
    "why.few": ("fewer than half of the key points", "不到一半的要点"),
    "why.most": ("most of the key points", "大部分要点"),
    "why.all": ("every key point", "全部要点"),
    "why.misconception": ("it states a common misconception", "回答中包含常见误区"),
    "why.listing": ("a list of terms, not an explanation", "只是罗列术语，没有解释"),
    "why.right": ("the answer is right", "回答正确"),
    "why.wrong": ("the answer is wrong", "回答错误"),
    "why.problem": ("the answer could not be read", "无法识别回答"),
}


def default_lang() -> str:
    """DLPREP_LANG if set to a known language, else English."""
    lang = os.environ.get("DLPREP_LANG", "en")
    return lang if lang in LANGS else "en"


def t(key: str, lang: str = "en", /, **params: Any) -> str:
    """One catalog string in `lang`, formatted."""
    en, zh = CATALOG[key]
    return (zh if lang == "zh" else en).format(**params)


def both(key: str, /, **params: Any) -> dict[str, str]:
    """A catalog string in both languages."""
    return {lang: t(key, lang, **params) for lang in LANGS}


def pick(value: dict[str, str] | None, lang: str) -> str:
    """The `lang` text of a bilingual mapping, falling back to English."""
    if not value:
        return ""
    return value.get(lang) or value.get("en", "")
