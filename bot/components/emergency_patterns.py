"""The words of present danger, in six languages, and the cues that a danger is over or only paperwork.

A pattern alone raises the alarm (unless the classifier finds the message clearly harmless). When
the message speaks of the past ("hatte im Herbst einen Schlaganfall") or of paperwork ("Rechnung
für den Rettungswagen") and nothing says "now", the pattern only counts together with the classifier.
"""

from __future__ import annotations

import re
from functools import cache

# 110: police matters (violence, threat, burglary or an intruder now); 112: everything else.
POLICE_PATTERN = (
    r"schlägt mich|schlägt uns|schlagen mich|verprügel|bedroht mich|bedroht uns|bedrohen mich|angegriffen|"
    r"(mit|hat) ((einem|einer|ein|eine|nem|ner) )?(messer|pistole|waffe|axt|baseballschläger|gewehr)\b|(messer|pistole|waffe) .{0,30}(bedroh|angriff|sticht|schießt|schiesst|absticht)|"
    # a threat against life or limb announced now: "er will mich fertig machen", "droht, mich umzubringen"
    r"(will|wollen|wird|werden) (mich|uns|meine \w+|meinen \w+) (\w+ ){0,2}(fertig ?machen|umbringen|töten|abstechen|kalt ?machen)\b|"
    r"droht .{0,30}(umzubringen|zu töten|abzustechen|fertigzumachen|anzuzünden|abzufackeln)|"
    r"(will|wollen|wird|werden|droht|drohen) .{0,40}(bude|haus|wohnung|laden|auto|hütte|scheune)\w* .{0,20}"
    r"(abfackeln|anzünden|abbrennen)|(bude|haus|wohnung|laden|hütte|scheune)\w* abfackel\w*|"
    r"(droht|bedroht|steht|wartet) .{0,40}\b(benzin)?kanister|(benzin)?kanister\w* .{0,40}(anzünd|abfackel|übergieß|überschütt)|"
    r"überfall|einbrecher|einbruch .{0,20}(gerade|jetzt|im haus)|bricht .{0,20}(tür|fenster) auf|"
    # someone trying to get in now: rattling, prising or kicking at the door, a torch shone inside
    r"(jemand|irgendwer|irgendjemand|einer|fremde\w*|\bmann\b|männer|leute|\btyp\w*|kerl\w*|person\w*) .{0,40}"
    r"(rüttel|hebel)\w* .{0,30}(\btür|haustür|wohnungstür|terrassentür|kellertür|fenster|schloss)|"
    r"(rüttel|hebel)\w* (da |hier )?(jemand|irgendwer|irgendjemand|einer|wer) .{0,30}(\btür|haustür|fenster|schloss)|"
    r"(versucht|versuchen|probiert) .{0,30}(tür|fenster|schloss) .{0,15}(aufzu|zu öffnen|zu knacken|einzu)|"
    r"(tritt|treten|hämmer\w*) .{0,10}gegen (die|unsere|meine) \w*(tür|fenster)|taschenlampe .{0,30}(rein|herein|ins (haus|zimmer|fenster)|durchs fenster)|"
    r"(someone|somebody|a man|men|people|they)\w* .{0,20}(trying|tries) to (get|break|climb) in\b(?! ?(touch|contact))|"
    r"(trying to force|rattling|forcing) (open )?(the|our|my) (front |back )?(door|window)|"
    r"jemand (ist|steigt|läuft|schleicht) .{0,30}(im haus|in (der|die|unserer|meiner) wohnung|im keller|im garten)|"
    r"(steigt|steigen|klettert|klettern) .{0,40}(durchs|durch das|durch ein|ins|in das) \w*(fenster|kellerfenster)|"
    r"(wird|werden) .{0,40}(getreten|geschlagen|verprügelt|zusammengeschlagen|abgestochen|gewürgt)|"
    r"prügeln sich|schlägerei|messerstecherei|vergewaltig|entführ|häusliche gewalt|gewalt .{0,20}(jetzt|gerade|zu hause)|"
    r"\bbombe\b|bombendrohung|sprengsatz|sprengstoff|bomb threat|\ba bomb\b|bomba|бомб|قنبلة|"
    r"beats? me|threaten|knife|burglar|break(ing)? in|intruder|someone is in (my|our) (house|flat|home)|\bgun\b|assault|"
    r"бьет|б'є|нож|погроз|угрож|грабіжник|грабитель|вломил|dövüyor|bıçak|hırsız|يضربني|سكين|يهددني|\bلص\b|مسدس|"
    # the same in French, and more of it in Turkish, Ukrainian, Russian and Arabic: someone breaking in, a blow,
    # a weapon, a threat (the other patterns only knew German and English words for them)
    r"cambriol|quelqu.un (essaie|tente|est en train) d.(entrer|forcer)|forcer (ma|la|notre) porte|"
    r"(me|nous|la|le|les) frapp|frappe (une|un|sa|ma|mon)\b|couteau|pistolet|\barmé|menac|agress|"
    r"silah|tehdit|saldır|kapı\w* (kır|zorl)|eve (girmeye|girdi|giriyor)|"
    r"ніж\b|ножем|пістолет|зброя|зброєю|ломить|вламу|вдира|б.ють|напад|ламає двері|"
    r"бьют|бьёт|напал|пистолет|оружи|ломится|взлом|лезет .{0,20}(в квартиру|в дом|через)|"
    r"حرامي|يسرق|يكسر\w* (الباب|باب)|يكسروا|اعتد|سلاح|بالسكين"
)
MEDICAL_FIRE_PATTERN = (
    r"\bes brennt|\bbrennt\b|\bfeuer (im|in|auf|bei)\b|feuer ausgebrochen|hilfe,? feuer|\bfeuer!|es ist feuer|rauch (kommt|steigt|überall)|"
    r"qualm|lodert|lodern|explosion|krieg\w* (das|es|den|die) nich\w* (mehr )?aus\b|lässt sich nicht (mehr )?löschen|"
    r"(tischdecke|gardine\w*|vorh[aä]ng\w*|sofa|couch|matratze|bettdecke|teppich)\w* .{0,30}(angezündet|feuer gefangen|fängt feuer)|"
    r"explodier|gas ?geruch|riecht .{0,20}nach gas|gasleck|gas (tritt|strömt) aus|"
    r"bewusstlos|ohnmächtig|atmet nicht|keine luft|kriegt keine luft|erstick|herzinfarkt|herzstillstand|"
    r"schlaganfall|krampfanf|epileptische[nr]? anfall|(anfall|krampf)\w* .{0,40}(hört|hören) nicht (mehr )?auf|seizure|sara nöbeti|судорог|припадок|нап\w+ епілепсії|نوبة صرع|blutet (stark|sehr)|viel blut|verblute|notarzt|krankenwagen|rettungswagen|"
    r"kaum (noch )?luft|röchel|(münze|murmel|bonbon|knopf|batterie|legostein|spielzeug)\w* .{0,20}verschluckt|verschluckt und (hustet|röchelt|würgt|atmet)|"
    r"blut\w* .{0,20}durch .{0,15}verb[aä]nd|verb[aä]nd\w* .{0,20}durchgeblutet|durch (den|die|drei|zwei|alle) verb[aä]nde? durch|"
    r"tief (in|ins) (die|den|das|meine?n?|seine?n?|ihre?n?) \w*(hand|finger|arm|bein|fuß|daumen)\w* geschnitten|"
    r"(hand|finger|arm|bein|fuß|daumen)\w* .{0,20}tief .{0,10}geschnitten|(sieht|sehe) man (den |die )?knochen|"
    r"(muss|will|fängt an zu) pressen|presswehen|kopf (vom baby |des babys )?(ist|kommt) (schon )?(raus|zu sehen|draußen)|"
    r"تولد (الحين|الآن|هلق)|(راس|رأس) (البيبي|الطفل|الولد) (طلع|ظهر)|"
    r"vergiftet|gift geschluckt|überdosis|ertrinkt|ertrunken|ins wasser gefallen|untergegangen|"
    # the signs of drowning: near water, someone thrashing or gone under
    r"(see|wasser|teich|pool|becken|fluss|steg|ufer|kanal)\b.{0,120}(nicht mehr zu sehen|taucht nicht (mehr |wieder )?auf|"
    r"(rudert|ruderte|gerudert|schlägt|strampelt) .{0,20}(mit den armen|um sich))|"
    r"(tablette|pille|medikament|gift|putzmittel|reiniger|chemikalie|batterie|spülmaschinentab)\w* .{0,40}(geschluckt|getrunken|gegessen|verschluckt)|"
    r"nicht ansprechbar|umgefallen und|(liegt|lag|sitzt) .{0,25}(reagiert|bewegt sich|antwortet) (nicht|kaum)|(liegt|lag) (reglos|leblos|am boden|auf dem boden)|atmet kaum|blau angelaufen|krampft|zusammengebrochen|umgekippt und|"
    r"stromschlag|funken .{0,30}(kabel|steckdose|leitung)|(kabel|leitung) .{0,30}funken|flammen|"
    r"gesicht .{0,20}(hängt|schief)|(arm|hand|bein|seite|körperhälfte|gesichtshälfte) .{0,25}(taub|gelähmt|lahm)|"
    r"spricht .{0,15}(verwaschen|lallt)|findet die worte nicht|kann (auf einmal |plötzlich )?kaum (noch |mehr )?sprechen|"
    r"kann (auf einmal|plötzlich) nicht (mehr )?(richtig )?sprechen|"
    # the signs of a stroke in the other languages: face drooping, speech gone
    r"face (is )?droop|slurr(ed|ing) (speech|words)|can'?t speak (properly|suddenly)|suddenly can'?t speak|"
    r"konuşamıyor|konuşamaz|ağzı kay|yüzü kay|felç|"
    r"перекосил|не може говорити|не может говорить|لا يستطيع الكلام|وجهه مائل|"
    r"(schmerz|drücken|stechen|ziehen)\w* .{0,25}(brust|herz|kiefer|linken arm)|brustschmerz|chest pain|pain .{0,20}\b(chest|heart)\b|göğsümde|ألم .{0,15}صدر|бол\w* в груди|біл\w* у грудях|"
    r"nicht mehr (leben|da sein|aufwachen)|will sterben|mich umbringen|aufhören zu leben|(want|wanna) to die|"
    r"(don'?t|do not) want to (be alive|live)|kill myself|end (it|my life)|yaşamak istemiyorum|intihar|"
    r"покончить с собой|не хочу жить|не хочу жити|вбити себе|أنهي حياتي|لا أريد أن أعيش|انتحار|"
    r"(auto|wagen|transporter|lkw|bus|fahrzeug|motorrad)\w* .{0,30}überschlagen|kein lebenszeichen|(tropft|läuft) benzin|benzin (tropft|läuft)|"
    r"(schwer(er|en)?|schlimme[rn]?) unfall|unfall .{0,40}(verletzt|blutet|bewusstlos|eingeklemmt)|verletzte .{0,20}unfall|"
    r"suizid|selbstmord|umbringen|nicht mehr leben|mir das leben nehmen|"
    r"(starke|heftige|schwere|starken|heftigen) blutung|hängt am (kabel|strom)|(strom|stromschlag) (bekommen|gekriegt|abbekommen)|"
    # a birth under way, outside a hospital: labour, the waters broken, the baby coming now
    r"fruchtblase .{0,15}geplatzt|wehen\b.{0,30}\bminuten|wehen (haben )?(eingesetzt|setzen ein)|"
    r"wehen\b.{0,20}\b(jetzt|gerade|grad)\b|\b(jetzt|gerade|grad)\b.{0,20}\bwehen|"
    r"(baby|kind) kommt (jetzt|gleich)\b|(bekommt|kriegt) (das|ihr|unser|mein) (baby|kind) (jetzt|gleich|gerade)|"
    r"geburt (hat )?(begonnen|setzt ein)|"
    r"waters? (has |have )?(just )?broken?|(she is|she's|i am|i'm|wife is|wife's) in labou?r|baby is coming (now|right now|fast)|"
    r"suyu geldi|suyum geldi|doğum başladı|doğum sancı|"
    r"відійшли води|почалися пологи|почали?ся перейми|перейми (почали?ся|кожні|кожну|через|вже|щохвилини)|(сильні|часті) перейми|отошли воды|начались роды|схватки|"
    r"بدأت الولادة|نزل ماء|طلق الولادة|"
    # flood water in a home, up to the knees or rising, in seven languages (a cellar's water damage after the
    # fact is paperwork: NOT_EMERGENCY_PATTERN)
    r"wasser (steht|ist|reicht|geht|kommt) (\w+ ){0,4}(bis )?(zu[mr] |an die |ans )?(knie|hüfte|hüften|brust|bauch)\b|"
    r"(knie|hüft|brust)(hoch|tief)\w* (\w+ ){0,3}wasser|wasser (\w+ ){0,4}(knie|hüft|brust)(hoch|tief)|"
    r"wasser steigt (\w+ ){0,3}(im|in der|ins|in die) (haus|wohnung|erdgeschoss|wohnzimmer|zimmer|küche)|"
    r"hochwasser .{0,40}(kommen nicht|nicht (mehr )?raus|eingeschlossen|festsitz|sitzen fest)|"
    r"water (is |'s )?(up to|at|reaching|rising to|already at) (my|our|his|her|their|the) (knees|waist|chest)|"
    r"(house|home|flat|ground floor|living room) is flooding|flood ?water .{0,30}(rising|trapped|can'?t get out)|"
    r"l'eau (monte|arrive|est) (\w+ ){0,3}(aux genoux|à la taille|jusqu'aux genoux|jusqu'à la taille)|"
    r"l'eau (monte|entre|rentre) dans (la|notre|ma) maison|"
    r"su (diz|bel|göğüs) (boyu|boyunu|hizasına|seviyesine|seviyesinde)|dizlere kadar su|su dizime|evi(mizi)? su bastı|"
    r"вода (уже |вже )?(по|до) (колен|коліна|пояс|груди)|вода (прибывает|прибуває|поднимается|піднімається) .{0,20}(дом|квартир|будин|хат)|"
    r"(الماء|المياه|المي|الماي|الميه|المية|المايه) .{0,30}(للركبة|للركب|الركبة|الركب|للخصر|الخصر)|"
    r"(الماء|المياه|المي|الماي|الميه|المية|المايه) (دخل|دخلت|فات|فاتت|غمر|غمرت) .{0,10}(البيت|عالبيت|الدار|عالدار|الشقة|المنزل)|"
    # a person hit by a vehicle (not a parked car "angefahren")
    r"\b(kind|mann|frau|fußgänger\w*|radfahrer\w*|junge|mädchen|person|oma|opa|jemand|schüler\w*|rentner\w*) "
    r"(?:(?!auto|wagen|fahrzeug|roller|fahrrad|briefkasten|zaun).){0,40}(angefahren|überfahren)\b|"
    r"\b(wurde|ist|wird) .{0,30}von (einem|einer|dem|der) \w*(auto|wagen|lkw|bus|transporter|motorrad|zug|bahn|laster)\w* "
    r"(angefahren|überfahren|erfasst)|"
    # someone hit or lying still: "hit by a bus and not moving"
    r"hit by a (car|bus|truck|lorry|train|van)|"
    r"\b(he|she|guy|man|woman|child|kid|baby|dad|mum|mom|father|mother|husband|wife|son|daughter|friend|grandma|grandpa)"
    r"('s| is|s)? (not|isn'?t) (moving|responding)|"
    r"\bfire\b|burning|smoke|gas leak|smell of gas|heart attack|unconscious|not breathing|can'?t breathe|bleeding|overdose|drowning|"
    # a collapse, no pulse, pills or poison swallowed: the German words above, in the other languages
    r"\bcollapsed\b|passed out|(can'?t|cannot|can not) (feel|find) (a|any|his|her|the) (pulse|heartbeat)|\bno pulse\b|"
    r"(swallowed|ate|drank|took) .{0,40}(pills|tablets|medicine|medication|poison|bleach|detergent|battery)|poisoned|"
    r"s'est effondr|(a|est) perdu connaissance|pas de pouls|plus de pouls|(avalé|pris) .{0,40}(médicaments|comprimés|pilules|poison|javel)|"
    r"yere yığıl|nabzı? (yok|atmıyor)|(hap|ilaç|zehir|çamaşır suyu)\w* .{0,30}(yuttu|içti|yedi)|zehirlen|"
    r"упал\w* без|потерял\w* сознание|нет пульса|пульс не|(проглотил|выпил|съел)\w* .{0,40}(таблет|лекарств|яд)|отравил|"
    r"знепритомн|втратив\w* свідомість|немає пульсу|пульс не|(проковтну|випи|з'?ї)\w* .{0,40}(таблет|лік|отрут)|отруї|"
    r"(ابتلع|ابتلعت|بلع|بلعت|شرب|شربت|أكل|أكلت) .{0,40}(حبوب|حبة|حبات|دواء|أدوية|سم|كلور|بطارية)|أغمي عليه|أغمي عليها|لا يوجد نبض|ما في نبض|"
    r"yangın|bayıldı|nefes alamıyor|kalp krizi|gaz kokusu|boğuluyor|"
    r"пожар|горит|без сознания|не дышит|инфаркт|тонет|запах газа|пожежа|горить|не дихає|тоне|запах газу|"
    r"حريق|\bنار\b|فاقد الوعي|لا يتنفس|نوبة قلبية|يغرق|رائحة غاز"
)

