"""Intent from cue phrases, read with their negations, in the priority the labelling rules set.

A complaint or a request for a person wins; then a cancellation; then a request with items
(a change beats a new request when both verbs appear); then status questions and questions the
agent cannot act on; then approvals; greetings only when nothing else is asked.
Negation is read in full: "no canceles" is not a cancellation, "no confirmes todavia" is nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .text import Token


def _cues(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


HANDOFF = _cues(
    r"\bhablar con\b",
    r"\bhuman[oa]?s?\b",
    r"\bpersona (real|de verdad)\b",
    r"\buna persona\b",
    r"\balguien (de|del|que|en)\b",
    r"\bpasa(me|nos)? con\b",
    r"\bcomunica(me|nos|rme)? con\b",
    r"\bcontacta(me|rme|nos)\b",
    r"\bllam(enme|eme|ame|enos|arme)\b",
    r"\bme (puede|pueden|podria|podrian|puedes) llamar\b",
    r"\breclam\w*",
    r"\bqueja\w*",
    r"\bfalta de respeto\b",
    r"\bnadie (me |nos )?(responde|contesta|pesca)\b",
    r"\bpesim[oa]\b",
    r"\besto no (funciona|sirve)\b",
    r"\best[ea] bot\b",
    r"\bsupervisor\w*",
    r"\bejecutiv[oa]\b",
    r"\blleg\w* (todo |toda |todos |todas |muy )?(malo|mala|malos|malas|mal|rot[oa]s?|vencid\w*|"
    r"podrid\w*|ranci\w*|incomplet\w*|danad\w*|equivocad\w*|abiert[oa]s?|derramad\w*|tarde|"
    r"humed\w*|mojad\w*|suci[oa]s?|contaminad\w*|aplastad\w*|quemad\w*|descompuest\w*|"
    r"con bichos|con hongos)\b",
    r"\bspeak (to|with)\b",
    r"\btalk (to|with)\b",
    r"\b(a|real) person\b",
    r"\bsomeone (from|in|at)\b",
    r"\bcall me\b",
    r"\brepresentative\b",
    r"\bcomplain\w*",
    r"\bthis bot\b",
    r"\bmanager\b",
    r"\bunacceptable\b",
    r"\b(arrived|came) (damaged|broken|spoiled|rotten|wrong|late|open)\b",
    r"\bwrong again\b",
    r"\bgetting (my|the|our) order wrong\b",
    r"\bmal estado\b",
    r"\bme (llame|llamen|contacte|contacten)\b",
)
CANCEL = _cues(
    r"\bcancel\w*",
    r"\banul\w*",
    r"\bsin efecto\b",
    r"\bya no (lo |la |los |las |me |nos )?(necesit\w*|quier\w*|va|van|hace falta|ocup\w*|sirve)\b",
    r"\bolvid(a|alo|ala|alos|en|enlo|emos|ate|ense)\b",
    r"\bno (lo |la )?(pidas|pidan|compres)\b",
    r"\bdescart\w*",
    r"\b(borr|elimin)\w* (el pedido|la orden|todo|la solicitud)\b",
    r"\bcall (it )?off\b",
    r"\bnevermind\b",
    r"\bnever mind\b",
    r"\bforget (it|about it|the order)\b",
    r"\bscrap\w*",
    r"\babort\w*",
    r"\bno longer need\w*",
    r"\bdon'?t need (it|this|that|them)\b",
    r"\bdrop the (whole )?order\b",
)
CONFIRM = _cues(
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
    r"\bmand(a|alo|ala|enlo|enla|en)\b",
    r"\benvi(a|alo|ala|enlo)\b",
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
CONFIRM_WEAK = {"sipo", "sip", "yes", "yep", "yeah", "ok", "okay", "oka", "okey", "listo",
                "vale", "perfecto", "perfect", "correcto", "exacto", "claro", "sure", "great"}  # fmt: skip
STATUS = _cues(
    r"\bcuando (\w+ )?(lleg\w*|viene\w*|sale\w*|saldr\w*|despach\w*|estar\w*|est[ae]\w*)\b",
    r"\b(para|hasta) cuando\b",
    r"^llego\b",
    r"\bllego (el|la|lo|los|las|mi|nuestr[oa]|ya)\b",
    r"\bya (salio|salieron|llego|llegaron|despacharon|enviaron|mandaron|esta list[oa])\b",
    r"\ben que (va|anda|esta|estado)\b",
    r"\bestado (de|del)\b",
    r"\bstatus\b",
    r"\bsigue pendiente\b",
    r"\best(a|an|aria) aprobad\w*",
    r"\bfue aprobad\w*",
    r"\baprobaron\b",
    r"\btodavia nada\b",
    r"\baun no lleg\w*",
    r"\bno ha llegado\b",
    r"\bwhere('s| is| are)\b",
    r"\bwhen (will|does|is|do|are|did|can)\b",
    r"\barriv\w*",
    r"\beta\b",
    r"\btrack\w*",
    r"\bstill pending\b",
    r"\b(get|been|was|is it) approved\b",
    r"\bhas (it|the order) (shipped|arrived)\b",
    r"\bcuanto (sale|es|cuesta|seria|va|suma|salio)\b.*\btotal\b",
    r"\b(el|the) total\b",
    r"\bcuanto (sale|cuesta|salio) (la orden|el pedido)\b",
    r"\bhow much is (the|my|our) (order|total)\b",
    r"\ben camino\b",
    r"\bon (its|the) way\b",
    r"\bpendiente\b.*\?",
    r"\bse (aprobo|confirmo|despacho|envio|mando)\b",
    r"\b(aprobaron|confirmaron|despacharon)\b",
    r"\bno (me |nos )?(ha |han )?lleg\w*",
    r"\bque pasa con\b",
    r"\bcuanto (salio|fue)\b",
    r"\bllego\w* \?",
    r"\b(demora|tarda)\w* (en )?(llegar|el pedido|la orden|mi|el despacho)\b",
    r"\bdeliver\w*",
    r"\bcoming\b",
    r"\bshipped\b",
    r"\bdispatch\w*",
)
OTHER = _cues(
    r"\breceta\w*",
    r"\brecipe\w*",
    r"\bstock\b",
    r"\bqueda(n)? (en bodega|en stock)\b",
    r"\bcuant[oa]s? .*\b(queda|quedan)\b",
    r"\bhay en bodega\b",
    r"\bin stock\b",
    r"\bleft in\b",
    r"\btelefono\b",
    r"\bphone\b",
    r"\bcontacto\b",
    r"\bcorreo\b",
    r"\bemail\b",
    r"\bsirve (para|pa)\b",
    r"\bcomo se (hace|prepara|usa)\b",
    r"\bclave\b",
    r"\bwifi\b",
    r"\bweather\b",
    r"\bclima\b",
    r"\bpartido\b",
    r"\bpay (by|with)\b",
    r"\bpagar con\b",
    r"\btarjeta\b",
    r"\bcredit card\b",
    r"\bhorario\b",
    r"\bcierra\b",
    r"\bfuncionando\b",
    r"\bbono\b",
    r"\bclick\b",
    r"\bganaste\b",
    r"bit\.ly|https?:",
    r"\bayud\w*",
    r"\bhelp\b",
    r"\bconsulta\b",
    r"\bpregunta\b",
)
_NOT_VERB = r"(?<!\bla )(?<!\bel )(?<!\bdel )(?<!\bde )(?<!\bthe )(?<!\bmy )(?<!\bour )(?<!\bmi )"
CREATE = _cues(
    r"\bnecesit(o|amos|a|an|aria|ariamos)\b",
    r"\bocup(o|amos|a|an|aria)\b",
    r"\b(quiero|queremos|quisiera|quisieramos)\b",
    r"\bpid(e|an|ele|anme|eme|amos|ame)\b",
    r"\bpedir\b",
    _NOT_VERB + r"\bcompr(a|en|ar|ame|anos|emos)\b",
    _NOT_VERB + r"\bcotiz\w*",
    r"\bencarg(a|ar|ue|uen)\b",
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
    r"\b(i'd|i would|we'd|we would) like\b",
    r"\bwe want\b",
    r"\brestock\b",
    r"\brunning (low|out)\b",
)
MODIFY = _cues(
    r"\bagreg\w*",
    r"\banad\w*",
    r"\bsuma(le|r)?\b",
    r"\binclu(ye|ir|yan)\b",
    r"\bcambi(a|ale|ar|en|es|emos)\b",
    r"\bmodific\w*",
    r"\bsub(e|ele|ir|an|irle)\b",
    r"\bbaj(a|ale|ar|en|arle)\b",
    r"\baument\w*",
    r"\breduc\w*",
    r"\bdisminu\w*",
    r"\bsac(a|ale|ar|alo|ala|quen|arle)\b",
    r"\bquit(a|ale|ar|alo|ala|en)\b",
    r"\belimin\w*",
    r"\bborr(a|ale|ar|en)\b",
    r"\bremuev\w*",
    r"\breemplaz\w*",
    r"\ben (vez|lugar) de\b",
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
    r"\bdrop\b",
    r"\btake (off|out)\b",
    r"\bupdate\b",
    r"\badjust\b",
)
MODIFY_WEAK = _cues(
    r"\bpon(le|lo|la|gan|er)?\b",
    r"\bmejor\b",
    r"\bdej(a|alo|ala|emos)\b",
    r"\bque sea(n)?\b",
    r"\bset (the|it)\b",
)
GREETING = _cues(
    r"\bhol(a|i|is)\b",
    r"\bbuen(a|as|os)?\b",
    r"\bdias\b",
    r"\btardes\b",
    r"\bnoches\b",
    r"\bhello\b",
    r"\bhi\b",
    r"\bhey\b",
    r"\bgood (morning|afternoon|evening)\b",
    r"\bgracias\b",
    r"\bthanks?\b",
    r"\bthank you\b",
    r"\bty\b",
    r"\bchao\b",
    r"\bchau\b",
    r"\badios\b",
    r"\bbye\b",
    r"\bsaludos\b",
    r"\bque tal\b",
    r"\bnos vemos\b",
    r"\bhasta luego\b",
    r"\bfinde\b",
    r"\bnada mas\b",
    r"\beso es todo\b",
    r"\bthat'?s all\b",
    r"\bcuidate\b",
    r"\bcheers\b",
)
CLOSING = _cues(r"\bnada mas\b", r"\beso (es|seria) todo\b", r"\bthat'?s all\b", r"\bgracias\b",
                r"\bthanks?\b", r"\bthank you\b", r"\bchao\b", r"\bbye\b")  # fmt: skip
SMALL_TALK = _cues(
    r"\b(como|que) (estas|esta|estan|tal|va|vai)\b",
    r"\bhow are (you|u)\b",
    r"\bhow'?s it going\b",
    r"^\W*(\w+\W*){1,2}$",
)
HOW_MUCH = _cues(r"\bhow (many|much)\b", r"\bcuant[oa]s?\b")
NEGATORS = {"no", "nunca", "ni", "not", "never", "don't", "dont", "nada", "nothing", "without"}
BOUNDARIES = {",", ".", ";", "!", "?", "...", "…", "pero", "but", "sino"}
CONFIRM_EMOJI = set("👍👌✅🙌👏💯🆗✔☑🤝")
GREETING_EMOJI = set("👋🙏😊🙂❤😀😃😁🤗")


@dataclass
class Signals:
    """What the items extractor found, as far as the intent needs it."""

    items: int = 0  # item lines found
    with_qty: int = 0  # of those, with a quantity (a removal counts)
    with_price: int = 0  # of those, with a price
    cancel_targets_product: bool = False  # "cancela la sal": a removal, not a cancellation
    has_ref: bool = False


class Cues:
    """Cue matches over the normalised message, with the token each starts at."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.text = ""
        self.starts: list[int] = []
        for tok in tokens:
            self.starts.append(len(self.text))
            self.text += tok.norm + " "

    def token_at(self, offset: int) -> int:
        return max(k for k, s in enumerate(self.starts) if s <= offset)

    def found(self, pattern: re.Pattern[str], negatable: bool = True) -> bool:
        """Whether the cue occurs at least once without a negation in front of it."""
        for match in pattern.finditer(self.text):
            if not negatable or not self.negated(self.token_at(match.start())):
                return True
        return False

    def negated(self, k: int) -> bool:
        """A negator among the three words before token k, within the same clause."""
        for j in range(k - 1, max(k - 4, -1), -1):
            norm = self.tokens[j].norm
            if norm in BOUNDARIES:
                return False
            if norm in NEGATORS:
                return True
        return False

    def weak_yes(self) -> bool:
        """ "si", "ok", "listo" as a reply ("dice q si"), not "si" meaning "if"."""
        for k, tok in enumerate(self.tokens):
            if tok.norm in ("si", "ya"):
                if self._alone(k):
                    return True
            elif tok.norm in CONFIRM_WEAK:
                return True
        return False

    def _alone(self, k: int) -> bool:
        nxt = self.tokens[k + 1].norm if k + 1 < len(self.tokens) else ""
        return nxt in BOUNDARIES | {"", "dale", "po", "pues", "confirmo", "claro", "gracias", "pero",
                                    "ok", "listo", "nomas", "porfavor", "porfa", "!"}  # fmt: skip


