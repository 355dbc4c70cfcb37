"""The decision per turn, branch by branch (no Rasa needed)."""

from dataclasses import replace

import pytest

from actions.context import ContextRule, Reading, names_whom_it_is_for
from actions.readings import asks_whether_one_can_do_it
from actions.routing import decide
from actions.signals import thanks
from actions.state import Candidate, Turn, without_places


def turn(text="x", intent="ask_service", conf=0.95, cands=(), rconf=0.0, **kw):
    return Turn(
        text=text,
        intent=intent,
        intent_confidence=conf,
        retrieval_confidence=rconf,
        candidates=[Candidate(s, sc) for s, sc in cands],
        **kw,
    )


def test_emergency_comes_before_everything():
    route = decide(turn("es brennt", intent="request_human", emergency="112", cands=[("osterfeuer", 0.9)], rconf=0.9))
    assert (route.kind, route.emergency_number) == ("emergency", "112")


def test_confident_service_is_answered_with_aspect_and_commune():
    route = decide(turn(cands=[("reisepass-beantragen", 0.8)], rconf=0.9, aspect="kosten", kommune="Seelze"))
    assert (route.kind, route.service, route.aspect, route.kommune) == (
        "answer",
        "reisepass-beantragen",
        "kosten",
        "Seelze",
    )


def test_uncertain_retrieval_asks_back_with_close_candidates():
    cands = [("personalausweis-beantragen", 0.70), ("reisepass-beantragen", 0.68), ("fuehrerschein-ersatz", 0.50)]
    route = decide(turn(cands=cands, rconf=0.3))
    assert route.kind == "clarify"
    assert route.options == ["personalausweis-beantragen", "reisepass-beantragen"]


def test_free_text_answer_to_a_clarifying_question_picks_an_offered_service():
    options = ["geburtsurkunde", "sterbefall-anzeigen"]
    route = decide(
        turn(
            "der ist gestorben",
            intent="inform",
            cands=[("wohnsitz-abmelden", 0.5), ("sterbefall-anzeigen", 0.45)],
            rconf=0.3,
            clarify_options=options,
        )
    )
    assert (route.kind, route.service) == ("answer", "sterbefall-anzeigen")


def test_an_answer_whose_own_top_services_miss_the_options_is_resolved_over_the_whole_ranking():
    options = ["fuehrerschein-ersterteilung", "fuehrerschein-ersatz", "fuehrerschein-umtausch"]
    answer = turn(
        "den hab ich verbummelt",
        intent="inform",
        cands=[("ausweis-verlust-melden", 0.6), ("fundsachen", 0.55)],
        rconf=0.3,
        clarify_options=options,
    )
    assert decide(answer).kind != "answer" or decide(answer).service not in options  # without the option scores
    ranked = replace(
        answer, option_scores=[Candidate("fuehrerschein-ersatz", 0.41), Candidate("fuehrerschein-umtausch", 0.3)]
    )
    assert (decide(ranked).kind, decide(ranked).service) == ("answer", "fuehrerschein-ersatz")


def test_thanks_or_an_off_topic_remark_after_a_clarifying_question_picks_no_option():
    ranked = [Candidate("hundesteuer-anmelden", 0.2), Candidate("hundesteuer-abmelden", 0.1)]
    options = ["hundesteuer-anmelden", "hundesteuer-abmelden"]
    thanks = turn(
        "ok danke erstmal", intent="thank", conf=0.97, rconf=0.05, clarify_options=options, option_scores=ranked
    )
    assert decide(thanks).kind == "small_talk"
    weather = turn(
        "regnet es morgen?", intent="out_of_scope", conf=0.9, rconf=0.1, clarify_options=options, option_scores=ranked
    )
    assert decide(weather).kind == "out_of_scope"


def test_ordinal_answer_to_a_clarifying_question():
    route = decide(turn("die zweite", intent="inform", clarify_options=["a-service", "b-service"]))
    assert (route.kind, route.service) == ("answer", "b-service")


def test_follow_up_keeps_the_service_and_changes_the_aspect():
    route = decide(
        turn(
            "Und was kostet das?",
            cands=[("hundesteuer-anmelden", 0.6)],
            rconf=0.7,
            aspect="kosten",
            current_service="fuehrungszeugnis",
            context_reading=Reading("fuehrungszeugnis", 0.99, 0.0),
        )
    )
    assert (route.kind, route.service, route.aspect) == ("answer", "fuehrungszeugnis", "kosten")


def test_follow_up_with_only_a_commune_keeps_service_and_aspect():
    route = decide(
        turn(
            "Und in Seelze?",
            intent="inform",
            kommune="Seelze",
            current_service="meldebescheinigung",
            current_aspect="zustaendigkeit",
            cands=[("meldebescheinigung", 0.5)],
            rconf=0.2,
        )
    )
    assert (route.kind, route.service, route.aspect, route.kommune) == (
        "answer",
        "meldebescheinigung",
        "zustaendigkeit",
        "Seelze",
    )


def test_a_confident_new_topic_replaces_the_old_one():
    route = decide(
        turn(
            "Was kostet ein Reisepass?",
            cands=[("reisepass-beantragen", 0.9)],
            rconf=0.97,
            named=1.0,
            aspect="kosten",
            current_service="hundesteuer-anmelden",
        )
    )
    assert route.service == "reisepass-beantragen"


def test_correction_switches_to_the_next_candidate():
    route = decide(
        turn(
            "Nein, ich meinte die Grundschule",
            intent="deny",
            cands=[("kita-platz", 0.7), ("schulanmeldung", 0.69)],
            rconf=0.5,
            current_service="kita-platz",
        )
    )
    assert (route.kind, route.service) == ("answer", "schulanmeldung")


def test_small_talk_alone_is_small_talk_but_hello_with_a_question_is_answered():
    assert decide(turn("Hallo!", intent="greet", cands=[("buergerbuero-termin", 0.3)], rconf=0.1)).kind == "small_talk"
    route = decide(
        turn("hallo, was kostet ein reisepass", intent="greet", cands=[("reisepass-beantragen", 0.9)], rconf=0.95)
    )
    assert (route.kind, route.service) == ("answer", "reisepass-beantragen")


def test_requests_for_a_person_case_status_and_complaints_hand_over():
    for intent in ("request_human", "case_status", "complaint"):
        route = decide(turn(intent=intent, conf=0.9, current_service="wohngeld"))
        assert (route.kind, route.reason, route.service) == ("handoff", intent, "wohngeld")


def test_off_topic_is_declined_and_nonsense_hands_over_after_two_failures():
    assert (
        decide(turn("Wie wird das Wetter?", intent="out_of_scope", cands=[("abfallkalender", 0.2)], rconf=0.1)).kind
        == "out_of_scope"
    )
    assert decide(turn("qwert", intent="inform", conf=0.3)).kind == "fallback"
    route = decide(turn("qwert", intent="inform", conf=0.3, failed_attempts=1))
    assert (route.kind, route.reason) == ("handoff", "not_understood")


def test_empty_or_symbol_only_input_is_bad_input():
    assert decide(turn("", input_problem="empty")).kind == "bad_input"
    assert decide(turn("🙂🙂", input_problem="no_words")).reason == "no_words"


def test_short_message_scoring_several_services_alike_is_vague():
    cands = [("fuehrerschein-umtausch", 0.90), ("fuehrerschein-ersatz", 0.895), ("fuehrerschein-international", 0.89)]
    route = decide(turn("Frage zum Führerschein", cands=cands, rconf=0.7, margin=0.005))
    assert route.kind == "clarify" and len(route.options) == 3
    specific = decide(
        turn("Mein Führerschein wurde gestern im Urlaub gestohlen, was nun?", cands=cands, rconf=0.7, margin=0.005)
    )
    assert specific.kind == "answer"


def test_an_explicit_continuation_keeps_the_topic_even_if_another_service_scores_high():
    route = decide(
        turn(
            "und äh was muss ich da alles mitbringen",
            cands=[("fahrzeug-zulassen", 0.9), ("fahrzeug-umschreiben", 0.89)],
            rconf=0.95,
            aspect="unterlagen",
            current_service="fahrzeug-umschreiben",
            context_reading=Reading("fahrzeug-umschreiben", 0.99, 0.0),
        )
    )
    assert (route.service, route.aspect) == ("fahrzeug-umschreiben", "unterlagen")


def test_greeting_with_an_off_topic_question_is_declined():
    route = decide(
        turn(
            "Hallo! Wer hat gestern das Spiel gewonnen?",
            intent="greet",
            cands=[("osterfeuer", 0.8)],
            rconf=0.1,
            runner_up_intents=["out_of_scope", "ask_service"],
        )
    )
    assert route.kind == "out_of_scope"


def test_signals_hand_over_even_when_the_classifier_missed_them():
    route = decide(
        turn(
            "Mein Aktenzeichen ist 12/345, wie weit ist das?",
            cands=[("wohngeld", 0.8)],
            rconf=0.9,
            handoff_signal="case_status",
        )
    )
    assert (route.kind, route.reason, route.service) == ("handoff", "case_status", "wohngeld")


def test_not_understood_off_topic_and_outside_the_top100():
    assert (
        decide(
            turn(
                "Wie viele Tore hat er geschossen?",
                intent="ask_service",
                conf=0.5,
                cands=[("osterfeuer", 0.7)],
                rconf=0.05,
                runner_up_intents=["out_of_scope"],
            )
        ).kind
        == "out_of_scope"
    )
    route = decide(
        turn(
            "Wo beantrage ich eine Genehmigung für einen Heißluftballon?",
            intent="ask_service",
            conf=0.95,
            cands=[("sondernutzung", 0.7)],
            rconf=0.1,
        )
    )
    assert (route.kind, route.reason) == ("handoff", "outside_top100")


def test_thanks_with_a_few_more_words_is_still_thanks():
    route = decide(
        turn(
            "Prima, genau das wollte ich hören. Danke!",
            intent="thank",
            conf=0.9,
            cands=[("osterfeuer", 0.7)],
            rconf=0.05,
            runner_up_intents=["out_of_scope", "greet"],
        )
    )
    assert (route.kind, route.reason) == ("small_talk", "thank")


def test_a_topic_without_a_request_is_asked_back_even_when_the_top_service_scores_well():
    cands = [("rentenantrag", 0.80), ("lebensbescheinigung", 0.775), ("grundsicherung", 0.77)]
    assert decide(turn("Ich hätte eine Frage zur Rente", cands=cands, rconf=0.88, margin=0.025)).kind == "clarify"
    assert decide(turn("Rentenantrag stellen", cands=cands, rconf=0.88, margin=0.025)).kind == "answer"
    # a topic that names a service whole, the retrieval sure of it
    assert decide(turn("Frage zum Rentenantrag", cands=cands, rconf=0.97, margin=0.025, named=1.0)).kind == "answer"


def test_a_concrete_aspect_is_answered_even_among_sibling_services():
    cands = [("gewerbe-ummelden", 0.80), ("gewerbe-anmelden", 0.795), ("gewerbe-abmelden", 0.79)]
    route = decide(turn("Gewerbeummeldung online?", cands=cands, rconf=0.85, margin=0.005, aspect="online"))
    assert (route.kind, route.service) == ("answer", "gewerbe-ummelden")


def test_off_topic_question_is_declined_rather_than_asked_back():
    cands = [("osterfeuer", 0.6), ("abfallkalender", 0.595)]
    route = decide(turn("Schirm morgen?", intent="out_of_scope", conf=0.6, cands=cands, rconf=0.6, margin=0.005))
    assert route.kind == "out_of_scope"


def test_a_new_clear_question_after_a_clarifying_question_is_not_forced_into_the_options():
    cands = [("illegaler-muell", 0.9), ("abfallkalender", 0.7)]
    offered = ["osterfeuer", "abfallkalender"]
    new = decide(turn("Ach egal. Wo melde ich Müll im Wald?", cands=cands, rconf=0.9, clarify_options=offered))
    assert (new.kind, new.service) == ("answer", "illegaler-muell")
    short = decide(turn("die mit dem Kalender", cands=cands, rconf=0.9, clarify_options=offered))
    assert short.service == "abfallkalender"