# Suicidal intent: no form or fee makes it harmless ("ich brauche nur noch eine Meldebescheinigung, heute
# Nacht bin ich nicht mehr da"), only its being over does.
SUICIDE_PATTERN = (
    r"nicht mehr (leben|da sein|aufwachen)|will sterben|mich umbringen|aufhören zu leben|mir das leben nehmen|"
    r"bringe? mich (\w+ ){0,3}um\b|schluss mit (mir|allem|meinem leben)|"
    # despair and an ending: "mir ist alles egal, ich mach jetzt Schluss" (not "ich mach jetzt Schluss, danke")
    r"(alles egal|keinen sinn|sinnlos|kann nicht mehr|halte (das|es) nicht mehr aus|hoffnungslos).{0,60}\bschluss\b|"
    r"(will|werde|möchte) (\w+ ){0,3}(springen|mich (vor|von) )|(vor den|vor einen) zug|von der brücke|"
    # where one jumps from, the engine running in a closed garage, things given away for a farewell
    r"(stehe|sitze|bin|steh|sitz) (\w+ ){0,3}(auf|an) (der|dem|die|einer|einem) (brücke|brüstung|geländer|dachkante|gleisen|klippe)|"
    r"garage .{0,40}motor läuft|motor läuft .{0,40}garage|"
    r"(alles|meinen (ganzen )?kram|meine sachen) (\w+ )?verschenkt.{0,100}(tschüss|verabschied|lebewohl|abschied|nicht mehr)|"
    r"(nur noch|ein letztes mal) (tschüss|lebewohl|auf wiedersehen|goodbye) sagen|"
    # the means made ready: "das Seil schon im Keller festgemacht", "die Tabletten gesammelt"
    r"(seil|strick|schlinge)\w* .{0,40}(festgemacht|befestigt|aufgehängt|geknotet|bereit|vorbereitet)|"
    r"(tabletten|pillen) .{0,30}(gesammelt|gehortet|zusammengesucht|bereitgelegt)|"
    r"damit es (heute |endlich |für immer )?(aufhört|vorbei ist)|alles (zurechtgelegt|vorbereitet),? (damit|um)|"
    r"suizid|selbstmord|kill myself|end my life|(want|wanna) to die|(don'?t|do not) want to (be alive|live)|"
    r"yaşamak istemiyorum|intihar|покончить с собой|не хочу жить|не хочу жити|вбити себе|أنهي حياتي|لا أريد أن أعيش|انتحار"
)

