"""The voice bench's tables (servicecenter.bench_voice): word error rate and NLU scores, without audio."""

from __future__ import annotations

from servicecenter.bench_voice import PHRASES, Phrase, WerRow, nlu_scores, wer, wer_table


def test_word_error_rate():
    assert wer("Was kostet ein Reisepass?", "was kostet ein Reisepass") == 0.0
    assert wer("Was kostet ein Reisepass?", "Was kostet der Reisepass?") == 0.25
    assert wer("Ich wohne in Burgdorf.", "") == 1.0


def test_nlu_scores_count_only_labelled_phrases():
    fee = Phrase("Was kostet ein Reisepass?", "reisepass-beantragen", "kosten")
    person = Phrase("Ich möchte mit einem Mitarbeiter sprechen.", None, None)
    hours = Phrase("Wann hat das Bürgerbüro geöffnet?", None, "oeffnungszeiten")
    found = [(fee, ("reisepass-beantragen", "")), (person, ("", "")), (hours, ("", "oeffnungszeiten"))]
    assert nlu_scores(found) == ("1/1", "1/2")


def test_wer_table_has_a_row_per_noise_level_and_a_column_per_codec_and_prompt():
    phrase = PHRASES[0]
    rows = [
        WerRow(phrase, codec, snr, prompt, "", value)
        for snr, value in ((None, 0.1), (20.0, 0.5))
        for codec in ("G.711", "G.722")
        for prompt in (True, False)
    ]
    lines = wer_table(rows).splitlines()
    assert len(lines) == 3 and "G.711 no prompt" in lines[0]
    assert lines[1].split() == ["clean", "0.10", "0.10", "0.10", "0.10"]
    assert lines[2].split() == ["SNR", "20", "dB", "0.50", "0.50", "0.50", "0.50"]
    assert all(p.service or p.aspect or "Mitarbeiter" in p.text or "wohne" in p.text for p in PHRASES)
