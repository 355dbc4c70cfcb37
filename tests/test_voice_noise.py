"""Background noise mixed in with sox (channels.voice.noise): the stated SNR is the one measured."""

from __future__ import annotations

import math

import numpy as np
import pytest

from channels.voice.caller import caller_voice, script_audio
from channels.voice.noise import active_rms, make_noise, mix_noise


@pytest.fixture(scope="module")
def speech() -> bytes:
    return script_audio([0.5, "Ich möchte meinen Hund anmelden.", 0.5], 8000, caller_voice("clara"))


def test_noise_is_repeatable_and_of_the_asked_length():
    first = make_noise(1.5, 8000)
    assert len(first) == 1.5 * 8000 * 2 and first == make_noise(1.5, 8000)
    assert make_noise(1.0, 8000, "brownnoise") != make_noise(1.0, 8000)
    with pytest.raises(ValueError):
        make_noise(1.0, 8000, "babble")


@pytest.mark.parametrize("snr", [20.0, 10.0, 5.0])
def test_noise_is_mixed_at_the_stated_snr(speech, snr):
    mixed = mix_noise(speech, 8000, snr)
    assert len(mixed) == len(speech) and mixed == mix_noise(speech, 8000, snr)
    added = np.frombuffer(mixed, "<i2").astype(np.float64) - np.frombuffer(speech, "<i2")
    measured = 20 * math.log10(active_rms(speech, 8000) / float(np.sqrt(np.mean(added * added))))
    assert abs(measured - snr) < 0.5, measured
    # the pauses are no longer silent: the noise runs through the whole call
    assert active_rms(mixed[: 8000 // 2], 8000) > 0 and active_rms(speech[: 8000 // 2], 8000) == 0
