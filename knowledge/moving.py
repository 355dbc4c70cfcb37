"""The words of a citizen moving home, in the languages the assistant reads.

Two readers share them: the commune extractor (a move that names two places starts at the earlier one) and the
routing (a move said as such is its registration). A business or a car that moves is found by the retrieval in
its own words, so these are the words for people.
"""

MOVING_HOME = (
    r"zieh\w*|umzug\w*|einzug\w*|einzieh\w*|eingezogen|umgezogen|umzieh\w*|hinzieh\w*|herzieh\w*|wegzieh\w*|move|moving|moved|déménag\w*|"
    r"taşın\w*|переезж\w*|переех\w*|переїжд\w*|переїха\w*|переїзд\w*|переезд\w*|أنتقل|انتقل\w*"
)
