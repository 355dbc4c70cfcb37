"""The operator's commands, run as the console script would run them."""

from bot.cli import main
from tests.conftest import FIXTURES


def test_kb_report_prints_the_summary(capsys):
    assert main(["kb", "report"]) == 0
    out = capsys.readouterr().out
    assert "Leistungen: 100; mit allen acht Aspekten: 100" in out
    assert "Neustadt am Rübenberge" in out


def test_import_of_a_broken_file_fails_with_a_message(capsys, tmp_path):
    bad = tmp_path / "x.xml"
    bad.write_bytes(b"\x00\xff not xml")
    assert main(["kb", "import-xzufi", str(bad), "--dry-run"]) == 1
    assert "Fehler: not well-formed XML" in capsys.readouterr().err


def test_bench_retrieval_prints_accuracy_and_latency(capsys):
    assert main(["bench", "retrieval", "--input", str(FIXTURES / "retrieval_questions.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "(10 rows that expect a service)" in out
    assert "top-1" in out and "p95" in out


def test_bench_with_missing_file_says_so(capsys, tmp_path):
    assert main(["bench", "retrieval", "--input", str(tmp_path / "nope.jsonl")]) == 1
    assert "nope.jsonl" in capsys.readouterr().err