def test_an_answer_that_fits_an_offered_service_nearly_as_well_as_another_picks_the_offered_one():
    cands = [("wohnsitz-anmelden", 0.845), ("hundesteuer-anmelden", 0.84), ("gewerbe-anmelden", 0.83)]
    offered = ["hundesteuer-anmelden", "hundesteuer-abmelden", "hunderegister"]
    options = [Candidate("hundesteuer-anmelden", 0.84), Candidate("hunderegister", 0.7)]
    answer = turn("wir haben einen neuen und wollen ihn anmelden", cands=cands, rconf=0.6, clarify_options=offered)
    route = decide(replace(answer, option_scores=options))
    assert (route.kind, route.service) == ("answer", "hundesteuer-anmelden")
    far = [Candidate("hundesteuer-anmelden", 0.82), Candidate("hunderegister", 0.6)]
    assert decide(replace(answer, option_scores=far)).service == "wohnsitz-anmelden"  # a new question


def test_an_answer_to_a_clarifying_question_diet_reads_as_ones_own_case_is_resolved_among_the_options():
    offered = ["fuehrerschein-ersatz", "fuehrerschein-umtausch"]
    answer = turn(
        "hab den alten verschlampt",
        intent="case_status",
        conf=0.75,
        cands=[("fuehrerschein-ersatz", 0.8)],
        rconf=0.6,
        clarify_options=offered,
    )
    assert (decide(answer).kind, decide(answer).service) == ("answer", "fuehrerschein-ersatz")
    status = replace(answer, text="mein Antrag ist seit Wochen in Bearbeitung")
    assert decide(status).kind == "handoff"


def test_an_aspect_question_that_passes_a_clarifying_question_by_gets_the_likeliest_offered_service():
    offered = ["fahrzeug-zulassen", "wohnsitz-anmelden"]
    cands = [("wohnsitz-anmelden", 0.6), ("gewerbe-anmelden", 0.58)]
    follow = turn("and what papers must I bring along", cands=cands, rconf=0.3, clarify_options=offered)
    follow = replace(follow, aspect="unterlagen", aspect_question=True, named=0.1)
    route = decide(follow)
    assert (route.kind, route.service, route.aspect) == ("answer", "fahrzeug-zulassen", "unterlagen")
    naming = replace(follow, text="the papers for registering my flat", aspect_question=False, named=0.9)
    assert decide(naming).service == "wohnsitz-anmelden"


def test_in_other_languages_a_lower_confidence_answers_when_the_top_service_leads_clearly():
    cands = [("fahrzeug-zulassen", 0.8), ("hunderegister", 0.77)]
    english = turn("how much is it to get my car registered", cands=cands, rconf=0.25, margin=0.03)
    assert (decide(english).kind, decide(english).service) == ("answer", "fahrzeug-zulassen")
    assert decide(replace(english, margin=0.005)).kind == "clarify"  # close: which one is meant?
    german = replace(english, text="wie viel kostet es, mein Auto zuzulassen")
    assert decide(german).kind == "clarify"  # the calibration holds in German


def test_asking_where_does_not_make_a_vague_message_concrete():
    cands = [("gewerbe-anmelden", 0.80), ("wohnsitz-anmelden", 0.798), ("hundesteuer-anmelden", 0.79)]
    route = decide(turn("wo melde ich mich an", cands=cands, rconf=0.6, margin=0.002, aspect="zustaendigkeit"))
    assert route.kind == "clarify" and len(route.options) == 3


def test_municipal_matter_outside_the_top100_goes_to_a_person():
    cands = [("kita-platz", 0.55), ("schulanmeldung", 0.54)]
    route = decide(
        turn("Wie melde ich mein Kind in der Musikschule an?", intent="other_municipal", cands=cands, rconf=0.5)
    )
    assert (route.kind, route.service, route.reason) == ("handoff", None, "outside_top100")


def test_confident_service_wins_over_other_municipal():
    cands = [("sperrmuell", 0.9)]
    route = decide(turn("Sperrmüll anmelden", intent="other_municipal", conf=0.8, cands=cands, rconf=0.9))
    assert (route.kind, route.service) == ("answer", "sperrmuell")


RULE = ContextRule(move_confidence=0.7, move_gap=0.04, override_confidence=0.9, unnamed_confidence=0.99)


def test_a_message_that_names_another_service_moves_there():
    route = decide(
        turn(
            "und das Kindergeld, wo beantrage ich das?",
            cands=[("kindergeld", 0.9), ("geburt-anzeigen", 0.7)],
            rconf=0.95,
            named=1.0,
            aspect="zustaendigkeit",
            current_service="geburt-anzeigen",
            context_reading=Reading("kindergeld", 0.8, 0.1),
        ),
        RULE,
    )
    assert (route.kind, route.service, route.aspect) == ("answer", "kindergeld", "zustaendigkeit")


def test_a_follow_up_whose_context_reading_keeps_the_service_stays_unless_the_move_is_very_sure():
    follow_up = turn(
        "gilt das auch für mein Kind?",
        cands=[("kinderreisepass-beantragen", 0.8), ("reisepass-beantragen", 0.75)],
        rconf=0.8,
        current_service="reisepass-beantragen",
        current_aspect="kosten",
        context_reading=Reading("reisepass-beantragen", 0.99, 0.0),
    )
    route = decide(follow_up, RULE)
    assert (route.kind, route.service, route.aspect) == ("answer", "reisepass-beantragen", "kosten")


def test_a_weak_reading_of_another_service_does_not_move():
    route = decide(
        turn(
            "und wie lange dauert das",
            cands=[("abfallkalender", 0.5)],
            rconf=0.45,
            aspect="dauer",
            current_service="wohngeld",
            context_reading=Reading("wohngeld", 0.97, 0.0),
        ),
        RULE,
    )
    assert (route.service, route.aspect) == ("wohngeld", "dauer")


def test_off_topic_in_the_middle_is_declined_and_the_service_is_kept_for_the_next_message():
    off_topic = turn(
        "wer gewinnt heute das spiel?",
        intent="out_of_scope",
        conf=0.9,
        rconf=0.2,
        current_service="wohngeld",
        context_reading=Reading("wohngeld", 0.9, 0.0),
    )
    assert decide(off_topic, RULE).kind == "out_of_scope"


def test_a_message_that_points_back_at_the_service_is_not_declined_whatever_diet_reads():
    args = dict(intent="out_of_scope", conf=0.95, rconf=0.15, current_service="meldebescheinigung")
    pointing = turn("Und wie läuft das dort in Gehrden?", kommune="Gehrden", **args)
    route = decide(pointing, RULE)
    assert (route.kind, route.service, route.kommune) == ("answer", "meldebescheinigung", "Gehrden")
    assert decide(turn("wer gewinnt heute das spiel?", **args), RULE).kind == "out_of_scope"
    assert decide(turn("wer gewinnt heute das spiel?", intent="out_of_scope", conf=0.95), RULE).kind == "out_of_scope"


def test_a_first_sign_of_frustration_apologises_and_a_second_hands_over():
    first = turn("das hilft mir überhaupt nicht", intent="frustration", conf=0.9, current_service="wohngeld")
    assert decide(first).kind == "apology"
    second = turn(
        "schon wieder nicht das was ich wollte",
        intent="frustration",
        conf=0.9,
        current_service="wohngeld",
        frustration=1,
    )
    route = decide(second)
    assert (route.kind, route.reason, route.service) == ("handoff", "frustration", "wohngeld")


def test_a_first_sign_of_frustration_that_asks_for_a_part_of_the_service_is_answered_and_counted():
    args = dict(intent="frustration", conf=0.9, current_service="gewerbe-anmelden", frustration_cues=2)
    text = "immer derselbe text, das bringt nichts. kostet das jetzt was oder nicht?"
    route = decide(turn(text, aspect="kosten", **args))
    assert (route.kind, route.service, route.aspect) == ("answer", "gewerbe-anmelden", "kosten")
    # the second time, or with a wish for a person, or with no part of the service asked for: a person
    assert decide(turn(text, aspect="kosten", frustration=1, **args)).kind == "handoff"
    assert decide(turn(text, aspect="kosten", asks_for_person=True, **args)).kind == "handoff"
    assert decide(turn("immer derselbe text, das bringt nichts", **args)).kind == "handoff"
    # an aspect only guessed from its neighbours, or only mentioned, is no question
    assert decide(turn(text, aspect="kosten", aspect_named=False, **args)).kind == "handoff"
    mentioned = "schon wieder nur der allgemeine text von der website, das bringt nichts"
    assert decide(turn(mentioned, aspect="online", **args)).kind == "handoff"


def test_frustration_together_with_a_wish_for_a_person_hands_over_at_once():
    route = decide(
        turn(
            "bringt nix",
            intent="frustration",
            conf=0.8,
            runner_up_intents=["request_human"],
            current_service="wohngeld",
        )
    )
    assert (route.kind, route.reason) == ("handoff", "frustration")


def test_a_bare_no_after_an_answer_asks_what_was_meant():
    route = decide(turn("nein", intent="deny", cands=[("kita-platz", 0.3)], rconf=0.2, current_service="kita-platz"))
    assert route.kind == "redirect"


def test_a_follow_up_that_names_no_service_stays_even_when_another_one_fits():
    route = decide(
        turn(
            "und mit welchen gebühren rechne ich",
            cands=[("reisepass-beantragen", 0.9), ("halteverbot-umzug", 0.7)],
            rconf=0.9,
            named=0.3,
            aspect="kosten",
            current_service="halteverbot-umzug",
            context_reading=Reading("reisepass-beantragen", 0.6, 0.1),
        ),
        RULE,
    )
    assert (route.service, route.aspect) == ("halteverbot-umzug", "kosten")


def test_a_general_aspect_question_stays_with_the_service_even_when_another_fits_well():
    route = decide(
        turn(
            "muss ich da etwas bezahlen",
            cands=[("kita-beitrag-ermaessigung", 0.9)],
            rconf=0.95,
            named=0.2,
            aspect="kosten",
            aspect_question=True,
            current_service="gewerbe-abmelden",
            context_reading=Reading("kita-beitrag-ermaessigung", 0.9, 0.1),
        ),
        RULE,
    )
    assert (route.service, route.aspect) == ("gewerbe-abmelden", "kosten")


def test_moving_into_another_commune_is_an_anmeldung_not_an_ummeldung():
    route = decide(turn(cands=[("wohnsitz-ummelden", 0.9)], rconf=0.9, kommune="Sehnde", commune_origin="Lehrte"))
    assert (route.service, route.kommune) == ("wohnsitz-anmelden", "Sehnde")
    within = decide(turn(cands=[("wohnsitz-ummelden", 0.9)], rconf=0.9, kommune="Sehnde"))
    assert within.service == "wohnsitz-ummelden"
    from_abroad = decide(turn(cands=[("wohnsitz-ummelden", 0.9)], rconf=0.9, kommune="Sehnde", commune_move="across"))
    assert from_abroad.service == "wohnsitz-anmelden"


def test_moving_between_districts_of_one_commune_is_an_ummeldung():
    route = decide(turn(cands=[("wohnsitz-anmelden", 0.9)], rconf=0.9, kommune="Laatzen", commune_move="within"))
    assert route.service == "wohnsitz-ummelden"


def test_thanks_after_an_answer_are_small_talk_even_when_retrieval_finds_something():
    route = decide(
        turn(
            "Okay, alles klar, tausend Dank",
            intent="thank",
            conf=0.95,
            cands=[("steuer-id", 0.8)],
            rconf=0.8,
            current_service="fuehrungszeugnis",
        )
    )
    assert (route.kind, route.reason) == ("small_talk", "thank")


def test_two_signs_of_frustration_in_one_message_hand_over_at_once():
    from actions.signals import frustration_cues

    text = "schon wieder nur der allgemeine text, das bringt mir nichts"
    assert frustration_cues(text) >= 2
    route = decide(turn(text, intent="frustration", conf=0.8, current_service="kita-platz", frustration_cues=3))
    assert (route.kind, route.reason) == ("handoff", "frustration")
    assert frustration_cues("Wie lange dauert ein Reisepass?") == 0


