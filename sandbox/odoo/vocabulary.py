"""Words the catalog generator composes product names from, per trade, in Spanish and English.

Each family is a noun pattern with its qualifiers and sizes; Spanish puts the qualifier after
the noun and English before it, so each pattern says where `{q}` goes. Sizes are written
the same way in both languages unless given as a pair.
"""

from __future__ import annotations

from dataclasses import dataclass

Pair = tuple[str, str]  # (es, en)


@dataclass(frozen=True)
class Family:
    code: str
    category: str  # the Spanish category under the trade's
    noun: Pair  # patterns with {q}
    qualifiers: tuple[Pair, ...]
    sizes: tuple[str | Pair, ...]
    uom: str  # the stock unit, one of the agent's codes: kg, l, unit
    buy_in: tuple[str, ...]  # purchase units of the same category, the first most common
    price: tuple[float, float]  # cost range per stock unit


@dataclass(frozen=True)
class Trade:
    name: Pair
    families: tuple[Family, ...]
    vendor_words: tuple[str, ...]  # the kind of business, as a vendor's name starts
    brands: tuple[str, ...]


KG, L, UNIT = "kg", "l", "unit"
PACKS = ("Units", "Dozens", "Pack of 6", "Pack of 12", "Box of 100")

# fmt: off
TRADES: tuple[Trade, ...] = (
    Trade(
        ("Alimentos", "Food"),
        (
            Family("HAR", "Harinas", ("Harina {q}", "{q} flour"),
                   (("de trigo", "Wheat"), ("integral", "Wholemeal"), ("de maíz", "Corn"),
                    ("de arroz", "Rice"), ("sin gluten", "Gluten-free")),
                   (("saco 25 kg", "25 kg sack"), ("bolsa 1 kg", "1 kg bag"), ("saco 50 kg", "50 kg sack")),
                   KG, ("kg", "t"), (0.6, 1.8)),
            Family("ACE", "Aceites", ("Aceite {q}", "{q} oil"),
                   (("de oliva extra virgen", "Extra virgin olive"), ("de girasol", "Sunflower"),
                    ("de coco", "Coconut"), ("de canola", "Canola")),
                   (("bidón 5 L", "5 L jug"), ("botella 1 L", "1 L bottle"), ("tambor 200 L", "200 L drum")),
                   L, ("L",), (1.5, 12.0)),
            Family("ESP", "Especias", ("{q} molido", "Ground {q}"),
                   (("Comino", "cumin"), ("Pimentón", "paprika"), ("Orégano", "oregano"),
                    ("Jengibre", "ginger"), ("Clavo de olor", "clove")),
                   (("frasco 500 g", "500 g jar"), ("bolsa 1 kg", "1 kg bag")),
                   KG, ("kg",), (8.0, 60.0)),
            Family("ESF", "Especias", ("{q}", "{q}"),
                   (("Azafrán en hebras", "Saffron threads"), ("Vainilla en vaina", "Vanilla pods"),
                    ("Pimienta rosa", "Pink peppercorns"), ("Cardamomo verde", "Green cardamom")),
                   (("sobre 10 g", "10 g sachet"), ("frasco 100 g", "100 g jar")),
                   KG, ("g",), (300.0, 3000.0)),
            Family("ESE", "Repostería", ("Extracto {q}", "{q} extract"),
                   (("de vainilla puro", "Pure vanilla"), ("de almendra", "Almond"),
                    ("de limón", "Lemon")),
                   (("frasco 100 ml", "100 ml bottle"), ("botella 1 L", "1 L bottle")),
                   L, ("ml", "L"), (120.0, 400.0)),
            Family("LAC", "Lácteos", ("{q}", "{q}"),
                   (("Leche entera", "Whole milk"), ("Leche descremada", "Skimmed milk"),
                    ("Crema de leche", "Double cream"), ("Yogur natural", "Plain yoghurt")),
                   (("caja 1 L", "1 L carton"), ("bolsa 5 L", "5 L bag")),
                   L, ("L",), (0.9, 4.5)),
            Family("AZU", "Endulzantes", ("Azúcar {q}", "{q} sugar"),
                   (("blanca", "White"), ("rubia", "Brown"), ("flor", "Icing"), ("mascabado", "Muscovado")),
                   (("saco 25 kg", "25 kg sack"), ("bolsa 1 kg", "1 kg bag")),
                   KG, ("kg", "t"), (0.8, 3.2)),
            Family("HUE", "Huevos", ("Huevo {q}", "{q} egg"),
                   (("blanco", "White"), ("de campo", "Free-range"), ("orgánico", "Organic")),
                   ("M", "L", "XL"),
                   UNIT, ("Dozens", "Units"), (0.12, 0.45)),
        ),
        ("Distribuidora", "Comercial", "Importadora"),
        ("Andina", "Valle Sur", "Campo Dorado", "La Pradera", "Austral"),
    ),
    Trade(
        ("Ferretería", "Hardware"),
        (
            Family("TOR", "Tornillos", ("Tornillo {q}", "{q} screw"),
                   (("hexagonal", "Hex"), ("autorroscante", "Self-tapping"), ("para madera", "Wood"),
                    ("de cabeza plana", "Flat-head"), ("de acero inoxidable", "Stainless steel")),
                   ("4 mm", "6 mm", "8 mm", "M8 x 40", "M10 x 50", "M12 x 60"),
                   UNIT, ("Box of 100", "Units"), (0.03, 0.6)),
            Family("TUB", "Tuberías", ("Tubo {q}", "{q} pipe"),
                   (("PVC", "PVC"), ("PVC sanitario", "PVC drain"), ("de cobre", "Copper"),
                    ("galvanizado", "Galvanised")),
                   ("20 mm", "32 mm", "50 mm", "75 mm", "110 mm"),
                   UNIT, ("Units",), (2.5, 38.0)),
            Family("TAL", "Herramientas eléctricas", ("Taladro {q}", "{q} drill"),
                   (("percutor", "Hammer"), ("inalámbrico", "Cordless"), ("de banco", "Bench")),
                   ("500 W", "750 W", "18 V", "20 V"),
                   UNIT, ("Units",), (45.0, 260.0)),
            Family("PIN", "Pinturas", ("Pintura {q}", "{q} paint"),
                   (("látex blanca", "White latex"), ("esmalte sintético", "Synthetic enamel"),
                    ("anticorrosiva", "Anti-corrosion"), ("para exteriores", "Exterior")),
                   (("galón 3,78 L", "3.78 L gallon"), ("tineta 18 L", "18 L pail")),
                   L, ("L",), (3.0, 14.0)),
            Family("CLA", "Fijaciones", ("Clavo {q}", "{q} nail"),
                   (("corriente", "Common"), ("de acero", "Steel"), ("galvanizado", "Galvanised")),
                   (("1 pulgada", "1 in"), ("2 pulgadas", "2 in"), ("3 pulgadas", "3 in"), ("4 pulgadas", "4 in")),
                   KG, ("kg",), (1.8, 4.5)),
            Family("CAB", "Electricidad", ("Cable {q}", "{q} cable"),
                   (("eléctrico THHN", "THHN electric"), ("de cobre desnudo", "Bare copper"),
                    ("de red UTP", "UTP network")),
                   (("1,5 mm²", "1.5 mm²"), ("2,5 mm²", "2.5 mm²"), "4 mm²", "cat 6"),
                   UNIT, ("Units",), (0.4, 3.5)),
        ),
        ("Ferretería", "Comercial", "Suministros"),
        ("Ferrum", "Tecnor", "Maestro", "Durax", "Kordel"),
    ),
    Trade(
        ("Limpieza", "Cleaning"),
        (
            Family("DET", "Detergentes", ("Detergente {q}", "{q} detergent"),
                   (("líquido", "Liquid"), ("en polvo", "Powder"), ("enzimático", "Enzymatic"),
                    ("para lavavajillas", "Dishwasher")),
                   (("bidón 5 L", "5 L jug"), ("bidón 20 L", "20 L jug")),
                   L, ("L",), (1.2, 6.5)),
            Family("CLO", "Desinfectantes", ("Cloro {q}", "{q} bleach"),
                   (("gel", "Gel"), ("concentrado", "Concentrated"), ("tradicional", "Regular")),
                   (("botella 1 L", "1 L bottle"), ("bidón 5 L", "5 L jug")),
                   L, ("L",), (0.7, 2.5)),
            Family("GUA", "Protección", ("Guante {q}", "{q} glove"),
                   (("de nitrilo", "Nitrile"), ("de látex", "Latex"), ("de vinilo", "Vinyl")),
                   (("talla S", "size S"), ("talla M", "size M"), ("talla L", "size L")),
                   UNIT, ("Box of 100", "Pack of 12"), (0.05, 0.3)),
            Family("PAP", "Papeles", ("Papel {q}", "{q} paper"),
                   (("higiénico", "Toilet"), ("toalla", "Kitchen towel"), ("interfoliado", "Interfolded")),
                   (("rollo 250 m", "250 m roll"), ("rollo 500 m", "500 m roll")),
                   UNIT, ("Pack of 6", "Pack of 12"), (0.8, 5.0)),
        ),
        ("Higiene", "Distribuidora", "Comercial"),
        ("Brillex", "Pureza", "Clean Pro", "Aurora"),
    ),
    Trade(
        ("Oficina", "Office"),
        (
            Family("RES", "Papelería", ("Resma de papel {q}", "{q} paper ream"),
                   (("carta", "Letter"), ("oficio", "Legal"), ("A4", "A4"), ("reciclado A4", "Recycled A4")),
                   ("75 g/m²", "80 g/m²", "90 g/m²"),
                   UNIT, ("Units", "Pack of 6"), (3.5, 7.5)),
            Family("LAP", "Escritura", ("Lápiz {q}", "{q} pen"),
                   (("pasta azul", "Blue ballpoint"), ("pasta negro", "Black ballpoint"),
                    ("gel rojo", "Red gel"), ("grafito HB", "HB pencil")),
                   (("0,5 mm", "0.5 mm"), ("0,7 mm", "0.7 mm"), ("1,0 mm", "1.0 mm")),
                   UNIT, ("Dozens", "Box of 100"), (0.15, 1.2)),
            Family("TON", "Impresión", ("Tóner {q}", "{q} toner"),
                   (("negro", "Black"), ("cian", "Cyan"), ("magenta", "Magenta"), ("amarillo", "Yellow")),
                   (("modelo 26A", "model 26A"), ("modelo 85A", "model 85A"), ("modelo 410X", "model 410X"), ("modelo TN-660", "model TN-660")),
                   UNIT, ("Units",), (28.0, 120.0)),
            Family("CAR", "Archivo", ("Carpeta {q}", "{q} folder"),
                   (("archivador", "Lever arch"), ("colgante", "Hanging"), ("con elástico", "Elastic")),
                   (("tamaño carta", "letter size"), ("tamaño oficio", "legal size")),
                   UNIT, ("Units", "Dozens"), (0.5, 4.0)),
        ),
        ("Librería", "Comercial", "Distribuidora"),
        ("Prisma", "Lumen", "Escriba", "Oficenter"),
    ),
    Trade(
        ("Embalaje", "Packaging"),
        (
            Family("CJA", "Cajas", ("Caja de cartón {q}", "{q} cardboard box"),
                   (("corrugado", "Corrugated"), ("doble onda", "Double-wall"), ("troquelada", "Die-cut")),
                   ("30x20x20", "40x30x30", "60x40x40"),
                   UNIT, ("Units", "Pack of 12"), (0.3, 2.2)),
            Family("FIL", "Films", ("Film {q}", "{q} film"),
                   (("stretch", "Stretch"), ("alusa", "Cling"), ("termocontraíble", "Shrink")),
                   (("23 micras", "23 micron"), ("30 micras", "30 micron"), ("50 micras", "50 micron")),
                   KG, ("kg",), (2.2, 5.5)),
            Family("CIN", "Cintas", ("Cinta {q}", "{q} tape"),
                   (("de embalaje transparente", "Clear packing"), ("de papel", "Paper"),
                    ("doble contacto", "Double-sided")),
                   ("48 mm x 100 m", "24 mm x 50 m", "18 mm x 40 m"),
                   UNIT, ("Pack of 6", "Units"), (0.6, 3.0)),
            Family("BOL", "Bolsas", ("Bolsa {q}", "{q} bag"),
                   (("de basura", "Bin"), ("kraft", "Kraft paper"), ("con cierre zip", "Zip-lock")),
                   ("50x70 cm", "80x110 cm", "20x30 cm"),
                   UNIT, ("Box of 100", "Pack of 12"), (0.02, 0.25)),
        ),
        ("Envases", "Embalajes", "Comercial"),
        ("Pacífico", "Empack", "Sellotec", "Kartón"),
    ),
)
# fmt: on
NAMES_ES = ("Camila", "Diego", "Valentina", "Matías", "Fernanda", "Joaquín", "Isidora", "Tomás")
SURNAMES = ("Rojas", "Fuentes", "Soto", "Muñoz", "Contreras", "Silva", "Morales", "Araya")
ROLES = ("jefa de cocina", "bodeguero", "compras", "mantención", "administración", "producción")
PLACES = ("del Sur", "Los Andes", "Pacífico", "Central", "del Maule", "Norte Grande", "Austral")
