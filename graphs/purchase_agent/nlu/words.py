"""Closed word lists: what counts as a function word, a filler, or a marker of each language.

Spelling correction only touches words that are in none of these lists (so frequent words are never
"corrected" into product names), and phrase extraction uses them to find where a product name ends.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words, pronouns, frequent verbs and chat slang of informal Chilean Spanish.
ES_COMMON = _words(
    """
    a al algo alguien algun alguna alguno algunos algunas ahi ahora aca alla aqui asi aun aunque
    ayer antes bien bueno buena buenas buenos cada casi como con contra cual cuales cuando cuanto
    cuanta cuantos cuantas de del desde despues donde durante el ella ellos ellas en entre era eres
    es esa ese eso esta este esto estos estas esos esas estan estoy estaba estamos fue fui ha han he
    hay hasta hoy la las le les lo los luego mal mas me mi mis mucho mucha muchos muchas muy nada
    nadie ni no nos nosotros nunca o otra otro otras otros para pero poco poca por porque pues que
    quien quienes se sea sean ser si sin sobre solo sola son su sus tal tambien tan tanto tanta te
    ti tengo tienes tiene tienen todo todos toda todas tu tus un una uno unos unas usted ustedes va
    van vamos ver vez veces y ya yo mio mia nuestro nuestra nuestros nuestras ese esa mismo misma
    igual tampoco todavia siempre aca entonces osea sino segun hacia e u del pa pal q k d x xq
    porfa porfis porfavor xfa plis pliz favor gracias hola holi chao chau adios saludos oye ya po
    pos nomas altiro cachai wn weon sipo dale listo ok oka okey vale ah eh uy ups mm mmm jaja jajaja
    urgente rapido pronto manana tarde noche dia dias semana semanas mes meses ano lunes martes
    miercoles jueves viernes sabado domingo finde hora horas minuto minutos momento rato vez
    pedido pedidos orden ordenes compra compras solicitud cotizacion proveedor proveedores bodega
    cocina local evento equipo precio precios total stock receta gente persona personas jefa jefe
    tengo tenemos hay haber hacer hace hacen hago hecho harto harta hartos hartas tb tmb tbn bn
    puede pueden puedo podemos podria podrian quiero quieres queremos quiere quisiera necesito
    necesita necesitamos necesitan falta faltan sale salio llega llego llegan llegaron queda quedan
    esta estan estaria estarian sigue seguir va vaya dice dijo digo decir saber sabes se seria
    creo parece mejor peor mas menos solo ademas tambien tal vez quizas claro bueno ya cosa cosas
    nuevo nueva otro misma calidad primera siempre etc urgencia reposicion despacho entrega
    factura envio inventario pedida pedidas comprado comprada comprados compradas solicitado
    solicitada cotizado cotizada llegado llegada enviado enviada mandado mandada acordado
    acordada indicado indicada encargado encargada pasado pasada ultimo ultima aprobo aprobaron
    confirmaron despacharon despacho enviaron mandaron llegaron compramos compre compro pedimos
    pedi pidio pidieron ordenamos cotizamos solicitamos encargamos usar prueba pruebas probando
    """
)

EN_COMMON = _words(
    """
    a an the and or but of to in on at for from with without by about as into over after before
    is are was were be been being am do does did done have has had having will would can could
    shall should may might must i me my mine we us our ours you your yours he him his she her it
    its they them their this that these those there here what which who whom whose when where why
    how all any some more most less no not none nothing only just also too very so then than now
    today tomorrow yesterday week month day days please pls plz thanks thank thx ty hi hello hey
    ok okay yes yeah yep sure great good perfect fine cool well oh ah hmm let lets let's i'm i'd
    i'll we're we'd we'll it's that's what's don't doesn't didn't can't won't isn't aren't
    order orders purchase request quote supplier price prices total stock recipe team kitchen
    get got need needs want wants like would make made send sent give go going come coming keep
    out up down off again still yet already soon asap urgent another other each per every much
    many few lot lots bit one's someone something anything everything anyone person people guys
    instead rather right away next last first asap same usual extra spare monday tuesday wednesday
    thursday friday saturday sunday weekend morning afternoon evening night tonight until unless
    since while because if than within via both either even ever hi there anyway though where's
    who's how's there's here's i've we've you're they're couldn't wouldn't shouldn't haven't
    hasn't wasn't weren't
    """
)

# Words that end a product phrase (besides punctuation and numbers): clause glue and fillers.
PHRASE_BREAKERS = _words(
    """
    y e o u pero para pa pal por x porfa porfis porfavor xfa plis pliz favor gracias que q k
    and or but for please pls plz thanks thx to from at by with
    tambien tb tmb ademas igual urgente hoy manana nomas altiro ya po pues ah oye
    also too today tomorrow asap urgent now
    """
)

# Words a quantity never counts (times, people), so "pa 200 personas" is not 200 of anything.
NON_PRODUCT_NOUNS = _words(
    """
    persona personas gente dia dias semana semanas mes meses ano anos hora horas minuto minutos
    vez veces am pm hrs hr people person day days week weeks month months year years hour hours
    minute minutes time times pesos lucas dolares dollars usd clp porciento percent enero febrero
    marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre january february
    march april june july august september october november december
    """
)

# Markers of each language, used only to decide the `lang` label.
ES_MARKERS = ES_COMMON - _words("a no ok o x d q k mm mmm ah eh uy ups oka okey")
EN_MARKERS = EN_COMMON - _words("a no ok okay hi") | _words(
    """
    need order cancel confirm confirmed approve approved add remove change please thanks hi
    nvm mind human someone wrong bot status arrive arriving weather brownies card pay buy
    could would go ahead proceed sounds looks truck eggs liters litres tonnes pounds boxes
    """
)

# Verbs and nouns that carry the request itself; never part of a product name.
ACTION_WORDS = _words(
    """
    necesito necesitamos necesita necesitan ocupo ocupamos ocupa quiero queremos quisiera
    pide pidan pidele pidanme pedir pidame pidamos compra compren comprar comprame compremos
    cotiza cotizar cotizame cotizen cotizacion cotizaciones encarga encargar solicito solicitar
    agrega agregar agregale agreguen agregues agregame anade anadir anadele suma sumar sumale
    incluye incluir cambia cambiar cambiale cambien cambies modifica modificar sube subir subele
    baja bajar bajale aumenta aumentar reduce reducir disminuye saca sacar sacale sacalo quita
    quitar quitale quitalo elimina eliminar borra borrar remueve pon ponle ponlo ponla pongan
    poner deja dejalo dejala dejar reemplaza reemplazar manda mandala mandalo mandar envia
    enviar envialo confirma confirmo confirmar confirmado confirmada confirmalo confirmes
    cancela cancelar cancelen cancelalo canceles cancelado anula anular anulen anulalo apruebo
    aprueba aprobar aprobado aprobada procede proceder adelante
    need order buy purchase quote add change remove increase decrease reduce raise lower
    make set drop replace swap cancel confirm approve approved send proceed update
    """
)

# Adjectives that name a variant the catalog does not carry ("azucar flor", "salted butter").
VARIANT_ADJECTIVES = _words(
    """
    flor blanca blanco refinada refinado granulada impalpable glas negra integral integrales
    fina fino gruesa grueso rosada rosado yodada laminada laminadas fileteada fileteadas molida
    molidas molido picada picadas tostada tostadas salada salado light descremada descremado
    fresco frescos fresca frescas cocido rallado rallada organica organico organicas organicos
    leudante instantanea instantaneo vegetal vegana vegano dulce amarga semidescremada
    icing powdered white granulated caster castor confectioners organic salted peanut sliced
    slivered flaked ground chopped roasted toasted blanched fresh skim table kosher rock pink
    himalayan iodized fine coarse bread cake corn rice rye spelt instant quick dark milk
    sweetened imitation artificial vegetable sunflower canola chica chicas chico chicos pequena
    pequenas mediana medianas grande grandes small large big medium mini
    """
)

# Nouns that, before "de", make a catalog word part of another product ("dulce de leche").
FOOD_HEADS = _words(
    """
    dulce manteca pasta crema galleta galletas bebida jugo helado salsa pan torta queque
    mermelada licor flan budin glaseado relleno barra barras polvos pure sopa vaina vainas
    nibs semilla semillas grano granos chips hojas
    """
)

# After "en", the form of a variant ("cacao en grano"), unless it is the product's own form.
VARIANT_FORMS = _words(
    "grano granos polvo pasta barra barras escamas trozos lamina laminas rama ramas vaina vainas "
    "perlas cubos crema hojuelas"
)