@pytest.mark.parametrize(
    "text",
    ["das war doch keine antwort, du dummes programm", "ihr kapiert das einfach nicht", "was für ein blöder bot"],
)
def test_insults_and_you_dont_get_it_are_signs_of_frustration(text):
    from actions.signals import frustration_cues

    assert frustration_cues(text) >= 1


def test_annoyance_counts_after_an_answer_and_not_in_a_first_request():
    noise = turn(
        "der laubbläser vom hausmeister nervt jeden morgen, wo kann ich das melden",
        cands=[("laermbelaestigung", 0.86), ("schaden-melden", 0.8)],
        rconf=0.8,
    )
    assert decide(noise).kind == "answer"
    # after an answer, "immer noch verkehrt, nervt" is two signs: a person takes over
    again = turn(
        "immer noch verkehrt, nervt",
        cands=[("nebenwohnung", 0.5)],
        rconf=0.3,
        current_service="nebenwohnung",
        frustration_cues=1,
    )
    assert (decide(again).kind, decide(again).reason) == ("handoff", "frustration")


@pytest.mark.parametrize(
    ("text", "rejects"),
    [
        ("falsch", True),
        ("nee, das stimmt so nicht", True),
        ("That's wrong.", True),
        ("неправильно", True),
        ("falsch, ich meinte die Hundesteuer", False),  # says what was meant: a correction
        ("nein", False),
        ("das stimmt", False),
    ],
)
def test_a_bare_rejection_of_the_answer_is_told_from_a_correction(text, rejects):
    from actions.readings import rejects_what_was_answered

    assert rejects_what_was_answered(turn(text, current_service="wunschkennzeichen")) is rejects
    assert not rejects_what_was_answered(turn(text))  # nothing was answered yet


def test_an_unsure_off_topic_remark_mid_conversation_is_declined_and_the_topic_kept():
    remark = turn(
        "Übrigens, wie hat Hannover 96 gestern gespielt?",
        intent="out_of_scope",
        conf=0.5,
        cands=[("personalausweis-beantragen", 0.3)],
        rconf=0.2,
        current_service="personalausweis-beantragen",
    )
    assert decide(remark).kind == "out_of_scope"
    follow_up = replace(remark, text="und was kostet das dann?", aspect="kosten")
    route = decide(follow_up)
    assert (route.kind, route.service, route.aspect) == ("answer", "personalausweis-beantragen", "kosten")


def test_a_short_aspect_question_after_an_answer_is_a_follow_up_even_when_diet_hears_a_goodbye():
    route = decide(
        turn(
            "und bis wann?",
            intent="goodbye",
            conf=0.93,
            aspect="frist",
            aspect_question=True,
            current_service="reisepass-beantragen",
        )
    )
    assert (route.kind, route.service, route.aspect) == ("answer", "reisepass-beantragen", "frist")
    first = decide(turn("bis dann!", intent="goodbye", conf=0.93))
    assert (first.kind, first.reason) == ("small_talk", "goodbye")


def test_a_correction_takes_the_best_other_service_whatever_intent_diet_reads():
    route = decide(
        turn(
            "ne sorry, ich meinte das Ummelden, ich habe den Wagen von meiner Schwester übernommen",
            intent="ask_service",
            cands=[("fahrzeug-abmelden", 0.62), ("fahrzeug-umschreiben", 0.6)],
            rconf=0.5,
            current_service="fahrzeug-abmelden",
            current_aspect="kosten",
        )
    )
    assert (route.kind, route.service, route.aspect) == ("answer", "fahrzeug-umschreiben", "kosten")


def test_a_correction_of_the_aspect_keeps_the_service():
    route = decide(
        turn(
            "nein, ich meinte was es kostet",
            cands=[("reisepass-beantragen", 0.7)],
            rconf=0.6,
            aspect="kosten",
            current_service="reisepass-beantragen",
            current_aspect="dauer",
        )
    )
    assert (route.kind, route.service, route.aspect) == ("answer", "reisepass-beantragen", "kosten")


def test_a_colloquial_ne_for_eine_is_no_correction():
    from actions.context import corrects

    assert not corrects("ne Frage noch: was kostet das?")
    assert corrects("Nein, das ist was anderes, es geht um die Firma")
    assert corrects("nicht für mich, sondern für meinen Verein")


def test_thanks_with_nothing_else_asked_are_small_talk_even_when_diet_reads_a_question():
    route = decide(
        turn(
            "Super, genau das brauchte ich. Vielen Dank!",
            intent="ask_service",
            conf=0.5,
            rconf=0.1,
            cands=[("geburt-anzeigen", 0.2)],
            current_service="fuehrungszeugnis",
        )
    )
    assert (route.kind, route.reason) == ("small_talk", "thank")
    asked = decide(turn("Danke! Und was kostet das?", aspect="kosten", rconf=0.1, current_service="fuehrungszeugnis"))
    assert (asked.kind, asked.service, asked.aspect) == ("answer", "fuehrungszeugnis", "kosten")


def test_the_same_text_again_and_no_way_forward_are_two_signs_of_frustration():
    from actions.signals import frustration_cues

    assert frustration_cues("Jetzt kommt schon wieder dieselbe Antwort, so komme ich nicht weiter") == 2
    assert frustration_cues("Das passt nicht zu meiner Frage") == 1
    assert frustration_cues("Wie lange dauert das?") == 0


def test_a_correction_read_with_the_current_service_takes_its_neighbour():
    route = decide(
        turn(
            "nein, umschreiben, ich habe das Auto von meinem Onkel gekauft",
            cands=[("wohnsitz-ummelden", 0.6), ("fahrzeug-umschreiben", 0.58)],
            rconf=0.5,
            current_service="fahrzeug-abmelden",
            context_reading=Reading("fahrzeug-umschreiben", 0.8, 0.1),
        )
    )
    assert (route.kind, route.service) == ("answer", "fahrzeug-umschreiben")


def test_a_how_to_question_diet_reads_as_ones_own_case_is_answered_when_the_service_is_clear():
    how_to = turn(
        "Wie verlängere ich meinen Aufenthaltstitel?",
        intent="case_status",
        conf=0.9,
        cands=[("aufenthaltstitel", 0.9)],
        rconf=0.9,
    )
    assert (decide(how_to).kind, decide(how_to).service) == ("answer", "aufenthaltstitel")
    status = replace(how_to, text="Wann ist mein Aufenthaltstitel endlich fertig?")
    assert decide(status).kind == "handoff"


def aspect_follow_up(text: str, intent: str, aspect: str, current: str, **kw) -> Turn:
    """A follow-up about a part of the service discussed, which DIET reads as something else."""
    return turn(
        text,
        intent=intent,
        conf=0.9,
        cands=[("gewerbe-anmelden", 0.3)],
        rconf=0.15,
        aspect=aspect,
        current_service=current,
        **kw,
    )


def test_a_follow_up_diet_reads_as_ones_own_case_asks_about_the_service_discussed():
    follow_up = aspect_follow_up(
        "and is there a fee for it?", "case_status", "kosten", "wohnsitz-anmelden", aspect_question=True
    )
    route = decide(follow_up)
    assert (route.kind, route.service, route.aspect) == ("answer", "wohnsitz-anmelden", "kosten")
    # the own-case detector agreeing on words of one's own, a status word or no conversation yet: the citizen's
    # own case; the detector alone does not make an impersonal follow-up one ("und wie viele Wochen warten")
    assert decide(replace(follow_up, own_case=True, text="and how long have I been waiting now?")).kind == "handoff"
    assert decide(replace(follow_up, own_case=True, text="und wie viele wochen warten")).kind == "answer"
    assert decide(replace(follow_up, text="und wann kommt der Bescheid?")).kind == "handoff"
    assert decide(replace(follow_up, current_service=None)).kind == "handoff"
    correction = replace(
        follow_up,
        text="nein, ich hab mich unklar ausgedrückt, ich meine das Geld für die Miete",
        aspect=None,
        aspect_question=False,
        candidates=[Candidate("wohngeld", 0.9)],
        retrieval_confidence=0.9,
        current_service="buergergeld",
    )
    assert decide(correction).kind == "answer"


def test_a_vague_question_about_a_move_is_answered_with_the_registration_the_move_needs():
    vague = turn(
        "Umzug von Bemerode nach Kirchrode, was ist zu tun?",
        cands=[("wohnsitz-ummelden", 0.5), ("wohnsitz-anmelden", 0.495), ("halteverbot-umzug", 0.49)],
        rconf=0.3,
        kommune="Hannover",
        commune_move="within",
    )
    route = decide(vague)
    assert (route.kind, route.service, route.kommune) == ("answer", "wohnsitz-ummelden", "Hannover")
    across = decide(replace(vague, commune_move="across"))
    assert across.service == "wohnsitz-anmelden"
    no_move = decide(replace(vague, commune_move=None))
    assert no_move.kind == "clarify"


def test_the_off_topic_detector_declines_what_diet_takes_for_a_service_question():
    cands = [("sportboothafen", 0.3), ("sportstaette", 0.29)]
    football = turn("Wer gewinnt heute, 96 oder St. Pauli?", conf=0.9, cands=cands, rconf=0.2, off_topic=True)
    assert decide(football).kind == "out_of_scope"
    assert decide(replace(football, off_topic=False)).kind != "out_of_scope"


def test_off_topic_mid_conversation_is_declined_and_the_service_kept_for_a_follow_up():
    cands = [("reisepass-beantragen", 0.3)]
    weather = turn(
        "Scheint morgen die Sonne?",
        conf=0.8,
        cands=cands,
        rconf=0.2,
        off_topic=True,
        current_service="reisepass-beantragen",
    )
    assert decide(weather).kind == "out_of_scope"
    follow_up = replace(weather, text="und wie lange dauert das?", aspect="dauer", aspect_question=True)
    assert (decide(follow_up).kind, decide(follow_up).service) == ("answer", "reisepass-beantragen")


def test_the_off_topic_detector_does_not_overrule_a_service_named_surely():
    cands = [("fischereischein", 0.9)]
    route = decide(turn("Angelschein machen, wie geht das?", cands=cands, rconf=0.9, off_topic=True))
    assert (route.kind, route.service) == ("answer", "fischereischein")


def test_an_aspect_only_guessed_from_its_neighbours_does_not_make_a_vague_message_concrete():
    cands = [
        ("personalausweis-beantragen", 0.83),
        ("vorlaeufiger-personalausweis", 0.825),
        ("ausweis-verlust-melden", 0.82),
    ]
    guessed = turn(
        "Es geht um meinen Ausweis.",
        cands=cands,
        rconf=0.7,
        margin=0.005,
        aspect="unterlagen",
        aspect_question=True,
        aspect_named=False,
    )
    assert decide(guessed).kind == "clarify"
    named = replace(guessed, text="Was kostet der Ausweis?", aspect="kosten", aspect_named=True)
    assert (decide(named).kind, decide(named).service) == ("answer", "personalausweis-beantragen")


def test_a_correction_of_the_service_keeps_the_aspect_asked_about():
    cands = [("fahrzeug-abmelden", 0.9), ("fahrzeug-zulassen", 0.8)]
    correction = turn(
        "nee, stilllegen will ich ihn, nicht zulassen",
        cands=cands,
        rconf=0.95,
        named=1.0,
        current_service="fahrzeug-zulassen",
        current_aspect="kosten",
        context_reading=Reading("fahrzeug-abmelden", 0.9, 0.1, 1.0),
    )
    assert (decide(correction).service, decide(correction).aspect) == ("fahrzeug-abmelden", "kosten")
    guessed = replace(correction, aspect="unterlagen", aspect_named=False)
    assert decide(guessed).aspect == "kosten"  # only guessed from the neighbours: the question stays
    named = replace(correction, aspect="online", aspect_named=True)
    assert decide(named).aspect == "online"
    move = replace(correction, text="und das Abmelden?")  # not a correction: a new question about it
    assert decide(move).aspect is None


