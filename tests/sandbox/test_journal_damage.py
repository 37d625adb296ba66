"""A damaged apply journal: a clear message naming the file and what to do, never a traceback, nothing written;
and a symbolic link planted at its path is never written through."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import run, writes
from wizard.cloud.apply.journal import Journal

BASELINE = str(Path(__file__).resolve().parents[2] / "examples" / "baseline.toml")
GOOD = '{"event": "run-started", "actions": 3, "ts": "2026-01-01T00:00:00Z"}\n'
DAMAGE = {
    "a JSON list on a line": GOOD + '["run-started", 3]\n',
    "a JSON number on a line": GOOD + "42\n",
    "invalid UTF-8": GOOD.encode() + b'{"event": "action-done", "action": "\xff\xfe"}\n',
    "an object without its event": GOOD + '{"action": "kms.create-key"}\n',
}


def _journal(sandbox, tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = Journal.for_account(sandbox.account.account_id, "cn-hangzhou").path
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _refused(sandbox, path: Path, said: str) -> None:
    before = len(sandbox.requests())
    result = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert result.code == 1, result.out + result.err
    assert "Traceback" not in result.err + result.out
    assert str(path) in result.err, result.err
    assert said in result.err, result.err
    assert writes(sandbox, before) == [], "nothing is written while the journal is damaged"


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_journal_is_named_with_what_to_do(sandbox, tmp_path, monkeypatch, damage):
    path = _journal(sandbox, tmp_path, monkeypatch)
    content = DAMAGE[damage]
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    _refused(sandbox, path, "line 2")
    result = run(sandbox, "apply", "--config", BASELINE, "--yes")
    assert f"mv {path} {path}.damaged" in result.err, "it says what to do"


def test_a_folder_in_place_of_the_journal_is_named(sandbox, tmp_path, monkeypatch):
    path = _journal(sandbox, tmp_path, monkeypatch)
    path.mkdir()
    _refused(sandbox, path, "is a folder")


def test_a_symlink_at_the_journal_path_is_never_written_through(sandbox, tmp_path, monkeypatch):
    path = _journal(sandbox, tmp_path, monkeypatch)
    target = tmp_path / "precious.txt"
    target.write_text("not a journal\n")
    path.symlink_to(target)
    _refused(sandbox, path, "symbolic link")
    assert target.read_text() == "not a journal\n"
    dangling = tmp_path / "nowhere.jsonl"
    path.unlink()
    path.symlink_to(dangling)
    _refused(sandbox, path, "symbolic link")
    assert not dangling.exists(), "a dangling link is not followed to create its target"


def test_a_damaged_journal_moved_aside_lets_apply_resume(sandbox, tmp_path, monkeypatch):
    path = _journal(sandbox, tmp_path, monkeypatch)
    path.write_text(GOOD + "[1, 2]\n")
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 1
    path.rename(path.with_name(path.name + ".damaged"))
    assert run(sandbox, "apply", "--config", BASELINE, "--yes").code == 0
    assert Journal(path).interrupted_run() is None
    assert oct(path.stat().st_mode & 0o777) == "0o600", "the journal is the operator's alone"


def test_a_line_cut_by_a_crash_is_still_tolerated(tmp_path):
    journal = Journal(tmp_path / "j.jsonl")
    journal.append("run-started", actions=2)
    with open(journal.path, "a") as handle:
        handle.write('{"event": "action-done", "act')  # the process died mid-write
    journal.append("action-done", action="kms.create-key")
    assert [r["event"] for r in journal.records()] == ["run-started", "action-done"]
