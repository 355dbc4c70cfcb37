"""The scaled configuration's generated files: nginx.conf (checked by nginx itself), endpoints, defaults."""

from __future__ import annotations

import subprocess

import yaml

from servicecenter.runner import endpoints
from servicecenter.scaled import (
    LOCAL_DATABASE_URL,
    LOCAL_REDIS_URL,
    SINGLE,
    Layout,
    nginx_binary,
    nginx_config,
    scaled_settings,
    settings_for,
)
from settings import Settings


def test_nginx_accepts_the_generated_configuration(tmp_path):
    settings = Settings(work_dir=tmp_path, rasa_port=5590, action_port=5595)
    config = nginx_config(settings, Layout(replicas=3, action_servers=2), tmp_path / "nginx")
    checked = subprocess.run(
        [
            nginx_binary(),
            "-t",
            "-p",
            str(tmp_path / "nginx"),
            "-c",
            str(config),
            "-e",
            str(tmp_path / "nginx" / "error.log"),
        ],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stderr
    text = config.read_text()
    for port in (5591, 5592, 5593):
        assert f"server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;" in text
    assert "listen 127.0.0.1:5590;" in text and "listen 127.0.0.1:5595;" in text
    assert "server 127.0.0.1:5596 " in text and "server 127.0.0.1:5597 " in text and "5598" not in text


def test_scaled_defaults_are_the_local_postgresql_and_redis_unless_configured(tmp_path):
    embedded = Settings(work_dir=tmp_path)
    scaled = scaled_settings(embedded)
    assert (scaled.tracker_store_url, scaled.handoff_db_url, scaled.redis_url) == (
        LOCAL_DATABASE_URL,
        LOCAL_DATABASE_URL,
        LOCAL_REDIS_URL,
    )
    own = "postgresql://sc@db.example:5432/sc"
    configured = Settings(work_dir=tmp_path, tracker_store_url=own, handoff_db_url=own, redis_url="redis://r:6379/2")
    assert scaled_settings(configured) == configured


def test_one_process_keeps_its_settings_the_scaled_layout_gets_its_databases(tmp_path, monkeypatch):
    created = []
    monkeypatch.setattr("servicecenter.scaled.ensure_database", lambda url: created.append(url) or True)
    embedded = Settings(work_dir=tmp_path)
    reported: list = []
    assert settings_for(SINGLE, embedded, reported.append) is embedded and created == reported == []
    scaled = settings_for(Layout(2, 2), embedded, reported.append)
    assert scaled == scaled_settings(embedded) and created == [LOCAL_DATABASE_URL, LOCAL_DATABASE_URL]
    assert reported == ["Datenbank angelegt: servicecenter"]
    settings_for(Layout(1, 2), embedded)  # without `report`: silent (bench load)
    assert len(created) == 4


def test_the_lock_store_uses_the_installations_redis_prefix(tmp_path):
    settings = Settings(work_dir=tmp_path, redis_url="redis://127.0.0.1:6379/3", redis_prefix="burgdorf")
    lock_store = yaml.safe_load(endpoints(settings).read_text())["lock_store"]
    assert lock_store == {"type": "redis", "url": "127.0.0.1", "port": 6379, "db": 3, "key_prefix": "burgdorf"}