def test_a_named_aspect_question_about_the_service_discussed_is_no_off_topic_remark():
    fun = turn(
        "und was muss ich dafür zahlen?",
        intent="out_of_scope",
        conf=0.99,
        rconf=0.1,
        off_topic=True,
        aspect="kosten",
        aspect_question=True,
        current_service="wunschkennzeichen",
    )
    assert (decide(fun).kind, decide(fun).service, decide(fun).aspect) == ("answer", "wunschkennzeichen", "kosten")
    assert decide(replace(fun, current_service=None)).kind == "out_of_scope"  # nothing discussed yet


def test_the_own_case_detector_hands_over_what_diet_takes_for_a_service_question():
    cands = [("sperrmuell", 0.9)]
    pile = turn("das zeug liegt seit dienstag immer noch vor der tür", cands=cands, rconf=0.9, own_case=True)
    assert (decide(pile).kind, decide(pile).reason, decide(pile).service) == ("handoff", "case_status", "sperrmuell")
    how_to = replace(pile, text="Wie kann ich Sperrmüll anmelden?")
    assert decide(how_to).kind == "answer"  # asks how it is done, and the service is clear
    if_case = replace(pile, text="Was passiert, wenn der Sperrmüll nicht abgeholt wird?")
    assert decide(if_case).kind == "answer"  # a case that might happen
    assert decide(replace(pile, own_case=False)).kind == "answer"


def test_an_aspect_question_or_a_correction_is_no_own_case_on_the_embedding_alone():
    fees = turn(
        "Muss man dafür was bezahlen?",
        rconf=0.4,
        own_case=True,
        aspect="kosten",
        aspect_named=True,
        aspect_question=True,
        current_service="gewerbe-anmelden",
    )
    assert (decide(fees).kind, decide(fees).service) == ("answer", "gewerbe-anmelden")
    sorry = turn("sorry, ich meinte abmelden", cands=[("fahrzeug-abmelden", 0.9)], rconf=0.9, own_case=True)
    assert decide(sorry).kind == "answer"


def test_the_frustration_detector_counts_as_one_sign():
    wall = turn(
        "Puh, wie mit ner Wand reden", intent="bot_challenge", conf=0.5, frustrated=True, current_service="wohngeld"
    )
    assert decide(wall).kind == "apology"
    assert decide(replace(wall, frustration=1)).kind == "handoff"  # the second sign in the conversation


def test_a_few_words_that_name_a_service_are_the_topic_not_a_case_of_ones_own():
    cands = [("elterngeld", 0.9), ("kindergeld", 0.8)]
    args = dict(intent="case_status", conf=0.99, cands=cands, rconf=0.98)
    route = decide(turn("Elterngeld Antrag bitte", **args), RULE)
    assert (route.kind, route.service) == ("answer", "elterngeld")
    assert decide(turn("Mein Elterngeldantrag", **args), RULE).kind == "handoff"  # "mein": one's own
    assert decide(turn("Elterngeld Antrag Status", **args), RULE).kind == "handoff"  # a status word
    assert decide(turn("Elterngeld Antrag bitte", own_case=True, **args), RULE).kind == "handoff"
    assert decide(turn("Elterngeld Antrag bitte", **{**args, "rconf": 0.6}), RULE).kind == "handoff"


def test_the_language_of_a_message_and_a_low_retrieval_confidence_in_another_language():
    from actions.language import language_of

    assert language_of("Wie lange dauert ein Reisepass?") == "de"
    assert language_of("Kitaplatz") == "de"  # short and unsure: German
    assert language_of("Nüfus cüzdanı için hangi belgeler gerekiyor?") == "tr"
    assert language_of("Сколько стоит загранпаспорт?") == "ru"
    cands = [("personalausweis-beantragen", 0.78), ("reisepass-beantragen", 0.77)]
    asked = turn("Nüfus cüzdanı için hangi belgeler gerekiyor?", cands=cands, rconf=0.1)
    assert decide(asked, RULE).kind == "clarify"  # asked back, not handed over as outside the Top 100
    assert decide(replace(asked, text="Welche Unterlagen braucht man für diese Sache?"), RULE).kind != "clarify"


def test_corrections_are_recognised_behind_fillers_and_in_other_words():
    from actions.context import corrects

    for text in (
        "äh ne warte, ich mein die andere Urkunde",
        "Ähm nein, das war falsch verstanden",
        "Korrektur: abmelden, nicht anmelden",
        "oh sorry, ich hab mich vertan",
        "sorry I meant the other one",
        "я имела в виду другое",
        "Moment, da hab ich mich schlecht ausgedrückt, es geht um meinen Sohn",
        "Sie haben mich falsch verstanden: ich will den Laden nur verlegen",
        "sorry, let me rephrase: it is for my father",
        "sie ist schon über 65, also eher die Rente als das Bürgergeld",
        "nee, eher um den Anbau hinterm Haus",
    ):
        assert corrects(text), text
    for text in (
        "ne Frage noch: was kostet das?",
        "und kann ich das online machen?",
        "Nebenwohnung anmelden",
        "Wie drücke ich im Antrag am besten aus, dass ich Teilzeit arbeite?",
        "kann ich den Termin eher bekommen?",
    ):
        assert not corrects(text), text


def test_a_correction_after_a_filler_moves_to_the_service_it_names():
    route = decide(
        turn(
            "ähm nein, das Auto abmelden",
            cands=[("fahrzeug-abmelden", 0.86), ("fahrzeug-zulassen", 0.84)],
            rconf=0.96,
            current_service="fahrzeug-zulassen",
            context_reading=Reading("fahrzeug-zulassen", 0.9, 0.0),
        ),
        RULE,
    )
    assert (route.kind, route.service) == ("answer", "fahrzeug-abmelden")


def test_a_question_naming_the_service_and_an_aspect_is_not_declined_whatever_diet_reads():
    args = dict(intent="out_of_scope", conf=0.98, cands=[("schaden-melden", 0.83)], aspect="online")
    named = turn("Kann ich die Schadensmeldung online machen?", rconf=0.67, named=0.67, **args)
    assert (decide(named).kind, decide(named).aspect) == ("answer", "online")
    in_context = replace(named, current_service="schaden-melden")
    assert decide(in_context, RULE).service == "schaden-melden"
    unnamed = turn("Ist das Freibad online buchbar?", rconf=0.67, named=0.1, **args)
    assert decide(unnamed).kind == "out_of_scope"
    both_detectors = replace(named, text="Gibt es das Stadtfest-Programm online?", off_topic=True)
    assert decide(both_detectors).kind == "out_of_scope"


def test_a_terse_aspect_question_is_no_frustration_even_when_diet_reads_one():
    terse = turn(
        "öffnungszeiten?", intent="frustration", conf=0.9, aspect="oeffnungszeiten", current_service="fundsache"
    )
    route = decide(terse, RULE)
    assert (route.kind, route.service, route.aspect) == ("answer", "fundsache", "oeffnungszeiten")
    angry = turn("das hilft mir überhaupt nicht weiter", intent="frustration", conf=0.9, current_service="fundsache")
    assert decide(angry, RULE).kind == "apology"


def test_diet_alone_reads_no_frustration_before_anything_was_answered_or_in_a_correction():
    first = turn("Frage zum Auto", intent="frustration", conf=0.9, cands=[("fahrzeug-zulassen", 0.8)], rconf=0.55)
    assert decide(first).kind != "apology"
    critical = replace(first, text="Link kaputt, Auto zulassen geht nicht")
    assert decide(critical).kind == "apology"
    correction = turn(
        "Ach so, ich ziehe nur innerhalb der Stadt um, nicht ins Ausland",
        intent="frustration",
        conf=0.9,
        current_service="wohnsitz-abmelden",
        commune_move="within",
        cands=[("wohnsitz-ummelden", 0.85), ("wohnsitz-abmelden", 0.84)],
        rconf=0.9,
    )
    assert (decide(correction, RULE).kind, decide(correction, RULE).service) == ("answer", "wohnsitz-ummelden")
    after_an_answer = turn("das ist doch Quatsch", intent="frustration", conf=0.9, current_service="wohngeld")
    assert decide(after_an_answer).kind == "apology"
    angry_at_first = turn("ihr seid doch alle unfähig", intent="frustration", conf=0.9, rconf=0.05)
    assert decide(angry_at_first).kind == "apology"


def test_a_commune_named_as_a_correction_or_alone_is_no_off_topic_remark_whatever_diet_reads():
    args = dict(intent="out_of_scope", conf=0.8, rconf=0.08, current_service="geburtsurkunde", kommune="Seelze")
    route = decide(turn("sorry, I meant Seelze", **args), RULE)
    assert (route.kind, route.service, route.kommune) == ("answer", "geburtsurkunde", "Seelze")
    assert decide(turn("und in Seelze?", **args), RULE).kind == "answer"
    chatting = turn("wie ist eigentlich das wetter morgen in seelze beim schützenfest", **args)
    assert decide(chatting, RULE).kind == "out_of_scope"


def test_a_message_that_announces_a_question_is_no_own_case_unless_it_names_ones_file():
    args = dict(
        intent="ask_service",
        conf=1.0,
        own_case=True,
        rconf=0.5,
        margin=0.009,
        cands=[("grundsteuer", 0.81), ("gewerbesteuer", 0.80)],
    )
    route = decide(turn("ich hätte da mal ne Frage zur Steuer für das Haus", **args))
    assert route.kind != "handoff"
    status = decide(turn("ich hätte da mal ne Frage zum Stand meines Antrags", **args))
    assert (status.kind, status.reason) == ("handoff", "case_status")


def test_a_correction_is_read_against_the_service_discussed_when_that_reading_finds_a_third_one():
    correction = turn(
        "nee sorry, ummelden, ich hab das auto von meiner schwester übernommen",
        cands=[("wohnsitz-ummelden", 0.85), ("fahrzeug-umschreiben", 0.83)],
        rconf=0.9,
        named=0.9,  # alone, the message names the Ummeldung surely enough to move there
        aspect="kosten",
        current_service="fahrzeug-abmelden",
        context_reading=Reading("fahrzeug-umschreiben", 0.8, 0.0),
    )
    route = decide(correction, RULE)
    assert (route.kind, route.service, route.aspect) == ("answer", "fahrzeug-umschreiben", "kosten")
    unsure = replace(
        correction,
        candidates=[Candidate("wohnsitz-ummelden", 0.9), Candidate("fahrzeug-umschreiben", 0.8)],
        named=0.9,
        context_reading=Reading("fahrzeug-umschreiben", 0.2, 0.0),
    )
    assert decide(unsure, RULE).service == "wohnsitz-ummelden"


def test_a_topic_announced_in_one_word_of_a_family_is_asked_back_however_sure_the_retrieval():
    licences = [
        ("fuehrerschein-ersterteilung", 0.876),
        ("fuehrerschein-umtausch", 0.867),
        ("fuehrerschein-ersatz", 0.86),
    ]
    vague = turn("Frage zum Führerschein", cands=licences, rconf=0.97, named=0.73, margin=0.0099)
    assert decide(vague).kind == "clarify"
    named = turn("Frage zum Führerschein-Umtausch", cands=licences, rconf=0.97, named=1.0, margin=0.0099)
    assert decide(named).kind == "answer"


def test_an_unplaceable_question_naming_what_no_service_knows_goes_to_a_person():
    """Asked back, it would offer services nobody meant; the unknown word says it is outside the Top 100."""
    cands = [("sondernutzung", 0.52), ("veranstaltung-anmelden", 0.5)]
    asked = turn("Wer erlaubt mir, über dem Marktplatz einen Heißluftballon steigen zu lassen?", cands=cands, rconf=0.3)
    assert decide(asked).kind == "clarify"
    named = replace(asked, unknown_words=["heissluftballon"])
    route = decide(named)
    assert (route.kind, route.reason, route.service) == ("handoff", "outside_top100", None)