# Words that call for help without naming a danger ("Notfall!!", "Hilfe", "reagiert nicht"): one vote
# among the readings, not an alarm on their own ("Notfall, ich brauche heute noch einen Termin").
WEAK_PATTERN = (
    r"hilfe,? hilfe|notfall|lebensgefahr|bewegt sich nicht|reagiert nicht|keine kraft mehr|"
    # "help!", "help me", "please help" (not "someone who can help", "help with my passport")
    r"\bemergency\b|\bhelp\s*!|\bhelp (me|us)\b(?! (with|to|find|understand|fill|get))|\bplease help\b(?! (me )?(with|to))|"
    r"imdat|помогите|допоможіть|النجدة|ساعدوني"
)

# figures of speech: "mir brennt die Zeit unter den Nägeln", "ich ertrinke in Papierkram" name no danger, and
# a "Hilfe" or "gleich" in them is not one now
FIGURE_OF_SPEECH_PATTERN = (
    r"brennt .{0,20}unter den nägeln|unter den nägeln brennt|(ich|mein kopf) (explodier|platz)\w*|"
    r"(brennt|brannte) (\w+ ){0,3}die hütte|die hütte brennt|(postfach|posteingang|schreibtisch|kopf) brennt|"
    r"ertrinke\w* in (arbeit|papier\w*|akten|post|briefen|formularen|mails|e-mails|terminen)|"
    # fed up with the answers, not in danger: "ich check gar nix mehr und hab die Schnauze voll"
    r"(schnauze|nase) (\w+ ){0,2}voll(?! (vom|von dem|mit dem) leben)|\b(check|blick)\w* (\w+ ){0,2}(nix|nichts|null) mehr"
)

