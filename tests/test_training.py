"""Training writes the model where no reader can see it half-written (bot/training.py)."""

import subprocess

import pytest

from bot import training
from settings import Settings


def test_the_model_appears_whole_or_not_at_all(monkeypatch, tmp_path):
    settings = Settings(models_dir=tmp_path / "models")
    name = f"servicecenter-{training.model_hash(settings)}"
    final = settings.models_dir / f"{name}.tar.gz"
    seen = {}

    def fake_rasa(command, **kwargs):
        out = command[command.index("--out") + 1]
        seen["out"], seen["final_during_run"] = out, final.exists()
        with open(f"{out}/{name}.tar.gz", "wb") as archive:
            archive.write(b"model")
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(training.subprocess, "run", fake_rasa)
    result = training.train(settings)
    assert result.trained and result.model == final and final.read_bytes() == b"model"
    assert seen["out"] != str(settings.models_dir) and not seen["final_during_run"]
    assert [p.name for p in settings.models_dir.iterdir()] == [final.name]  # no training directory left


def test_a_failed_training_leaves_no_model(monkeypatch, tmp_path):
    settings = Settings(models_dir=tmp_path / "models")

    def failing_rasa(command, **kwargs):
        raise subprocess.CalledProcessError(1, command)

    monkeypatch.setattr(training.subprocess, "run", failing_rasa)
    with pytest.raises(subprocess.CalledProcessError):
        training.train(settings)
    assert list(settings.models_dir.iterdir()) == []