def test_a_vague_or_short_question_is_still_asked_back_and_other_languages_keep_their_rule():
    cands = [("meldebescheinigung", 0.52), ("melderegisterauskunft", 0.5)]
    short = turn("Meldeamt Frage", cands=cands, rconf=0.3, unknown_words=["meldeamt"])
    assert decide(short).kind == "clarify"  # two content words: too few to say it is outside
    english = turn(
        "who allows a hot air balloon over the market square?",
        cands=cands,
        rconf=0.3,
        margin=0.01,
        unknown_words=["balloon"],
    )
    assert decide(english).kind == "clarify"


def test_small_talk_and_off_topic_with_unknown_words_are_not_handed_over():
    weather = turn("Wie wird das Wetter morgen in der Region?", intent="out_of_scope", conf=0.9, rconf=0.05)
    assert decide(replace(weather, unknown_words=["wetter"])).kind == "out_of_scope"


def test_the_person_request_detector_hands_over_what_diet_reads_otherwise():
    cands = [("buergerbuero-termin", 0.6)]
    sitting = turn("Sitzt da irgendwo ein Mensch?", intent="bot_challenge", conf=0.6, asks_for_person=True)
    assert (decide(sitting).kind, decide(sitting).reason) == ("handoff", "request_human")
    vague = turn("Kann mich wer anrufen?", conf=0.7, cands=cands, rconf=0.4, asks_for_person=True)
    assert decide(vague).kind == "handoff"
    assert decide(replace(vague, asks_for_person=False)).kind != "handoff"  # the opinion made the difference
    taxi = turn("Rufen Sie mir ein Taxi", intent="out_of_scope", conf=0.99, asks_for_person=True)
    assert decide(taxi).kind == "out_of_scope"  # DIET is sure it is off-topic: no handoff on a borderline opinion
    # which office is responsible for the service discussed: the answer names it
    office = turn(
        "und wer ist da genau zuständig?",
        asks_for_person=True,
        aspect="zustaendigkeit",
        aspect_question=True,
        current_service="wohngeld",
    )
    assert (decide(office).kind, decide(office).service, decide(office).aspect) == (
        "answer",
        "wohngeld",
        "zustaendigkeit",
    )
    # in words of one's own, or with no service discussed, it stays a request for a person
    assert decide(replace(office, text="wer ist da zuständig, mit dem will ich reden")).kind == "handoff"
    assert decide(replace(office, current_service=None)).kind == "handoff"


@pytest.mark.parametrize(
    "text, kept",
    [
        (
            "Wir sind aus Magdeburg gekommen und wohnen jetzt in Gehrden",
            "Wir sind aus gekommen und wohnen jetzt in Gehrden",
        ),
        ("Meine Mutter zieht nach Bad Salzuflen", "Meine Mutter zieht nach"),
        ("ich komme aus der Schweiz", "ich komme aus der"),
        ("we moved from Bremen to Wunstorf", "we moved from to"),
        # a topic after an article or a lower-case word is no place: it stays
        ("Frage nach dem Heißluftballon", "Frage nach dem Heißluftballon"),
        ("nach der Scheidung", "nach der Scheidung"),
    ],
)
def test_where_the_citizen_comes_from_or_goes_is_no_unknown_matter(text, kept):
    assert without_places(text) == kept


NOISE = [("laermbelaestigung", 0.86), ("schaden-melden", 0.8)]


@pytest.mark.parametrize(
    "text",
    [
        "Beschwerde über den Laubbläser vom Hausmeisterdienst, jeden Sonntag um sieben",
        "ich will mich beschweren, hinter der Turnhalle hat jemand alte Reifen abgeladen",
    ],
)
def test_a_complaint_about_a_nuisance_gets_the_service_that_reports_it(text):
    complaint = turn(text, intent="complaint", conf=0.97, cands=NOISE, rconf=0.8, top_reports_a_problem=True)
    route = decide(complaint)
    assert (route.kind, route.service) == ("answer", "laermbelaestigung")


@pytest.mark.parametrize(
    "text",
    [
        "Ich beschwere mich über den Lärm, das habe ich schon dreimal gemeldet und nichts passiert",
        "Beschwerde: eure Mitarbeiter haben meine Lärmbeschwerde einfach ignoriert",
    ],
)
def test_a_complaint_about_the_administration_or_an_ignored_report_goes_to_a_person(text):
    complaint = turn(text, intent="complaint", conf=0.97, cands=NOISE, rconf=0.8, top_reports_a_problem=True)
    assert decide(complaint).kind == "handoff"


def test_a_complaint_near_a_service_that_reports_nothing_goes_to_a_person():
    cands = [("personalausweis-beantragen", 0.86), ("reisepass-beantragen", 0.8)]
    complaint = turn("Beschwerde wegen der Wartezeit auf meinen Ausweis", intent="complaint", cands=cands, rconf=0.8)
    assert decide(complaint).kind == "handoff"
    unsure = turn(
        "Beschwerde über meinen Nachbarn", intent="complaint", cands=NOISE, rconf=0.2, top_reports_a_problem=True
    )
    assert decide(unsure).kind == "handoff"


def test_a_weak_off_topic_reading_does_not_decline_a_life_event_the_retrieval_places():
    cands = [("arbeitslos-melden", 0.84), ("buergergeld", 0.835), ("wohngeld", 0.8)]
    weak = turn("Arbeit weg, was nun?", intent="out_of_scope", conf=0.6, cands=cands, rconf=0.8, margin=0.005)
    route = decide(weak)
    assert route.kind == "clarify" and {"arbeitslos-melden", "buergergeld"} <= set(route.options)
    assert decide(replace(weak, intent_confidence=0.9)).kind == "out_of_scope"  # DIET sure of it
    assert decide(replace(weak, off_topic=True)).kind == "out_of_scope"  # the detector agrees
    assert decide(replace(weak, retrieval_confidence=0.5)).kind == "out_of_scope"  # placed, but not surely


@pytest.mark.parametrize("text", ["Moin, kurze Frage!", "hi ich hab ne kleine frage", "Frage!"])
def test_a_message_that_only_announces_a_question_is_greeted_not_answered(text):
    cands = [("bauvoranfrage", 0.8), ("sperrmuell", 0.79)]
    announced = turn(text, intent="greet", conf=0.5, cands=cands, rconf=0.46, margin=0.004, aspect="voraussetzungen")
    assert (decide(announced).kind, decide(announced).reason) == ("small_talk", "greet")
    named = replace(announced, text="Moin, kurze Frage zur Bauvoranfrage")
    assert decide(named).kind != "small_talk"


def test_diets_own_case_reading_of_an_impersonal_german_question_is_not_trusted():
    cands = [("baugenehmigung", 0.86), ("bauvoranfrage", 0.82)]
    asked = turn(
        "carport ohne genehmigung erlaubt in niedersachsen oder nich?",
        intent="case_status",
        conf=0.8,
        cands=cands,
        rconf=0.93,
        aspect="voraussetzungen",
    )
    assert (decide(asked).kind, decide(asked).service) == ("answer", "baugenehmigung")
    mine = replace(asked, text="mein carport antrag liegt seit wochen rum, ist der genehmigt oder nich?")
    assert decide(mine).kind == "handoff"
    waiting = replace(asked, text="Carport-Genehmigung seit zwei Monaten nicht da")
    assert decide(waiting).kind == "handoff"
    reported = replace(asked, text="Carport-Genehmigung vor acht Wochen beantragt, kommt die noch?", aspect=None)
    assert decide(reported).kind == "handoff"  # asks about no part of the service: a report of one's own case


def test_shouting_in_a_first_plain_request_is_distress_not_frustration():
    cands = [("laermbelaestigung", 0.86), ("schaden-melden", 0.8)]
    first = turn(
        "baustelle nebenan lärmt ab fünf uhr früh, HILFE!! wer ist zuständig",
        cands=cands,
        rconf=0.8,
        frustration_cues=1,
    )
    assert decide(first).kind == "answer"
    after_an_answer = replace(first, current_service="laermbelaestigung")
    assert decide(after_an_answer).kind in ("apology", "handoff")


@pytest.mark.parametrize("text", ["Läuft jetzt, tausend Dank", "super, dank dir", "Herzlichen Dank"])
def test_thanks_in_other_words(text):
    assert thanks(text)


def test_diets_request_for_a_person_against_both_second_opinions_is_not_one():
    moon = turn("Wer war der erste Mensch auf dem Mond?", intent="request_human", conf=0.77, off_topic=True)
    assert decide(moon).kind != "handoff"
    assert decide(replace(moon, off_topic=False)).kind == "handoff"
    assert decide(replace(moon, asks_for_person=True)).kind == "handoff"
    said = replace(moon, text="Mensch, verbinden Sie mich endlich mit jemandem", handoff_signal="request_human")
    assert decide(said).kind == "handoff"


def test_the_vagueness_detectors_topic_is_asked_back_unless_a_service_or_a_part_of_it_is_named():
    cands = [("gewerbe-anmelden", 0.86), ("gewerbe-ummelden", 0.84), ("gewerbe-abmelden", 0.83)]
    args = dict(cands=cands, rconf=0.97, margin=0.02)
    vague = decide(turn("muss mit meinem laden was beim gewerbeamt regeln", vague=True, named=0.6, **args))
    assert (vague.kind, vague.options[:2]) == ("clarify", ["gewerbe-anmelden", "gewerbe-ummelden"])
    # the same readings without the detector: the retrieval is sure, the service answered
    assert decide(turn("muss mit meinem laden was beim gewerbeamt regeln", named=0.6, **args)).kind == "answer"
    # a search term of the service named whole, or a part of the service asked in plain words, overrules it
    assert decide(turn("gewerbe anmelden bitte", vague=True, named=1.0, **args)).kind == "answer"
    priced = turn("was kostet das beim gewerbeamt?", vague=True, named=0.6, aspect="kosten", **args)
    assert decide(priced).kind == "answer"


def test_a_follow_up_in_question_form_about_a_part_of_the_service_is_not_declined():
    follow_up = aspect_follow_up("ab wann sollte man sich da drum kümmern", "out_of_scope", "frist", "kita-platz")
    route = decide(follow_up)
    assert (route.kind, route.service, route.aspect) == ("answer", "kita-platz", "frist")
    # no part of the service named: DIET's off-topic reading stands
    assert decide(replace(follow_up, text="wie wird das wetter morgen", aspect=None)).kind == "out_of_scope"
    # nor when it is no question at all
    assert decide(replace(follow_up, text="man sollte sich da früh drum kümmern")).kind == "out_of_scope"


@pytest.mark.parametrize(
    "text, aspect",
    [
        ("Darf ich das auch per Post einschicken?", "online"),
        ("muss man dafür persönlich hin?", "unterlagen"),
        ("und kann ich es auch am Wochenende erledigen?", "oeffnungszeiten"),
    ],
)
def test_a_yes_no_question_about_doing_it_with_ich_or_man_is_a_follow_up_not_declined(text, aspect):
    """The "ich" of "darf ich das …" is no file of the citizen's own: the question asks how the service discussed is
    done, whatever DIET reads into its register."""
    route = decide(aspect_follow_up(text, "out_of_scope", aspect, "briefwahl"))
    assert (route.kind, route.service, route.aspect) == ("answer", "briefwahl", aspect)


def test_a_yes_no_question_about_one_s_own_application_is_no_plain_follow_up():
    assert asks_whether_one_can_do_it("Kann ich es auch online bezahlen?")
    assert not asks_whether_one_can_do_it("Kann ich meinen Antrag noch online ändern?")
    assert not asks_whether_one_can_do_it("Muss ich das nochmal schicken? Ich hab es längst eingereicht")
    assert not asks_whether_one_can_do_it("Kann ich einen Termin bekommen?")