# service questions that share words with emergencies, and figures of speech
NOT_EMERGENCY_PATTERN = (
    r"osterfeuer|brauchtumsfeuer|lagerfeuer .{0,20}(anmeld|erlaub|genehmig)|feuerwerk|feuerwehr ?(gebühr|einsatz ?kosten|rechnung)|"
    r"feuerstätte|rauchmelder|schornstein|unfallwagen|unfallauto|unfall ?(bericht|gutachten|versicherung)|"
    r"notfallausweis|notfallreisepass|notfallpass|notfalltermin|notfall-?termin|im notfall|für den notfall|"
    r"wasserschaden|rohrbruch .{0,20}(straße|gehweg)|brennholz|kerze brennt|" + FIGURE_OF_SPEECH_PATTERN + "|"
    # somebody who does not answer is no person lying still: "der Vermieter reagiert nicht auf meine Mails"
    r"(vermieter\w*|hausverwaltung|verwaltung|amt|behörde|stadt|gemeinde|firma|handwerker\w*|chef\w*|niemand|keiner) "
    r"(\w+ ){0,2}reagiert (\w+ ){0,2}nicht|"
    # a lamp or a light that does not burn: "фонарь не горит", "ліхтар не горить"
    r"не (горит|горить|горят|горять)|"
    r"fire (safety|inspection|protection|regulations?|code|drill)|brandschutz|brandschau|"
    # the fire brigade as a place to volunteer or work, not a call for it
    r"(join|volunteer|voluntary|work (at|for|with)|career|job|member)\w* .{0,25}fire (brigade|department|service)"
)

