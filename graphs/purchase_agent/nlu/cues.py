"""Cue phrases of the request intents (create, modify, confirm, cancel) and negation words.

Messages are folded (no accents), shorthand is expanded ("q" -> "que", "xfa" -> "porfavor") and
typos are corrected before matching, so one spelling per word is enough here.
"""

from __future__ import annotations

import re

# "agrega 10 kilos de X" to a line the order has adds 10 (the dataset's labels carry the added
# quantity); any other change sets the quantity. Matched on the raw text.
ADDING = re.compile(r"\b(agreg|añad|anad|sum[aá]le|add\b|plus\b)", re.IGNORECASE)


_SOURCES: list[str] = []


def cues(*patterns: str) -> re.Pattern[str]:
    """One pattern matching any of the alternatives (remembered for `cue_words`)."""
    _SOURCES.extend(patterns)
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def cue_words() -> set[str]:
    """The literal words of every cue, which the spelling corrector must leave alone: "llame"
    is a cue for a person, not a typo of a catalogue's "llave"."""
    words: set[str] = set()
    for source in _SOURCES:
        literal = re.sub(r"\\[a-zA-Z]|\(\?[:!<=]+|\{[^}]*\}|\[[^\]]*\]", " ", source)
        words.update(w for w in re.findall(r"[a-zñ']+", literal) if len(w) >= 3)
    return words


CANCEL = cues(
    r"\bcancel\w*",
    r"\banul\w*",
    r"\bsin efecto\b",
    r"\bya no (lo |la |los |las |me |nos )?(necesit\w*|quier\w*|va|van|hace falta|ocup\w*|sirve)\b",
    r"\bolvid(a|alo|ala|alos|en|enlo|emos|ate|ense)\b",
    r"\bno (lo |la )?(pidas|pidan|compres)\b(?! (nada )?(todavia|aun|hasta))",
    r"\bech(a|ala|alo|ale|enla|enlo|ar|arla|arlo) (abajo|pa atras|para atras)\b",
    r"\bdesech(a|alo|ala|alos|en|enlo|enla|ar|arla|arlo|emos)\b",  # not "desechable"
    r"\bchao (con )?(ese |el |este |la |esa |esta )?(pedido|orden|compra)\b",
    r"\bse cay(o|eron) (la compra|el pedido|la orden|el negocio)\b",
    r"\bditch\w*\b",
    r"\b(da|dar|dale|den|demos) de baja\b",
    r"\b(elimin|borr)\w* (esa|ese|esta|este|la|el) (solicitud|orden|pedido|compra|cotizacion)\b",
    r"\bforget (about )?(the|my|our|that|this) (\w+ )?(order|po|purchase|request|quote)\b",
    r"\bforget (the whole thing|this order|that order|the purchase|everything)\b",
    r"\b(don'?t|do not) (buy|order|get) anything\b",
    r"\bdescart(a|alo|ala|alos|alas|en|enlo|enla|ar|arlo|arla|emos)\b",  # not "descartable"
    r"\bdesist\w*",
    r"\bborr(alo|ala|alos|alas|enlo|enla)\b",
    r"\bno va(n)? mas\b",
    r"\bkill (it|the order|the po|that order|this order)\b",
    r"\b(borr|elimin)\w* (el pedido|la orden|todo|la solicitud)\b",
    r"\bcall (it )?off\b",
    r"\bnevermind\b",
    r"\bnever mind\b",
    r"\bforget (it|about it|the order)\b",
    r"\bscrap(ped)? (it|that|this|the|my|our|everything)\b",  # not "scrapers"
    r"\babort(ed)? (it|that|this|the|my|our)\b",
    r"\bno longer need\w*",
    r"\bno (sigan|sigas|sigamos|continuen|continues|avancen|procedan)\b",
    r"\b(ya no (lo |la |los |las )?|no (lo|la|los|las) )(vamos|voy) a (pedir|necesitar|comprar|ocupar"
    r"|usar)\b",
    r"\bdon'?t (proceed|go ahead)\b",
    r"\b(don'?t|do not) (need|want) (it|this|that|them|the order|the po|the purchase)\b",
    r"\bnot needed anymore\b",
    r"\bdrop the (whole )?order\b",
)
# A cancellation reported, not asked for: "se canceló la entrega del martes", "it got called off".
CANCEL_REPORTED = cues(
    r"\bse (cancelo|cancelaron|anulo|anularon|suspendio|suspendieron|postergo|cayo)\b",
    r"\b(fue|fueron|esta|estaba) (cancelad|anulad|suspendid)\w*",
    r"\b(was|were|got|has been|have been) (cancel+ed|called off|postponed|suspended)\b",
)
# Cancelling something that is not a purchase: "cancela la reunión de las 4", "se canceló la
# capacitación" write nothing; a cancel cue besides it still counts ("se suspendió el evento,
# anula la compra").
CANCEL_ELSEWHERE = cues(
    r"\b(cancel\w*|anul\w*|suspend\w*|posterg\w*|reprogram\w*|postpone\w*|reschedul\w*)"
    r" (la |el |las |los |mi |mis |nuestra |the |my |our |that "
    r"|this |tomorrow'?s |today'?s )?(reunion|reuniones|junta|cita|hora|visita|llamada|capacitacion"
    r"|charla|clase|viaje|vuelo|reserva|suscripcion|evento|meeting|appointment|call|visit"
    r"|training|trip|flight|booking|reservation|subscription|event)\b",
)
CONFIRM = cues(
    r"\bconfirm\w*",
    r"\bapruebo\b",
    r"\baprueb\w*",
    r"\baprobad[oa]s?\b",
    r"\bapprove\w*",
    r"\bprocede\w*",
    r"\bproceed\b",
    r"\badelante\b",
    r"\bgo ahead\b",
    r"\bgo for it\b",
    r"\bdale\b",
    r"\bmand(a|alo|ala|alos|alas|ale|en|enlo|enla|ar|arlo|arla|es)\b",
    r"\benvi(a|alo|ala|ale|en|enlo|ar|arlo|arla|es)\b",
    r"\b(le )?(des|de) nomas\b",
    r"^\W*de una\b",
    r"\bhag(ale|alo) nomas\b",
    r"\bplace (it|the order|the po)\b",
    r"\bhazlo\b",
    r"\bhag(a|ale|alo)\b",
    r"\bde acuerdo\b",
    r"\besta (bien|ok|perfecto)\b",
    r"\bsounds good\b",
    r"\blooks good\b",
    r"\bdo it\b",
    r"\bship it\b",
    r"\bsend (it|the order|the po|po|p\d)",
    r"\bpuedes (mandar|enviar)\w*\b",
)
CONFIRM_WEAK = {"sipo", "sip", "oki", "okis", "okok", "yes", "yep", "yeah", "ok", "okay", "oka", "okey", "listo",
                "vale", "perfecto", "perfect", "correcto", "exacto", "claro", "sure", "great"}  # fmt: skip