def test_a_question_with_nobody_s_own_matter_in_it_is_not_an_own_case():
    """DIET reads a case into "Wer ist die Behörde …?"; without "ich", "mein" or a status word, and with the own-case
    detector disagreeing, it is a question: answered or asked back, not handed over as somebody's file."""
    cands = [("fahrzeug-zulassen", 0.78), ("fahrzeug-abmelden", 0.75)]
    question = turn("Wer ist die Kfz-Behörde für Leute aus Seelze?", intent="case_status", cands=cands, rconf=0.3)
    assert decide(question).kind != "handoff"
    own = turn("Wer bearbeitet meinen Antrag auf Zulassung?", intent="case_status", cands=cands, rconf=0.3)
    assert (decide(own).kind, decide(own).reason) == ("handoff", "case_status")
    by_detector = turn(
        "Wer ist die Kfz-Behörde für Leute aus Seelze?", intent="case_status", cands=cands, rconf=0.3, own_case=True
    )
    assert decide(by_detector).kind == "handoff"


@pytest.mark.parametrize(
    "text", ["Merci bien pour tout, vraiment gentil", "çok teşekkürler, sağ olun", "дуже дякую за відповідь"]
)
def test_a_thank_you_that_diet_reads_as_a_complaint_is_small_talk(text):
    for intent in ("complaint", "frustration"):
        route = decide(turn(text, intent=intent, conf=0.85, current_service="wohngeld"))
        assert (route.kind, route.reason) == ("small_talk", "thank"), intent


def test_a_critical_thank_you_stays_a_complaint():
    route = decide(turn("Danke für nichts, ich beschwere mich", intent="complaint", conf=0.9))
    assert (route.kind, route.reason) == ("handoff", "complaint")


OSTERFEUER_WORDS = "Brauchtumsfeuer (Osterfeuer) anmelden Osterfeuer Feuer anmelden"
KITA_WORDS = "Platz in einer Kindertagesstätte oder Tagespflege beantragen Kita anmelden Krippenplatz"


@pytest.mark.parametrize(
    ("text", "aspect", "words", "current"),
    [
        ("was kostet die anmeldung", "kosten", OSTERFEUER_WORDS, "osterfeuer"),
        ("und bis wann muss die Anmeldung spätestens rein?", "frist", OSTERFEUER_WORDS, "osterfeuer"),
        ("welche unterlagen braucht man für den antrag", "unterlagen", KITA_WORDS, "kita-platz"),
    ],
)
def test_the_step_of_the_service_discussed_is_a_follow_up(text, aspect, words, current):
    """ "die Anmeldung" names the registration of a flat when said alone; after the Osterfeuer it is its own."""
    asked = turn(text, rconf=0.95, cands=[("wohnsitz-anmelden", 0.9)], aspect=aspect, named=1.0)
    route = decide(replace(asked, current_service=current, current_service_words=words))
    assert (route.service, route.aspect) == (current, aspect)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("was kostet die anmeldung meines autos", OSTERFEUER_WORDS),  # an object of its own
        ("muss ich mich da auch anmelden, bis wann?", OSTERFEUER_WORDS),  # no "the Anmeldung": the citizen registers
        ("für den antrag brauchen die noch eine bescheinigung vom kfz amt, was kostet die?", KITA_WORDS),  # names more
    ],
)
def test_a_step_with_its_own_object_or_of_another_kind_is_read_on_its_own(text, words):
    asked = turn(text, rconf=0.95, cands=[("fahrzeug-zulassen", 0.9)], aspect="kosten", named=1.0)
    route = decide(replace(asked, current_service="osterfeuer", current_service_words=words))
    assert route.service == "fahrzeug-zulassen"


def test_a_life_event_that_diet_reads_as_off_topic_is_asked_back_when_both_second_opinions_disagree():
    cands = [("arbeitslos-melden", 0.82), ("buergergeld", 0.81), ("wohngeld", 0.79)]
    event = dict(intent="out_of_scope", conf=0.99, cands=cands, rconf=0.55)
    assert decide(turn("seit Freitag arbeitslos, was nun", vague=True, **event)).kind == "clarify"
    # the off-topic detector agrees with DIET, or the message is no topic of services: declined
    assert decide(turn("seit Freitag arbeitslos, was nun", vague=True, off_topic=True, **event)).kind == "out_of_scope"
    assert decide(turn("wer wird heute Meister", **event)).kind == "out_of_scope"
    # the retrieval does not place it among the services
    unsure = dict(event, rconf=0.2)
    assert decide(turn("seit Freitag arbeitslos, was nun", vague=True, **unsure)).kind == "out_of_scope"


def test_criticism_of_the_answer_just_given_is_frustration_not_the_citizens_own_case():
    """The own-case detector hears "ich will …" in a criticism; DIET is sure it is frustration, and no word speaks
    of a status: a first sign apologises (or answers once more), it does not hand over as a case."""
    criticism = turn(
        "das bringt mir so gar nichts, ich will wissen was ich zahlen muss",
        intent="frustration",
        conf=0.9,
        own_case=True,
        current_service="reisepass-beantragen",
        current_aspect="kosten",
    )
    assert decide(criticism).kind in ("apology", "answer")
    # a second sign hands over, as frustration
    again = decide(replace(criticism, frustration=1))
    assert (again.kind, again.reason) == ("handoff", "frustration")
    # a status word keeps it the citizen's own case; so does DIET being unsure
    status = replace(criticism, text="das bringt nichts, mein Antrag ist immer noch nicht bearbeitet")
    assert decide(status).reason == "case_status"
    assert decide(replace(criticism, intent_confidence=0.4)).reason == "case_status"


def test_a_german_message_that_names_a_service_about_nobodys_file_is_no_case():
    """DIET reads a case into "er ist schon über 70, also eher die Grundsicherung im Alter"; the own-case detector
    does not, no own or status word is in it, and it names a service by its search term: that service."""
    said = "er ist schon über siebzig und in rente, also eher die grundsicherung im alter"
    named = turn(said, intent="case_status", conf=0.85, cands=[("grundsicherung", 0.9)], rconf=0.99, named=1.0)
    assert (decide(named).kind, decide(named).service) == ("answer", "grundsicherung")
    # with an own word, a status word, or not named whole it stays a case
    assert decide(replace(named, text="mein antrag auf grundsicherung im alter ist noch offen")).kind == "handoff"
    assert decide(replace(named, named=0.4)).kind == "handoff"
    # other languages have their own possessives: "ma demande de naturalisation"
    french = replace(named, text="où en est la demande de naturalisation de mon père")
    assert decide(french).kind == "handoff"


@pytest.mark.parametrize(
    "text",
    [
        "ob mich vielleicht irgendwer mal zurück ruft, wäre nett",
        "hallo, kan ich mit jemnad von euch telefonieren",
        "ich will mit einem von euren leuten reden",
        "можна поговорити з кимось із людей?",
        "nicht schon wieder ein bot, ich will einen menschen",
    ],
)
def test_a_message_nothing_understood_with_somebody_to_talk_to_in_it_is_handed_over(text):
    """Neither DIET nor the retrieval understood it, yet it names somebody or a call: never refused."""
    route = decide(turn(text, intent="inform", conf=0.3, rconf=0.05))
    assert (route.kind, route.reason) == ("handoff", "request_human")


@pytest.mark.parametrize("text", ["asdfgh jklö", "blubb blubb", "Katze Maus Haus"])
def test_a_message_not_understood_without_anybody_in_it_still_asks_to_rephrase(text):
    assert decide(turn(text, intent="inform", conf=0.3, rconf=0.05)).kind == "fallback"


def test_a_move_between_two_districts_is_its_registration_even_when_nothing_else_is_placed():
    """Two village names the retrieval does not know, or only the Bürgerbüro named: the move says what it is."""
    unknown = turn("wir ziehen von Oberdorf nach Unterdorf, was ist zu tun", intent="ask_service", conf=0.8, rconf=0.05)
    assert decide(replace(unknown, commune_move="within")).service == "wohnsitz-ummelden"
    assert decide(replace(unknown, commune_move="across")).service == "wohnsitz-anmelden"
    office = turn(
        "ich zieh in die Nachbarstadt, was muss ich zum Bürgerbüro mitnehmen",
        cands=[("buergerbuero-termin", 0.9)],
        rconf=0.9,
        aspect="unterlagen",
        commune_move="across",
    )
    assert (decide(office).service, decide(office).aspect) == ("wohnsitz-anmelden", "unterlagen")
    # a clarifying question that offers the Ummeldung itself is settled by a move within the commune
    offered = turn(
        "von Oberdorf nach Unterdorf, in die Stadtmitte",
        cands=[("wohnsitz-ummelden", 0.6), ("halteverbot-umzug", 0.59)],
        rconf=0.2,
        commune_move="within",
    )
    assert decide(offered).service == "wohnsitz-ummelden"
    # no move word: the Bürgerbüro question stays the Bürgerbüro's
    assert decide(replace(office, text="was muss ich zum Bürgerbüro in Lehrte mitnehmen")).service == (
        "buergerbuero-termin"
    )


def test_an_answer_to_a_clarifying_question_is_read_with_the_topic_it_answers():
    """ "Thema Abgaben an die Gemeinde" – "uns gehört eine kleine Ferienwohnung am See, die wir selbst nutzen": alone
    it reads as registering a second home; with the topic, as the second-home tax that was not offered."""
    answer = turn(
        "uns gehört eine kleine ferienwohnung am see, die wir selbst nutzen",
        cands=[("nebenwohnung", 0.9), ("wohnsitz-anmelden", 0.8)],
        rconf=0.9,
        clarify_options=["grundsteuer", "gewerbesteuer", "hundesteuer-anmelden"],
    )
    with_topic = replace(answer, topic_reading=Reading("zweitwohnungsteuer", 0.8, 1.0))
    assert (decide(with_topic).kind, decide(with_topic).service) == ("answer", "zweitwohnungsteuer")
    # the topic changes nothing: a new, clear question, answered as such
    same = replace(answer, topic_reading=Reading("nebenwohnung", 0.95, 0.0))
    assert decide(same).service == "nebenwohnung"
    # the topic reading unsure, or of a service that was offered: not forced
    assert decide(replace(answer, topic_reading=Reading("zweitwohnungsteuer", 0.2, 1.0))).service == "nebenwohnung"
    assert decide(replace(answer, topic_reading=Reading("grundsteuer", 0.9, 1.0))).service == "nebenwohnung"


def test_an_answer_to_a_clarifying_question_that_names_a_service_not_offered_is_not_declined():
    """ "Ein Problem mit meinem Ausweis" – "den hat mir einer aus der Manteltasche gezogen": DIET reads it as off-topic,
    the off-topic detector does not, and read with the question asked back it is the loss report."""
    answer = turn(
        "den hat mir einer aus der manteltasche gezogen",
        intent="out_of_scope",
        conf=0.95,
        cands=[("ausweis-verlust-melden", 0.8), ("fundsache", 0.79)],
        rconf=0.42,
        clarify_options=["personalausweis-beantragen", "vorlaeufiger-personalausweis", "schwerbehindertenausweis"],
    )
    told = replace(answer, topic_reading=Reading("ausweis-verlust-melden", 0.8, 1.0))
    assert (decide(told).kind, decide(told).service) == ("answer", "ausweis-verlust-melden")
    # without a sure reading with the topic, DIET's off-topic reading declines it as before
    assert decide(replace(answer, topic_reading=Reading("ausweis-verlust-melden", 0.2, 1.0))).kind == "out_of_scope"
    # the off-topic detector agreeing: declined
    assert decide(replace(told, off_topic=True)).kind == "out_of_scope"


def test_whom_the_service_is_for_is_no_case_in_a_file():
    """DIET reads "es ist für meinen Enkel, der ist 7" as the status of an application; it tells whom the service
    discussed is for."""
    follow_up = turn(
        "es ist für meinen enkel, der ist 7",
        intent="case_status",
        conf=0.8,
        cands=[("kinderreisepass-beantragen", 0.8)],
        rconf=0.3,
        current_service="reisepass-beantragen",
        current_aspect="unterlagen",
    )
    route = decide(follow_up)
    assert (route.kind, route.service) == ("answer", "reisepass-beantragen")
    assert decide(replace(follow_up, text="wie weit ist mein antrag für den reisepass")).kind == "handoff"