# the danger is now: these override the past and paperwork cues
# ("jetzt" alone is no such word: "hatte im März einen Herzinfarkt, jetzt ist mein Ausweis abgelaufen")
PRESENT_PATTERN = (
    r"\b(gerade|grad(?! der)|sofort|im moment|akut|schnell|(?<!erste-)(?<!erste )hilfe(?! (zu[rm]?|vom|von|für|bei|beim|beantragen|bekommen)\b)|bitte helft|right now|help|"
    r"acil|imdat|"
    r"срочно|помогите|терміново|допоможіть|حالا|النجدة)\b"
)
# "ich brauche Hilfe", "I need some help": how a question for support begins, not a cry for it (in our own
# present dangers "Hilfe" is never needed, it is called); "ich brauche sofort Hilfe" keeps its "sofort"
NEEDS_HELP_PATTERN = re.compile(
    r"\b(brauche|brauchen|braucht|benötige|benötigen|suche|suchen|hätte gerne?|möchte|need|needs|want|would like)"
    r" (eure |ihre |deine |etwas |ein bisschen |ein wenig |some |a little |your )?(hilfe|help)\b"
    r"(?!\s*(!|jetzt|sofort|schnell|dringend|now|right now|fast|quick))"
)
PAST_PATTERN = (
    r"\b(letzte[nmrs]?|vorige[nmrs]?|vergangene[nmrs]?) (woche|monat|jahr|herbst|winter|sommer|frühling|nacht)|"
    r"\bvor (einem|einer|zwei|drei|vier|\d+|ein paar|mehreren|einigen|kurzem) (tag|tagen|woche|wochen|monat|monaten|jahr|jahren)|"
    r"\bim (januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|herbst|winter|sommer|frühjahr)\b|"
    r"\b(damals|früher|seitdem|zum glück)\b|\b(hatte|hatten|gehabt|gebrannt|ausgebrannt|abgebrannt|verstorben|gestorben)\b|"
    r"\blast (week|month|year|winter|summer)|\bago\b|\bhad a\b|geçen (hafta|ay|yıl)|\bönce\b|минул|прошл|назад|"
    r"(тиждень|тижні|тижнів|місяць|місяці|місяців|рік|роки|років|днів) тому|الماضي|قبل|"
    r"من (أسبوع|أسبوعين|شهر|شهرين|سنة|سنتين)|"
    # a question about what one would do: "was tun bei einem Brand", "im Falle eines Herzstillstands"
    r"\b(bei|im falle) (einem|einer|eines)\b|\bwas (tun|macht man|mache ich|muss man)\b.{0,20}\b(wenn|bei|falls)\b|\bfalls\b|"
    r"\bwhat (to do|should i do|do you do) (if|when|in case)|\bin case of\b|"
    # a case only imagined: "angenommen, meine Wohnung brennt ab", "mal rein theoretisch", "what if"
    r"\bangenommen\b|theoretisch|hypothetisch|\bwas (wäre|passiert|ist|passiert denn),? wenn\b|"
    r"\bwenn (ich|man|wir|jemand|es|das|mein\w*) (\w+ )?(mal|einmal|irgendwann)\b|interessehalber|nur so gefragt|frage? nur so\b|"
    r"merak ediyorum|просто (спрашиваю|питаю|интересно|цікаво)|"
    r"\bwhat if\b|\bsuppose\b|hypothetical|in theory|theoretically|diyelim|varsayalım|farz edelim|"
    r"теоретически|допустим|гипотетически|теоретично|припустимо|припустімо|افترض|لنفترض|نظري"
)
# The message itself says the danger is over, never was, or is only imagined: "das ist vorbei", "verletzt ist
# keiner", "nur so gefragt", "angenommen …". Without a pattern that names a danger, the readings alone then do
# not raise the alarm.
OVER_PATTERN = (
    r"\b(ist|war) (jetzt |längst |schon )?(vorbei|vorüber)\b|\bzum glück\b|"
    r"\b(verletzt|passiert) (ist|wurde) (keiner|niemand|nichts)|\b(keiner|niemand) (ist |wurde )?verletzt|"
    r"\bnur (so|zur sicherheit|interessehalber) gefragt|\bfrage? (ich )?(mal )?nur (so|interessehalber|vorsorglich)\b|"
    r"\bangenommen\b|theoretisch|hypothetisch|\bwenn (ich|man|wir|jemand|es|das|mein\w*) (\w+ )?(mal|einmal|irgendwann)\b|"
    r"\bit'?s over\b|nobody (was )?(hurt|injured)|\bjust (asking|curious)\b|out of curiosity|\bwhat if\b|\bin case\b|"
    r"kimse yaralanmadı|merak ediyorum|\bdiyelim\b|varsayalım|farz edelim|"
    r"\balles (ist )?(geklärt|erledigt)\b|"
    # a lasting state after a loss: "die ist seit März verwitwet", "als Witwe", "widowed", "dul kaldı"
    r"\bverwitwet\b|\b(als|bin|ist|sind) (\w+ )?(witwe|witwer|waise|halbwaise)\b|\bwidow(ed|er)?\b|\bdul kal|"
    r"\bовдов|\bвдов(а|ец|ой|ою)\b|\bудов(а|ець|ою)\b|أرمل|ترمل|"
    # … or a death told as a loss ("ich habe meinen Mann verloren"; not a child lost in a crowd, which may be one)
    r"\b(meinen|meine|unseren|unsere) (mann|ehemann|frau|ehefrau|vater|mutter|papa|mama|partner\w*|lebensgefährt\w*) "
    r"verloren\b|\blost my (husband|wife|father|mother|partner)\b|\b(eşimi|kocamı|karımı|annemi|babamı) kaybett|"
    r"\b(потерял\w*|втратил\w*) (мужа|жену|отца|мать|маму|чоловіка|дружину|батька|матір)|فقدت (زوجي|زوجتي|أبي|أمي)|"
    r"никто не пострадал|просто (спрашиваю|интересно|хочу знать)|теоретически|допустим|если (вдруг|когда-нибудь)|на всякий случай|"
    r"ніхто не постраждав|просто (питаю|цікаво|хочу знати)|якщо (колись|раптом)|на всякий випадок|"
    r"لم يصب أحد|ما صار (شي|شيء) (لأحد|لحدا)|افترض|لنفترض|لو صار|في يوم من الأيام|احتياط"
)
# … or names a time in the past ("letzte Nacht", "vor drei Wochen"; not "seit letzter Nacht", which lasts).
# This one settles only when nothing says it goes on or is back: "letzte Woche hat er mich geschlagen, nun
# steht er wieder vor der Tür".
PAST_TIME_PATTERN = (
    r"(?<!seit )\b(letzte[nmrs]?|vorige[nmrs]?|vergangene[nmrs]?) (woche|monat|jahr|herbst|winter|sommer|frühling|nacht)|"
    r"\bvor (einem|einer|zwei|drei|vier|\d+|ein paar|mehreren|einigen) (tag|tagen|woche|wochen|monat|monaten|jahr|jahren)\b|"
    r"(?<!seit )\bim (januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember|herbst|frühjahr)\b|"
    r"\blast (week|month|year|night|winter|summer)\b|\b(years?|months?|weeks?) ago\b|geçen (hafta|ay|yıl|gece)|dün gece|"
    r"\bin (january|february|march|april|may|june|july|august|september|october|november|december)\b|"
    r"(недел\w+|месяц\w*|год\w*|лет) назад|прошл\w+ (недел|месяц|год)|"
    r"(тиждень|тижні|тижнів|місяць|місяці|місяців|рік|роки|років) тому|минул\w+ (тижн|місяц|рок)|"
    r"الماضي|من (أسبوع|أسبوعين|شهر|شهرين|سنة|سنتين)"
)
# … or corrects what the assistant understood: "nein, ich meinte die Hundesteuer"
CORRECTION_PATTERN = (
    r"^\W*(nein|ne|nee|nö|sorry|sorri|entschuldigung|pardon|oops|ups|no|non|hayır|ні|нет)\b.{0,25}"
    r"\b(meinte|gemeint|meant|kastettim|мав на увазі|имел в виду)\b|\bich meinte\b|\bi meant\b"
)