_NOT_VERB = r"(?<!\bla )(?<!\bel )(?<!\bdel )(?<!\bde )(?<!\bthe )(?<!\bmy )(?<!\bour )(?<!\bmi )"
CREATE = cues(
    r"\bnecesit(o|amos|a|an|aria|ariamos|ar|are|aremos|aran)\b",
    r"\bocup(o|amos|a|an|aria|ariamos|ar|are|aremos)\b",
    r"\b(quiero|queremos|quisiera|quisieramos)\b",
    r"\bpid(e|an|ele|eles|anme|eme|amos|ame|elo|ela|anlo|anla)\b",
    r"\bpedir(le|les|lo|la)?\b",
    _NOT_VERB + r"\bcompr(a|en|ar|ame|anos|emos)\b",
    _NOT_VERB + r"\bcotiz\w*",
    r"\bencarg(a|ar|ue|uen|ame|anos|amos|ale)\b",
    r"\b(me|nos) falta(n)?\b",
    r"\bhace(n)? falta\b",
    r"\bsolicit(o|ar|amos)\b",
    r"\bconsigue(me|nos)?\b",
    r"\btrae(me|nos|r)\b",
    r"\breponer\b",
    r"\bneed(ed)?\b",
    _NOT_VERB + r"\border\b(?! (is|was|status))",
    _NOT_VERB + r"\bbuy\b",
    _NOT_VERB + r"\bpurchase\b",
    _NOT_VERB + r"\bquote\b",
    r"\bget (us|me)\b(?! someone)",
    r"\b(can|could) (we|you|i) (get|have|buy)\b",
    r"\b(i'd|i would|we'd|we would) like\b",
    r"\bwe want\b",
    r"\brestock\b",
    r"\b(can|could) (i|we) (get|have|order)\b",
)
MODIFY = cues(
    r"\bagreg(a|ale|alo|ala|alos|alas|ar|arle|en|ue|uen|amos|as|ale)\b",  # not "agregado"
    r"\banad(e|ir|ele|elo|ela|an|amos|es|irle)\b",
    r"\bsuma(le|r)?\b",
    r"\binclu(ye|ir|yan)\b",
    r"\bcambi(a|as|ale|alo|ala|ar|en|es|emos)\b",
    r"\bmodific\w*",
    r"\bsub(e|es|ele|elo|ela|ir|an|irle)\b",
    r"\bbaj(a|as|ale|alo|ala|ar|en|arle)\b",
    r"\baument\w*",
    r"\breduc(e|ir|elo|ela|ele|elos|imos|an|en|i)\b",  # not "reductor"
    r"\bdisminu\w*",
    r"\bsac(a|as|ale|ar|alo|ala|alos|alas|arle)\b",
    r"\bsaque(n|s)?(lo|la|los|las)?\b",
    r"\bquit(a|as|ale|ar|alo|ala|alos|alas|en|enlo|enla)\b",
    r"\belimin(a|ale|alo|ala|alos|alas|ar|en|enlo|enla|emos)\b",  # not "eliminador"
    r"\bborr(a|ale|ar|en)\b",
    r"\bremuev\w*",
    # a correction is a change: "me equivoqué, eran 30 no 20", "I meant 12, not 10"
    r"\bme equivoque\b",
    r"\bcorrij\w*",
    r"\b(i|we) meant\b",
    r"\b(quise|quisimos|quiso) decir\b",
    r"\bactually\b",
    r"\b(eran|era|son|sean) \d+([.,]\d+)? (y )?no \d+",
    r", not \d+",
    r"\d+( ?[a-z]+)? ?,? (no|not) \d+",
    r"\b(eran|era|were|was)\b[^.!?]{0,50}?,? (no|not) \d+",
    r"\d+[^.!?\d]{0,40}?,? (no|not) \d+\W*$",
    r"\b(para|al|a la|to the|to my|on the) (pedido|orden|order|po)\b",  # "pal pedido"
    r":[^.!?]*\b(now|ahora)\b",
    r"\b(should|must) be\b",
    r"\bdeberia(n)? ser\b",
    r"\breemplaz\w*",
    r"\ben (vez|lugar) del?\b",
    r"\badd\b",
    r"\bchange\b",
    r"\bremove\b",
    r"\bincrease\b",
    r"\bdecrease\b",
    r"\breduce\b",
    r"\blower\b",
    r"\braise\b",
    r"\bbump\b",
    r"\bmake (it|that)\b",
    r"\binstead\b",
    r"\breplace\b",
    r"\bswap\b",
    r"\bswitch (the|it|that|this|them|to|from|my|our)\b",  # not "light switch"
    r"\bdrop\b",
    r"\btake\b[^.,;]*\b(off|out)\b",
    r"\bupdate\b",
    r"\badjust\b",
)
MODIFY_WEAK = cues(
    r"\bpon(le|lo|la|gan|er)?\b",
    r"\bmejor\b",
    r"\bdej(a|alo|ala|emos)\b",
    r"\bque\b[^.,;!?]{0,40}?\bsea(n)?\b",
    r"\bset (the|it)\b",
)
# A past purchase is reported, not requested ("compramos 10 litros el mes pasado, ...?").
PAST_ORDER = cues(
    r"\b(compramos|compre|compro|pedimos|pedi|pidio|pidieron|encargamos|encargue|ordenamos)\b",
    r"\b(ordered|bought|purchased)\b",
)
# A need hedged or put off is mentioned, not asked for: "we'll probably need more rebar next
# month", "capaz que necesitemos cemento la otra semana".
HEDGE = cues(
    r"\b(probably|maybe|perhaps|might|may need|possibly|eventually|at some point)\b",
    r"\b(quizas?|tal vez|a lo mejor|capaz( que)?|posiblemente|probablemente|eventualmente)\b",
)
# ...and a need put off, when no quantity is asked for ("20 kilos para el próximo mes" is asked).
LATER = cues(
    r"\bnext (week|month|year|season|quarter)\b",
    r"\b(la otra semana|el otro mes|el proximo (mes|ano)|la proxima (semana|temporada)|mas adelante)\b",
    r"\bantes de (pedir|comprar|ordenar|encargar|cotizar)\b",
    r"\besper(emos|ar|en|a) (a|hasta|al)\b",
    r"\b(a|hasta|para|pa) fin de mes\b",
    r"\blo (veo|consulto|converso|reviso|hablo|chequeo) con\b",
    r"\bbefore (ordering|we order|buying|we buy)\b",
    r"\b(check|talk) with \w+ first\b",
)
# Holding back: a reply that asks to wait is not an approval ("ok espera, no lo mandes aun").
HOLD = cues(
    r"\bespera(te|n|mos)?\b",
    r"\b(todavia|aun) no\b",
    r"\bno (todavia|aun)\b",
    r"\bdeja(me|nos) (ver|revisar|pensar|consultar|chequear|confirmar)\w*",
    r"\b(wait|hold on|hang on|not yet)\b",
    r"\blet me (check|think|see|confirm)\b",
)
NEGATORS = {"no", "nunca", "ni", "not", "never", "don't", "dont", "nada", "nothing", "without"}
BOUNDARIES = {",", ".", ";", "!", "?", "...", "…", "pero", "but", "sino"}
CONFIRM_EMOJI = set("👍👌✅🙌👏💯🆗✔☑🤝")
GREETING_EMOJI = set("👋🙏😊🙂❤😀😃😁🤗")