def classify(tokens: Sequence[Token], signals: Signals) -> str:
    words = [t for t in tokens if t.is_word]
    if not words:
        symbols = {c for t in tokens for c in t.text}
        if symbols & CONFIRM_EMOJI:
            return "confirm_order"
        return "greeting" if symbols & GREETING_EMOJI else "other"
    cues = Cues(tokens)
    question = any(t.norm in {"?", "¿"} for t in tokens)
    if cues.found(HANDOFF):
        return "human_handoff"
    if cues.found(CANCEL) and not signals.cancel_targets_product:
        return "cancel_order"
    changed = signals.with_qty or signals.with_price
    if signals.items:
        if cues.found(MODIFY) or signals.cancel_targets_product:
            return "modify_order"
        if cues.found(CREATE) and not (question and cues.found(HOW_MUCH)):
            return "create_rfq"
        if changed and (cues.found(MODIFY_WEAK) or cues.found(CONFIRM) or cues.weak_yes()):
            return "modify_order"  # "si pero que sean 80 kilos": an approval with a change
    if cues.found(STATUS):
        return "order_status"
    if cues.found(OTHER):
        return "other"
    if cues.found(CONFIRM):
        return "confirm_order"
    if not question and not cues.found(CREATE, negatable=False):
        if signals.with_qty:
            return "create_rfq"
        if signals.with_price:
            return "modify_order"  # "la mantequilla a 8,20": a price for a line already asked
    if cues.weak_yes():
        return "greeting" if cues.found(CLOSING) else "confirm_order"
    if signals.has_ref:
        return "order_status"
    if cues.found(GREETING, negatable=False) and (not question or cues.found(SMALL_TALK)):
        return "greeting"
    return "other"