GOES_ON_PATTERN = (  # not "jetzt": "im Frühjahr …, jetzt kommt die Rechnung" tells what follows from it
    r"\b(wieder|immer noch|noch immer|nach wie vor|schon wieder|again|still)\b|yine|hâlâ|снова|опять|знову|досі|مرة أخرى"
)
PAPERWORK_PATTERN = (
    # the law on carrying a knife or a weapon, not a weapon drawn
    r"(is it|is that) (legal|allowed)|allowed to carry|(erlaubt|verboten|darf man|dürfen) .{0,30}(messer|waffe|pistole)|"
    r"(messer|waffe|pistole)\w* .{0,30}(erlaubt|verboten|mitführen|mitnehmen)|waffen(schein|besitzkarte|gesetz|recht)|"
    r"rechnung|mahnung|gebühr|bescheid|antrag|formular|attest|vollmacht|urkunde|bescheinigung|versicherung|erstatt|"
    r"\b(kurs|lehrgang|schein|genehmigung|anmeld\w*|beantrag\w*)\b|invoice|\bbill\b|\bfee\b|course|permit|"
    r"fatura|ücret|kurs|счет|счёт|рахунок|курс|فاتورة|رسوم|دورة"
)


# a message typed without diacritics ("yasamak istemiyorum", "uberfall") still matches: each letter with a
# diacritic in a pattern also matches its plain form (the text itself is not changed: "bugün" is no "gun")
_PLAIN_ALTERNATIVES = {"ş": "[şs]", "ç": "[çc]", "ğ": "[ğg]", "ı": "[ıi]", "ä": "[äa]", "ö": "[öo]", "ü": "[üu]"}


