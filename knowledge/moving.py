"""The words of a citizen moving home, in the languages the assistant reads.

Two readers share them: the commune extractor (a move that names two places starts at the earlier one) and the
routing (a move said as such is its registration). A business or a car that moves is found by the retrieval in
its own words, so these are the words for people.
"""

MOVING_HOME = (
    r"zieh\w*|umzug\w*|einzug\w*|einzieh\w*|eingezogen|umgezogen|umzieh\w*|hinzieh\w*|herzieh\w*|wegzieh\w*|move|moving|moved|déménag\w*|"
    r"taşın\w*|переезж\w*|переех\w*|переїжд\w*|переїха\w*|переїзд\w*|переезд\w*|أنتقل|انتقل\w*"
)

# an arrival from elsewhere said without a word for moving ("aus Köln hergezogen", "aus Syrien eingereist",
# "Türkiye'den geldim"): the verb of coming here, and where from …
ARRIVING = (
    r"hergezogen|hierhergezogen|hierher gezogen|zugezogen|hergekommen|hierhergekommen|hierher gekommen|angekommen|"
    r"eingereist|zugewandert|arrived|came here|moved here|geldi\w*|geldik|taşındı\w*|приехал\w*|переехал\w*|"
    r"приїха\w*|переїха\w*|прибул\w*|وصلت|جئت|قدمت|انتقلت"
)
ORIGIN = r"\b(aus|from|из|із)\s+\w|\b\w+['’]?(den|dan|ten|tan)\b|(?<!\w)з\s+\w|(?<!\w)من\s"
# … or a newcomer said so ("neu in Garbsen", "bin neu hier", "new to Hanover")
NEWCOMER = r"\bneu (in|hier|zugezogen)\b|\bnew (in|to|here)\b|\byeni (geldi|taşındı)\w*|\bнов(ый|енький) здесь\b"
# coming to a commune the extractor found a move into ("aus der Ukraine nach Laatzen gekommen")
COMING = r"gezogen|gekommen|kommen"