@pytest.mark.parametrize(
    "text",
    [
        "Pardon, kızım değil, oğlum. 6 yaşında",
        "Annem için soruyorum",
        "Это для моего сына, ему 12",
        "Не для меня, а для жены",
        "Це для моєї доньки",
        "هذا لابنتي",
        "c'est pour mon fils, il a 4 ans",
    ],
)
def test_whom_it_is_for_in_other_languages(text):
    assert names_whom_it_is_for(text)


@pytest.mark.parametrize(
    "text",
    [
        "wie meld ich den kaputten Gehweg der Stadt",
        "wie beantrag ich das",
        "wie krieg ich nen neuen Pass",
        "wie kan ich das",
    ],
)
def test_a_how_to_question_typed_colloquially_is_still_one(text):
    from actions.signals import asks_how_to

    assert asks_how_to(text)


def test_a_first_criticism_with_a_new_question_is_answered_and_counted_not_taken_for_a_case():
    cands = [("geburtsurkunde", 0.86), ("geburt-anzeigen", 0.84)]
    text = "Steht doch alles schon auf der Website. Was, wenn die Urkunde verloren ist?"
    asked = turn(
        text, intent="case_status", conf=0.9, cands=cands, rconf=0.95, current_service="geburtsurkunde",
        frustration_cues=1, own_case=True,
    )  # fmt: skip
    route = decide(asked)
    assert (route.kind, route.service) == ("answer", "geburtsurkunde")
    # the second sign hands over, and so do two signs in one message when one is more than "it did not help"
    assert decide(replace(asked, frustration=1)).kind == "handoff"
    repeated = "Schon wieder derselbe Text, steht doch alles auf der Website. Was, wenn die Urkunde verloren ist?"
    assert decide(replace(asked, text=repeated, frustration_cues=2)).kind == "handoff"
    # a status word keeps it the citizen's own case; so does a criticism with no question in it
    waiting = replace(asked, text="Stand da auch schon. Mein Antrag liegt seit Wochen, wo bleibt die Urkunde?")
    assert (decide(waiting).kind, decide(waiting).reason) == ("handoff", "case_status")
    assert decide(replace(asked, text="Steht doch alles schon auf der Website.")).kind == "handoff"
    still = "Bringt mir nix. Seit Oktober immer noch kein Geld, warum?"
    assert decide(replace(asked, text=still)).kind == "handoff"
    assert decide(replace(asked, text="Steht doch alles schon auf der Website. Kann da mal wer nachsehen?")).kind == (
        "handoff"
    )
    # a person asked for in it is handed over at once
    assert decide(replace(asked, asks_for_person=True)).kind == "handoff"
    # before anything was answered, there is nothing to criticise
    assert decide(replace(asked, current_service=None)).kind == "handoff"


def test_naming_whom_it_is_for_keeps_the_service_and_the_question():
    asked = turn(
        "ach so, es geht um meine Tochter, die ist erst 15",
        intent="out_of_scope", conf=0.8, off_topic=True, cands=[("kinderreisepass-beantragen", 0.8)], rconf=0.4,
        current_service="personalausweis-beantragen", current_aspect="kosten", aspect="voraussetzungen",
    )  # fmt: skip
    route = decide(asked)
    assert (route.kind, route.service, route.aspect) == ("answer", "personalausweis-beantragen", "kosten")
    # with no service discussed before, it is no follow-up
    assert decide(replace(asked, current_service=None, current_aspect=None)).kind != "answer"
    # a message that names another service itself moves as any other
    moves = replace(
        asked, text="es geht um meinen Vater, der braucht jetzt Hilfe zur Pflege", intent="ask_service",
        off_topic=False, retrieval_confidence=0.97, named=1.0,
        candidates=[Candidate("hilfe-zur-pflege", 0.88), Candidate("personalausweis-beantragen", 0.78)],
    )  # fmt: skip
    assert decide(moves).service == "hilfe-zur-pflege"


def test_a_life_situation_asked_about_as_a_whole_is_asked_back():
    from actions.signals import asks_for_everything

    for text in (
        "Wir ziehen im Frühjahr zusammen, was kommt da an Papierkram alles auf uns zu?",
        "Opa ist ins Heim gekommen. Woran müssen wir jetzt denken?",
        "wir machen uns selbstständig, wo fangen wir an",
        "Ich werde bald Vater, was muss ich so alles erledigen",
        "Scheidung ist durch. Muss ich da irgendwas bei der Stadt ändern?",
    ):
        assert asks_for_everything(text), text
    for text in (
        "Was muss ich alles mitbringen?",
        "was muss ich tun um den pass zu verlängern",
        "Was kostet das alles?",
    ):
        assert not asks_for_everything(text), text
    cands = [("geburt-anzeigen", 0.83), ("elterngeld", 0.82), ("kindergeld", 0.815)]
    birth = ["geburt-anzeigen", "elterngeld", "kindergeld", "vaterschaftsanerkennung"]
    text = "Ich werde bald Vater, was muss ich so alles erledigen"
    told = turn(text, cands=cands, rconf=0.9, named=0.4, situation_services=birth)
    route = decide(told)
    assert (route.kind, route.options[:3]) == ("clarify", ["geburt-anzeigen", "elterngeld", "kindergeld"])
    # the closest situation holds none of the retrieval's first services: not that situation's services
    elsewhere = decide(replace(told, situation_services=["wohngeld", "buergergeld", "grundsicherung"]))
    assert not set(elsewhere.options or []) & {"wohngeld", "buergergeld", "grundsicherung"}
    # DIET's off-topic reading does not decline a situation the services are about
    assert decide(replace(told, intent="out_of_scope", intent_confidence=0.9, off_topic=True)).kind == "clarify"
    # a service named whole, a retrieval all but certain, or a question in the middle of a conversation: answered
    assert decide(replace(told, named=1.0)).kind == "answer"
    assert decide(replace(told, retrieval_confidence=0.99, situation_services=[])).kind == "answer"
    assert decide(replace(told, current_service="elterngeld")).kind == "answer"
    # an aspect asked in plain words is concrete
    assert decide(replace(told, text="Ich werde Vater, was muss ich alles mitbringen?", aspect="unterlagen")).kind == (
        "answer"
    )


def test_a_move_asked_about_as_a_whole_is_its_registration():
    cands = [("halteverbot-umzug", 0.83), ("sperrmuell", 0.82), ("wohnsitz-ummelden", 0.81)]
    told = turn(
        "wir ziehen von Lehrte nach Sehnde, woran müssen wir alles denken?",
        cands=cands, rconf=0.7, named=0.3, kommune="Sehnde", commune_move="across",
        situation_services=["wohnsitz-anmelden", "wohnsitz-ummelden", "halteverbot-umzug", "sperrmuell"],
    )  # fmt: skip
    route = decide(told)
    assert (route.kind, route.service, route.kommune) == ("answer", "wohnsitz-anmelden", "Sehnde")
    # without a move named, the situation is asked back
    assert decide(replace(told, commune_move=None)).kind == "clarify"


def test_two_phrases_of_an_unhelpful_answer_and_a_new_question_are_one_criticism():
    """ "stand schon da, hilft mir nicht" says one thing twice; with a new question it is answered, and the sign
    counts. Shouting or an insult besides, or a second such message, hands over."""
    text = "Stand da ja schon, hilft mir nicht. Die Hausverwaltung schickt mir das Formular nicht, was jetzt?"
    criticism = turn(
        text,
        intent="case_status",
        conf=0.99,
        cands=[("wohnsitz-ummelden", 0.85)],
        rconf=0.9,
        current_service="wohnsitz-ummelden",
        current_aspect="unterlagen",
        frustration_cues=2,
    )
    assert (decide(criticism).kind, decide(criticism).service) == ("answer", "wohnsitz-ummelden")
    shouted = replace(criticism, text=text.upper() + "!!", frustration_cues=3)
    assert decide(shouted).kind == "handoff"
    insulted = replace(criticism, text="Stand da schon, hilft nicht, blöde Maschine. Was jetzt?")
    assert decide(insulted).kind == "handoff"
    assert decide(replace(criticism, frustration=1)).kind == "handoff"


def test_diets_own_case_reading_of_a_part_of_the_service_named_in_another_language_is_not_trusted():
    """ "Which income papers do I hand in" after the answer about Wohngeld, in Ukrainian: no question mark, yet the
    part of the service is named in words; the own-case detector disagrees, so it is answered."""
    asked = turn(
        "Сайт я відкривав, та не розумію, які довідки про доходи подавати.",
        intent="case_status",
        conf=0.99,
        cands=[("wohngeld", 0.8)],
        rconf=0.7,
        current_service="wohngeld",
        aspect="unterlagen",
        aspect_named=True,
    )
    assert (decide(asked).kind, decide(asked).aspect) == ("answer", "unterlagen")
    assert decide(replace(asked, own_case=True)).kind == "handoff"
    assert decide(replace(asked, aspect_named=False)).kind == "handoff"  # only guessed: DIET's reading holds


def test_a_correction_of_the_person_keeps_the_service_unless_a_sibling_of_its_group_fits_the_person():
    """ "nicht für mich, für meinen Sohn, der fährt als Betreuer mit": the person changes, the Führungszeugnis stays,
    although the message alone reads like the Betreuung; a sibling of the same group takes over ("nein, es geht um
    meine Tochter, die ist vier" after the Reisepass)."""
    son = turn(
        "Ach so, nicht für mich, für meinen Sohn. Der ist 17 und fährt als Betreuer ins Zeltlager.",
        cands=[("vorsorgevollmacht", 0.8), ("fuehrungszeugnis", 0.78)],
        rconf=0.5,
        current_service="fuehrungszeugnis",
        current_aspect="kosten",
    )
    assert (decide(son).kind, decide(son).service, decide(son).aspect) == ("answer", "fuehrungszeugnis", "kosten")
    daughter = turn(
        "Ach nein, es geht um meine Tochter, die ist vier",
        cands=[("kinderreisepass-beantragen", 0.8), ("reisepass-beantragen", 0.78)],
        rconf=0.2,
        current_service="reisepass-beantragen",
        current_aspect="kosten",
        top_in_current_group=True,
    )
    assert (decide(daughter).service, decide(daughter).aspect) == ("kinderreisepass-beantragen", "kosten")
    # no correction in it ("es geht um meine Tochter" after the answer): the service stays
    told = replace(daughter, text="es geht um meine Tochter, die ist vier")
    assert decide(told).service == "reisepass-beantragen"


@pytest.mark.parametrize(
    "text",
    [
        "Ach so, nicht für mich, für meinen Sohn.",
        "das ist für meine Tochter, nicht für mich",
        "Oh wait, it's actually for my son, he's 9",
        "not for me but for my mother",
    ],
)
def test_whom_the_service_is_for_said_against_the_citizen_themself(text):
    assert names_whom_it_is_for(text)


@pytest.mark.parametrize(
    "text",
    ["عفواً، لا أريد فتح نشاط جديد", "Извините, нет, я про снятие с учёта", "özür dilerim, hayır, kızım için"],
)
def test_a_no_after_an_apology_corrects_in_other_languages_too(text):
    from actions.context import corrects

    assert corrects(text)


def test_whom_it_is_for_with_a_term_of_the_service_discussed_is_no_off_topic_message():
    told = turn(
        "Eigentlich geht es um meinen Mann, nicht mich. Er ist nach einem Unfall erwerbsgemindert.",
        intent="out_of_scope",
        conf=0.94,
        cands=[("rentenantrag", 0.8)],
        rconf=0.6,
        named=0.9,
        current_service="rentenantrag",
        current_aspect="unterlagen",
    )
    assert (decide(told).kind, decide(told).service, decide(told).aspect) == ("answer", "rentenantrag", "unterlagen")
    # a term of another service in it: not read as a word about whom; with DIET sure it is off-topic, declined
    other = replace(told, candidates=[Candidate("grundsicherung", 0.8)])
    assert decide(other).kind == "out_of_scope"