@cache
def _tolerant(pattern: str) -> re.Pattern[str]:
    return re.compile("".join(_PLAIN_ALTERNATIVES.get(c, c) for c in pattern))


def _search(pattern: str, lowered: str) -> bool:
    return bool(_tolerant(pattern).search(lowered))


def pattern_number(text: str) -> str | None:
    """'110' or '112' when a pattern that names a danger matches (service look-alikes left out), None otherwise."""
    lowered = text.casefold()
    plain = re.sub(NOT_EMERGENCY_PATTERN, " ", lowered)
    if _search(POLICE_PATTERN, plain):
        return "110"
    if _search(MEDICAL_FIRE_PATTERN, plain) or _search(SUICIDE_PATTERN, lowered):
        return "112"
    return None


def calls_for_help(text: str) -> bool:
    """A call for help that names no danger."""
    return _search(WEAK_PATTERN, re.sub(NOT_EMERGENCY_PATTERN, " ", text.casefold()))


# A weapon drawn, brandished or used on someone is a danger now whatever the readings find (they read the topic of
# the message: "hat im Wartebereich ein Messer gezogen, weil sein Termin abgesagt wurde" reads like a complaint).
ACUTE_PATTERN = (
    r"(messer|pistole|waffe|axt|machete|schere)\w* (gezogen|gezückt|rausgeholt)|"
    r"(zieht|zückt|holt) (ein|eine|sein|seine|nen|ne|das|die) (messer|pistole|waffe|axt|machete)|"
    r"fuchtel\w* .{0,25}(messer|pistole|waffe|axt|machete)|(messer|pistole|waffe|axt|machete)\w* .{0,25}fuchtel|"
    r"(pulled|drew|is waving|waving) (out )?(a|his|her|their) (knife|gun|pistol|machete)"
)


