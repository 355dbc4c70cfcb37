from knowledge.lexical import CharNgramScorer, fold


def test_fold_spells_out_umlauts_and_drops_punctuation():
    assert fold("Führerschein, Straße!") == "fuehrerschein strasse"


def test_term_coverage_survives_typos_and_ranks_the_right_term_first():
    scorer = CharNgramScorer(["Reisepass beantragen", "Hundesteuer"], ["Reisepass", "Personalausweis", "Hundesteuer"])
    _, coverage = scorer.scores("kan man reisepas online beantragen")
    assert coverage.argmax() == 0
    assert coverage[0] > 0.6 > coverage[2]
    _, coverage = scorer.scores("personalausweiss verlängern")
    assert coverage.argmax() == 1 and coverage[1] > 0.7