def test_asking_to_deregister_the_old_place_while_registering_a_move_in_the_region_keeps_the_registration():
    """No Abmeldung for a move within Germany (BMG § 17): the Anmeldung discussed says so, for its commune."""
    asked = turn(
        "und muss ich mich in Pattensen noch abmelden?",
        cands=[("wohnsitz-abmelden", 0.9)],
        rconf=0.95,
        named=1.0,
        kommune="Pattensen",
        current_service="wohnsitz-anmelden",
        current_kommune="Springe",
    )
    route = decide(asked)
    assert (route.kind, route.service, route.kommune) == ("answer", "wohnsitz-anmelden", "Springe")
    abroad = replace(asked, text="und wenn ich danach ins Ausland gehe, muss ich mich dann abmelden?", kommune=None)
    assert decide(abroad).service == "wohnsitz-abmelden"
    assert decide(replace(asked, current_service=None)).service == "wohnsitz-abmelden"


def test_the_buergerbueros_hours_asked_while_a_service_is_discussed_are_that_services_office():
    asked = turn(
        "Öffnungszeiten vom Bürgerbüro in Springe?",
        cands=[("buergerbuero-termin", 0.9), ("wohnsitz-anmelden", 0.8)],
        rconf=0.9,
        named=1.0,
        aspect="oeffnungszeiten",
        kommune="Springe",
        current_service="wohnsitz-anmelden",
    )
    route = decide(asked, RULE)
    assert (route.service, route.aspect, route.kommune) == ("wohnsitz-anmelden", "oeffnungszeiten", "Springe")
    # with nothing discussed, or asking for an appointment in general, it is the Bürgerbüro's own service
    assert decide(replace(asked, current_service=None), RULE).service == "buergerbuero-termin"
    assert decide(replace(asked, aspect=None), RULE).service == "buergerbuero-termin"
    booking = replace(asked, text="Kann ich vor dem Einzug schon einen Termin im Bürgerbüro buchen?")
    assert decide(booking, RULE).service == "buergerbuero-termin"


def test_what_the_citizen_goes_to_the_buergerbuero_for_is_answered_with_its_office():
    """ "Wann hat das Bürgerbüro in Pattensen auf? Ich will meinen Pass verlängern": the Bürgerbüro ranks first, the
    passport close behind and named; its answer gives the office with address and hours."""
    asked = turn(
        "wann hat das bürgerbüro in pattensen auf? ich will meinen pass verlängern",
        cands=[("buergerbuero-termin", 0.84), ("reisepass-beantragen", 0.835)],
        rconf=0.8,
        aspect="oeffnungszeiten",
        kommune="Pattensen",
        purpose_service="reisepass-beantragen",
    )
    route = decide(asked)
    assert (route.kind, route.service, route.aspect, route.kommune) == (
        "answer",
        "reisepass-beantragen",
        "oeffnungszeiten",
        "Pattensen",
    )
    # no aspect asked: where to go
    assert decide(replace(asked, aspect=None)).aspect == "zustaendigkeit"
    # an appointment is the Bürgerbüro's own service; nothing named besides the office: the office
    booking = replace(asked, text="ich brauche einen termin im bürgerbüro für meinen pass")
    assert decide(booking).service == "buergerbuero-termin"
    assert decide(replace(asked, purpose_service=None)).service == "buergerbuero-termin"


@pytest.mark.parametrize(
    "text",
    [
        "schön und gut, ich versteh trotzdem nicht, was der Umtausch am Ende kostet.",
        "ok but I don't understand what the exchange of my licence costs in the end.",
        "Добре, але не розумію, скільки коштує обмін посвідчення.",
    ],
)
def test_a_first_sign_of_frustration_that_asks_without_a_question_mark_is_answered(text):
    """Not understanding what it costs, said as a statement, asks for it: answered with that part, the sign
    counted."""
    told = turn(
        text,
        intent="frustration",
        conf=0.9,
        current_service="fuehrerschein-umtausch",
        aspect="kosten",
        aspect_named=True,
    )
    route = decide(told)
    assert (route.kind, route.service, route.aspect) == ("answer", "fuehrerschein-umtausch", "kosten")
    # a statement of not understanding with nothing asked apologises and asks what was meant
    plain = replace(told, text="ich versteh das alles nicht.", aspect=None, aspect_named=False)
    assert decide(plain).kind == "apology"
    # "immer noch" says the answers failed before; not knowing what somebody else wants is no question of the fact
    again = replace(told, text="ich verstehe immer noch nicht, was das kosten soll.")
    assert decide(again).kind == "apology"
    theirs = replace(told, text="der brief ist auf polnisch und ich weiß nicht, was die da genau wollen.")
    assert decide(theirs).kind == "apology"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Hallo? Hören Sie mich?", "emergency"),  # DIET's readings of such checks on the phone vary widely
        ("hallo hallo hört mich jemand", "request_human"),
        ("sind sie noch dran", "frustration"),
        ("hello, can you hear me?", "goodbye"),
        ("alo duyuyor musunuz", "complaint"),
        ("алло, вы меня слышите?", "out_of_scope"),
    ],
)
def test_a_check_of_the_line_is_greeted(text, intent):
    route = decide(turn(text, intent=intent, conf=0.6, asks_for_person=True, cands=[("laermbelaestigung", 0.79)]))
    assert (route.kind, route.reason) == ("small_talk", "greet")


def test_a_check_of_the_line_with_a_request_or_a_question_is_that_request_or_question():
    sure = decide(turn("Hören Sie mich? Ich will einen Mitarbeiter", intent="request_human", conf=0.9))
    assert (sure.kind, sure.reason) == ("handoff", "request_human")
    said = decide(turn("Hören Sie mich? Geben Sie mir einen Menschen", handoff_signal="request_human", conf=0.3))
    assert said.kind == "handoff"
    question = turn("hören Sie mich? was kostet der Reisepass", cands=[("reisepass-beantragen", 0.9)], rconf=0.9)
    assert decide(replace(question, aspect="kosten")).service == "reisepass-beantragen"
    emergency = decide(turn("hören Sie mich, es brennt", emergency="112"))
    assert emergency.kind == "emergency"


def test_a_vague_plan_in_a_situation_of_services_is_asked_back_though_diet_reads_a_matter_outside():
    services = ["baugenehmigung", "bauvoranfrage", "hausnummer", "baumfaellung"]
    cands = [("hausnummer", 0.816), ("baugenehmigung", 0.814), ("bauvoranfrage", 0.813), ("grundsteuer", 0.79)]
    plan = turn("Wir wollen das Haus vergrößern.", "other_municipal", 0.8, cands, 0.39, vague=True)
    route = decide(replace(plan, situation_services=services))
    assert route.kind == "clarify" and {"baugenehmigung", "bauvoranfrage"} <= set(route.options)
    # no situation holds the retrieval's first services: a matter outside the Top 100 for a person
    elsewhere = replace(plan, text="Wir wollen einen Verein gründen.", situation_services=["kita-platz", "elterngeld"])
    assert (decide(elsewhere).kind, decide(elsewhere).reason) == ("handoff", "outside_top100")
    assert decide(replace(plan, situation_services=services, vague=False)).reason == "outside_top100"


@pytest.mark.parametrize(
    "text",
    [
        "Ich bin vor einem Monat aus Erfurt hergezogen, wo muss ich mich melden?",
        "bin neu in Gehrden wo muss ich mich melden",
        "Polonya'dan geldim, nereye kaydolmam lazım?",
        "Мы приехали из Харькова, где нужно регистрироваться?",
    ],
)
def test_an_arrival_from_elsewhere_is_registered_as_a_move_into_the_commune(text):
    cands = [("wohnsitz-ummelden", 0.86), ("wohnsitz-anmelden", 0.85)]
    assert decide(turn(text, cands=cands, rconf=0.6, aspect="zustaendigkeit")).service == "wohnsitz-anmelden"


def test_coming_to_a_commune_from_abroad_is_its_registration_rather_than_services_nobody_meant():
    text = "Wir sind aus Eritrea nach Ronnenberg gekommen. Was müssen wir machen?"
    cands = [("buergergeld", 0.79), ("sorgeerklaerung", 0.78), ("geburt-anzeigen", 0.78)]
    arrived = turn(text, cands=cands, rconf=0.25, kommune="Ronnenberg", commune_move="across")
    assert (decide(arrived).kind, decide(arrived).service) == ("answer", "wohnsitz-anmelden")


@pytest.mark.parametrize(
    "text",
    ["Das Portemonnaie wurde mir aus der Jacke gezogen", "Der Bescheid aus dem Rathaus ist nie gekommen"],
)
def test_other_comings_and_pullings_are_no_arrival(text):
    cands = [("wohnsitz-ummelden", 0.86), ("wohnsitz-anmelden", 0.85)]
    assert decide(turn(text, cands=cands, rconf=0.6)).service == "wohnsitz-ummelden"


def test_an_appointment_at_the_office_after_a_move_stays_the_offices_service():
    text = "bin von Pattensen nach Laatzen gezogen, wie komme ich dort an einen Termin im Bürgerbüro?"
    cands = [("buergerbuero-termin", 0.9)]
    moved = turn(text, cands=cands, rconf=0.9, kommune="Laatzen", commune_move="across", commune_origin="Pattensen")
    assert decide(moved).service == "buergerbuero-termin"
    things = replace(moved, text="bin von Pattensen nach Laatzen gezogen, was muss ich ins Bürgerbüro mitbringen?")
    assert decide(things).service == "wohnsitz-anmelden"


def test_whether_a_move_needs_an_appointment_asks_about_its_registration():
    text = "Umzug von Gleidingen nach Rethen. Muss ich dafür einen Termin machen?"
    cands = [("buergerbuero-termin", 0.9)]
    moved = turn(text, cands=cands, rconf=0.9, kommune="Laatzen", commune_move="within")
    assert decide(moved).service == "wohnsitz-ummelden"


def test_an_unplaced_message_the_off_topic_regression_is_sure_of_is_declined_mid_conversation():
    text = "tu as une bonne recette de gâteau au chocolat ?"
    aside = turn(text, intent="complaint", conf=0.26, rconf=0.07, cands=[("gaststaettenerlaubnis", 0.77)])
    aside = replace(aside, current_service="baumfaellung", off_topic_probability=0.998)
    assert decide(aside).kind == "out_of_scope"
    assert decide(replace(aside, off_topic_probability=0.9)).kind != "out_of_scope"  # the regression unsure
    asked = replace(aside, text="et combien ça coûte ?", aspect="kosten", aspect_question=True)
    assert decide(asked).kind == "answer"  # about the service discussed


DEATH = ["sterbefall-anzeigen", "grabstelle", "rentenantrag", "vorsorgevollmacht"]
LOST_THINGS = [("ausweis-verlust-melden", 0.83), ("fuehrerschein-ersatz", 0.82), ("fundsache", 0.81)]


@pytest.mark.parametrize(
    "text",
    [
        "Wir haben unseren Opa am Wochenende verloren.",
        "Ich habe meine Frau verloren und weiß nicht, wo ich anfangen soll",
        "I lost my mum last night, what do I have to do now?",
        "Annemi kaybettim, neler yapmalıyım?",
        "Я потеряла маму, что мне теперь делать?",
    ],
)
def test_a_death_told_as_a_loss_offers_the_services_after_a_death(text):
    told = turn(text, intent="case_status", conf=0.9, cands=LOST_THINGS, rconf=0.6, situation_services=DEATH)
    route = decide(told)
    assert (route.kind, route.options) == ("clarify", DEATH)
    assert decide(replace(told, own_case=True)).kind == "clarify"  # a loss, not the citizen's file


def test_a_lost_thing_or_a_death_service_asked_for_is_answered():
    lost = turn("meine Frau hat ihren Pass verloren", cands=LOST_THINGS, rconf=0.8)
    assert decide(lost).service == "ausweis-verlust-melden"
    asked = "Ich habe meinen Vater verloren, wo bekomme ich die Sterbeurkunde?"
    certificate = turn(asked, cands=[("sterbefall-anzeigen", 0.86)], rconf=0.9, situation_services=DEATH)
    assert decide(certificate).service == "sterbefall-anzeigen"