def acute(text: str) -> bool:
    """A weapon drawn or brandished: the pattern raises the alarm alone."""
    return _search(ACUTE_PATTERN, re.sub(NOT_EMERGENCY_PATTERN, " ", text.casefold()))


def urgent(text: str) -> bool:
    """A word for "now", or shouting ("!!", words in capitals)."""
    return _present(text.casefold()) or bool(_SHOUTING.search(text))


def _present(lowered: str) -> bool:
    return _search(PRESENT_PATTERN, NEEDS_HELP_PATTERN.sub(" ", lowered))


_SHOUTING = re.compile(r"!{2,}|\b[A-ZÄÖÜ]{3,}\b.*\b[A-ZÄÖÜ]{3,}\b")


# A message framed as a complaint ("ich will mich beschweren, der Hausmeister hat …"), also about the assistant's
# answers ("das bringt doch alles nix"), tells what happened; its words of shouting or pushing make the readings
# vote, but a danger now needs a pattern that names it or a word for "now".
COMPLAINT_PATTERN = (
    r"\bbeschwer\w*|\bbeschwerde|\breklamation|\bcomplain\w*|\bşikayet\w*|\bжалоб\w*|\bпожаловат\w*|"
    r"\bскарг\w*|\bпоскаржит\w*|شكوى|أشتكي|\bplainte|\bme plaindre|\bréclamation"
)
# "das bringt nix", "useless": said about the assistant's answers, and also about a first aid that fails
# ("Münze verschluckt, Klopfen bringt nix"), so a sure reading overrules it
NO_USE_PATTERN = (
    r"\bbringt (doch |mir |alles |hier |ja |so )*(nix|nichts|null|gar nichts)\b|\bhilft (mir )?(nicht|nix|nichts|null)\b|"
    r"\bnutzlos|\buseless\b|\bno help\b|\bçok saçma|\bбесполезн|\bмарно\b"
)


def complains(text: str, sure_reading: bool = False) -> bool:
    """A complaint: in so many words, or (unless a reading is sure of a danger) that something is of no use."""
    lowered = text.casefold()
    return _search(COMPLAINT_PATTERN, lowered) or (not sure_reading and _search(NO_USE_PATTERN, lowered))


def settled(text: str, sure_reading: bool = False) -> bool:
    """The message says the danger is over, only imagined or in the past, and has no word for "now". A time in
    the past does not settle it against a sure reading: "hatte vor drei Jahren schon mal einen Infarkt" may be
    told about the signs of the next one."""
    lowered = text.casefold()
    if urgent(text):
        return False
    past = not sure_reading and _search(PAST_TIME_PATTERN, lowered) and not _search(GOES_ON_PATTERN, lowered)
    return _search(OVER_PATTERN, lowered) or past


def figurative(text: str) -> bool:
    """ "ich ertrinke in Papierkram", "mir brennt die Zeit unter den Nägeln": a figure of speech and no danger named."""
    return _search(FIGURE_OF_SPEECH_PATTERN, text.casefold()) and pattern_number(text) is None


def corrects_understanding(text: str) -> bool:
    """ "nein, ich meinte die Hundesteuer": the citizen corrects what the assistant understood (only counts where no
    pattern names a danger)."""
    return _search(CORRECTION_PATTERN, text.casefold()) and not urgent(text)


def pattern_counts(text: str) -> bool:
    """False when the danger words speak of the past or of paperwork and nothing says it is happening now."""
    lowered = text.casefold()
    if _present(lowered):
        return True
    if _search(SUICIDE_PATTERN, lowered):
        return not _search(PAST_PATTERN, lowered)
    return not (any(_search(p, lowered) for p in (PAST_PATTERN, PAPERWORK_PATTERN)) or settled(text))
