"""Real phrasings of UN letters in the six official languages, as tables the letter
generator (``tests/parsing/families.py``) renders facts with.

The forms are those of circulated documents: mastheads ("Distr. générale",
"Septuagésimo quinto período de sesiones", "Семьдесят пятая сессия", "الدورة الخامسة
والسبعون", "第七十五届会议"), titles ("Lettre datée du …, adressée au Secrétaire général
par …", "Carta de fecha … dirigida al Secretario General por …", "Письмо … от … на имя
…", "رسالة مؤرخة … موجهة إلى … من …", "…给秘书长的信"), State names with the article
or case each language puts them in, signature marks and closing formulas.

The people are invented; the States, cities, offices and agenda titles are real. Each
pool is split into a tuning part and a held-out part (``HELD_OUT``): the held-out
letters use States, people and topics the parser was never tuned on.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class StateForms:
    """One State as each language prints it after "of" (English with its article), in
    the form a title needs: French with its article ("la Chine", "l'Azerbaïdjan"),
    Spanish with its article where UN usage has one ("el Brasil"), Russian in the
    genitive, Arabic with its article, Chinese; and its capital in each language."""

    en: str  # canonical (the States table's name)
    en_of: str  # "the Russian Federation"
    fr: str
    es: str
    ru: str
    ar: str
    zh: str
    city: tuple[str, str, str, str, str, str]  # en, fr, es, ru, ar, zh


S = StateForms
STATES: tuple[StateForms, ...] = (
    S("Azerbaijan", "Azerbaijan", "l'Azerbaïdjan", "Azerbaiyán", "Азербайджана", "أذربيجان",
      "阿塞拜疆", ("Baku", "Bakou", "Bakú", "Баку", "باكو", "巴库")),
    S("Russian Federation", "the Russian Federation", "la Fédération de Russie",
      "la Federación de Rusia", "Российской Федерации", "الاتحاد الروسي", "俄罗斯联邦",
      ("Moscow", "Moscou", "Moscú", "Москва", "موسكو", "莫斯科")),
    S("China", "China", "la Chine", "China", "Китая", "الصين", "中国",
      ("Beijing", "Beijing", "Beijing", "Пекин", "بيجين", "北京")),
    S("France", "France", "la France", "Francia", "Франции", "فرنسا", "法国",
      ("Paris", "Paris", "París", "Париж", "باريس", "巴黎")),
    S("Armenia", "Armenia", "l'Arménie", "Armenia", "Армении", "أرمينيا", "亚美尼亚",
      ("Yerevan", "Erevan", "Ereván", "Ереван", "يريفان", "埃里温")),
    S("Egypt", "Egypt", "l'Égypte", "Egipto", "Египта", "مصر", "埃及",
      ("Cairo", "Le Caire", "El Cairo", "Каир", "القاهرة", "开罗")),
    S("Brazil", "Brazil", "le Brésil", "el Brasil", "Бразилии", "البرازيل", "巴西",
      ("Brasilia", "Brasilia", "Brasilia", "Бразилиа", "برازيليا", "巴西利亚")),
    S("United States of America", "the United States of America", "les États-Unis d'Amérique",
      "los Estados Unidos de América", "Соединенных Штатов Америки",
      "الولايات المتحدة الأمريكية", "美利坚合众国",
      ("Washington", "Washington", "Washington", "Вашингтон", "واشنطن", "华盛顿")),
    S("Iran (Islamic Republic of)", "the Islamic Republic of Iran",
      "la République islamique d'Iran", "la República Islámica del Irán",
      "Исламской Республики Иран", "جمهورية إيران الإسلامية", "伊朗伊斯兰共和国",
      ("Tehran", "Téhéran", "Teherán", "Тегеран", "طهران", "德黑兰")),
    S("Syrian Arab Republic", "the Syrian Arab Republic", "la République arabe syrienne",
      "la República Árabe Siria", "Сирийской Арабской Республики",
      "الجمهورية العربية السورية", "阿拉伯叙利亚共和国",
      ("Damascus", "Damas", "Damasco", "Дамаск", "دمشق", "大马士革")),
    S("Ukraine", "Ukraine", "l'Ukraine", "Ucrania", "Украины", "أوكرانيا", "乌克兰",
      ("Kyiv", "Kyïv", "Kyiv", "Киев", "كييف", "基辅")),
    S("Georgia", "Georgia", "la Géorgie", "Georgia", "Грузии", "جورجيا", "格鲁吉亚",
      ("Tbilisi", "Tbilissi", "Tiflis", "Тбилиси", "تبليسي", "第比利斯")),
    S("Kazakhstan", "Kazakhstan", "le Kazakhstan", "Kazajstán", "Казахстана", "كازاخستان",
      "哈萨克斯坦", ("Astana", "Astana", "Astaná", "Астана", "أستانا", "阿斯塔纳")),
    S("Cuba", "Cuba", "Cuba", "Cuba", "Кубы", "كوبا", "古巴",
      ("Havana", "La Havane", "La Habana", "Гавана", "هافانا", "哈瓦那")),
    S("Venezuela (Bolivarian Republic of)", "the Bolivarian Republic of Venezuela",
      "la République bolivarienne du Venezuela", "la República Bolivariana de Venezuela",
      "Боливарианской Республики Венесуэла", "جمهورية فنزويلا البوليفارية",
      "委内瑞拉玻利瓦尔共和国",
      ("Caracas", "Caracas", "Caracas", "Каракас", "كاراكاس", "加拉加斯")),
    S("United Kingdom of Great Britain and Northern Ireland",
      "the United Kingdom of Great Britain and Northern Ireland",
      "le Royaume-Uni de Grande-Bretagne et d'Irlande du Nord",
      "el Reino Unido de Gran Bretaña e Irlanda del Norte",
      "Соединенного Королевства Великобритании и Северной Ирландии",
      "المملكة المتحدة لبريطانيا العظمى وأيرلندا الشمالية", "大不列颠及北爱尔兰联合王国",
      ("London", "Londres", "Londres", "Лондон", "لندن", "伦敦")),
    S("Germany", "Germany", "l'Allemagne", "Alemania", "Германии", "ألمانيا", "德国",
      ("Berlin", "Berlin", "Berlín", "Берлин", "برلين", "柏林")),
    S("Japan", "Japan", "le Japon", "el Japón", "Японии", "اليابان", "日本",
      ("Tokyo", "Tokyo", "Tokio", "Токио", "طوكيو", "东京")),
    S("Qatar", "Qatar", "le Qatar", "Qatar", "Катара", "قطر", "卡塔尔",
      ("Doha", "Doha", "Doha", "Доха", "الدوحة", "多哈")),
    S("Pakistan", "Pakistan", "le Pakistan", "el Pakistán", "Пакистана", "باكستان", "巴基斯坦",
      ("Islamabad", "Islamabad", "Islamabad", "Исламабад", "إسلام أباد", "伊斯兰堡")),
    S("Republic of Moldova", "the Republic of Moldova", "la République de Moldova",
      "la República de Moldova", "Республики Молдова", "جمهورية مولدوفا", "摩尔多瓦共和国",
      ("Chisinau", "Chisinau", "Chisinau", "Кишинев", "كيشيناو", "基希讷乌")),
    S("Belarus", "Belarus", "le Bélarus", "Belarús", "Беларуси", "بيلاروس", "白俄罗斯",
      ("Minsk", "Minsk", "Minsk", "Минск", "مينسك", "明斯克")),
    S("Nicaragua", "Nicaragua", "le Nicaragua", "Nicaragua", "Никарагуа", "نيكاراغوا", "尼加拉瓜",
      ("Managua", "Managua", "Managua", "Манагуа", "ماناغوا", "马那瓜")),
    S("Saudi Arabia", "Saudi Arabia", "l'Arabie saoudite", "la Arabia Saudita",
      "Саудовской Аравии", "المملكة العربية السعودية", "沙特阿拉伯",
      ("Riyadh", "Riyad", "Riad", "Эр-Рияд", "الرياض", "利雅得")),
    # Held out from here (HELD_OUT_STATES).
    S("Türkiye", "Türkiye", "la Türkiye", "Türkiye", "Турции", "تركيا", "土耳其",
      ("Ankara", "Ankara", "Ankara", "Анкара", "أنقرة", "安卡拉")),
    S("Democratic People's Republic of Korea", "the Democratic People's Republic of Korea",
      "la République populaire démocratique de Corée",
      "la República Popular Democrática de Corea",
      "Корейской Народно-Демократической Республики", "جمهورية كوريا الشعبية الديمقراطية",
      "朝鲜民主主义人民共和国",
      ("Pyongyang", "Pyongyang", "Pyongyang", "Пхеньян", "بيونغ يانغ", "平壤")),
    S("Israel", "Israel", "Israël", "Israel", "Израиля", "إسرائيل", "以色列",
      ("Jerusalem", "Jérusalem", "Jerusalén", "Иерусалим", "القدس", "耶路撒冷")),
    S("Lebanon", "Lebanon", "le Liban", "el Líbano", "Ливана", "لبنان", "黎巴嫩",
      ("Beirut", "Beyrouth", "Beirut", "Бейрут", "بيروت", "贝鲁特")),
    S("Morocco", "Morocco", "le Maroc", "Marruecos", "Марокко", "المغرب", "摩洛哥",
      ("Rabat", "Rabat", "Rabat", "Рабат", "الرباط", "拉巴特")),
    S("Serbia", "Serbia", "la Serbie", "Serbia", "Сербии", "صربيا", "塞尔维亚",
      ("Belgrade", "Belgrade", "Belgrado", "Белград", "بلغراد", "贝尔格莱德")),
    S("Ethiopia", "Ethiopia", "l'Éthiopie", "Etiopía", "Эфиопии", "إثيوبيا", "埃塞俄比亚",
      ("Addis Ababa", "Addis-Abeba", "Addis Abeba", "Аддис-Абеба", "أديس أبابا", "亚的斯亚贝巴")),
    S("Indonesia", "Indonesia", "l'Indonésie", "Indonesia", "Индонезии", "إندونيسيا",
      "印度尼西亚", ("Jakarta", "Jakarta", "Yakarta", "Джакарта", "جاكرتا", "雅加达")),
    S("Argentina", "Argentina", "l'Argentine", "la Argentina", "Аргентины", "الأرجنتين", "阿根廷",
      ("Buenos Aires", "Buenos Aires", "Buenos Aires", "Буэнос-Айрес", "بوينس آيرس", "布宜诺斯艾利斯")),
    S("Netherlands", "the Netherlands", "les Pays-Bas", "los Países Bajos", "Нидерландов",
      "هولندا", "荷兰", ("The Hague", "La Haye", "La Haya", "Гаага", "لاهاي", "海牙")),
    S("Viet Nam", "Viet Nam", "le Viet Nam", "Viet Nam", "Вьетнама", "فييت نام", "越南",
      ("Hanoi", "Hanoï", "Hanói", "Ханой", "هانوي", "河内")),
    S("South Africa", "South Africa", "l'Afrique du Sud", "Sudáfrica", "Южной Африки",
      "جنوب أفريقيا", "南非", ("Pretoria", "Pretoria", "Pretoria", "Претория", "بريتوريا", "比勒陀利亚")),
)  # fmt: skip
HELD_OUT_STATES = frozenset(
    {
        "Türkiye", "Democratic People's Republic of Korea", "Israel", "Lebanon", "Morocco",
        "Serbia", "Ethiopia", "Indonesia", "Argentina", "Netherlands", "Viet Nam", "South Africa",
    }
)  # fmt: skip


@dataclasses.dataclass(frozen=True)
class Person:
    """An invented signer, written in each script (French and Spanish print the Latin form)."""

    en: str
    ru: str
    ar: str
    zh: str
    female: bool = False


P = Person
PEOPLE: tuple[Person, ...] = (
    P("Tural Aliyev", "Турал Алиев", "تورال علييف", "图拉尔·阿利耶夫"),
    P("Irina Volkova", "Ирина Волкова", "إيرينا فولكوفا", "伊琳娜·沃尔科娃", True),
    P("Li Wenhua", "Ли Вэньхуа", "لي وينهوا", "李文华"),
    P("Claire Dumont", "Клэр Дюмон", "كلير دومون", "克莱尔·迪蒙", True),
    P("Armen Petrosyan", "Армен Петросян", "أرمين بيتروسيان", "阿尔缅·彼得罗相"),
    P("Ahmed Fathy Hassan", "Ахмед Фатхи Хасан", "أحمد فتحي حسن", "艾哈迈德·法特希·哈桑"),
    P("Mariana Costa Lima", "Мариана Коста Лима", "ماريانا كوستا ليما", "马里亚娜·科斯塔·利马", True),
    P("Daniel Whitmore", "Дэниел Уитмор", "دانيال ويتمور", "丹尼尔·惠特莫尔"),
    P("Reza Karimi", "Реза Карими", "رضا كريمي", "礼萨·卡里米"),
    P("Bassam Haddad", "Бассам Хаддад", "بسام حداد", "巴萨姆·哈达德"),
    P("Olena Kovalenko", "Олена Коваленко", "أولينا كوفالينكو", "奥莲娜·科瓦连科", True),
    P("Giorgi Tsereteli", "Георгий Церетели", "جيورجي تسيريتيلي", "吉奥尔吉·采列捷利"),
    P("Aigerim Nurlanovna", "Айгерим Нурлановна", "آيغريم نورلانوفنا", "艾格里姆·努尔兰诺夫娜", True),
    P("Pedro Álvarez Ruiz", "Педро Альварес Руис", "بيدرو ألفاريس رويس", "佩德罗·阿尔瓦雷斯·鲁伊斯"),
    P("Carmen Rojas Medina", "Кармен Рохас Медина", "كارمن روخاس مدينا", "卡门·罗哈斯·梅迪纳", True),
    P("Hiroshi Tanaka", "Хироси Танака", "هيروشي تاناكا", "田中宏"),
    # Held out from here.
    P("Mehmet Demir", "Мехмет Демир", "محمد دمير", "穆罕默德·德米尔"),
    P("Kim Song Chol", "Ким Сон Чхоль", "كيم سونغ تشول", "金成哲"),
    P("Yael Ben-David", "Яэль Бен-Давид", "يائيل بن دافيد", "亚埃尔·本-大卫", True),
    P("Nadim Khoury", "Надим Хури", "نديم خوري", "纳迪姆·胡里"),
    P("Samira Benali", "Самира Бенали", "سميرة بنعلي", "萨米拉·本阿里", True),
    P("Dragan Marković", "Драган Маркович", "دراغان ماركوفيتش", "德拉甘·马尔科维奇"),
    P("Tsegaye Bekele", "Цэгайе Бекеле", "تسيغاي بيكيلي", "策加耶·贝凯莱"),
    P("Lucía Fernández Paz", "Лусия Фернандес Пас", "لوسيا فرنانديث باث", "露西亚·费尔南德斯·帕斯", True),
)  # fmt: skip
HELD_OUT_PEOPLE = frozenset(p.en for p in PEOPLE[16:])

# Agenda item titles of the General Assembly as its mastheads print them (English only:
# a version's titles are left to the English version).
TOPICS: tuple[str, ...] = (
    "Culture of peace",
    "Prevention of armed conflict",
    "Protracted conflicts in the GUAM area and their implications for international peace, "
    "security and development",
    "The situation in the occupied territories of Azerbaijan",
    "Promotion and protection of human rights",
    "Report of the Security Council",
    "Question of Palestine",
    "The situation in the Middle East",
    "Elimination of racism, racial discrimination, xenophobia and related intolerance",
    "Measures to eliminate international terrorism",
    "General and complete disarmament",
    "Necessity of ending the economic, commercial and financial embargo imposed by the United "
    "States of America against Cuba",
    "The rule of law at the national and international levels",
    "Peacebuilding and sustaining peace",
    "Oceans and the law of the sea",
    "The situation in Afghanistan",
    # Held out from here.
    "Comprehensive review of the whole question of peacekeeping operations in all their aspects",
    "Permanent sovereignty of the Palestinian people in the Occupied Palestinian Territory, "
    "including East Jerusalem, and of the Arab population in the occupied Syrian Golan over "
    "their natural resources",
    "Advancement of women",
    "Implementation of the Declaration on the Granting of Independence to Colonial Countries "
    "and Peoples",
    "Global health and foreign policy",
    "Strengthening of the United Nations system",
)
HELD_OUT_TOPICS = frozenset(TOPICS[16:])

# Groups a letter is sent on behalf of, with the words before them in each language.
GROUPS: tuple[dict[str, str], ...] = (
    {
        "en": "Group of Arab States",
        "fr": "Groupe des États arabes",
        "es": "Grupo de los Estados Árabes",
        "ru": "Группы арабских государств",
        "ar": "مجموعة الدول العربية",
        "zh": "阿拉伯国家集团",
    },
    {
        "en": "Organization of Islamic Cooperation",
        "fr": "Organisation de la coopération islamique",
        "es": "Organización de Cooperación Islámica",
        "ru": "Организации исламского сотрудничества",
        "ar": "منظمة التعاون الإسلامي",
        "zh": "伊斯兰合作组织",
    },
    {
        "en": "Movement of Non-Aligned Countries",
        "fr": "Mouvement des pays non alignés",
        "es": "Movimiento de Países No Alineados",
        "ru": "Движения неприсоединения",
        "ar": "حركة عدم الانحياز",
        "zh": "不结盟运动",
    },
    {
        "en": "Group of Friends of the Secretary-General for Georgia",
        "fr": "Groupe des Amis du Secrétaire général pour la Géorgie",
        "es": "Grupo de Amigos del Secretario General para Georgia",
        "ru": "Группы друзей Генерального секретаря по Грузии",
        "ar": "مجموعة أصدقاء الأمين العام المعنية بجورجيا",
        "zh": "秘书长格鲁吉亚问题之友小组",
    },
    # Held out.
    {
        "en": "Group of 77 and China",
        "fr": "Groupe des 77 et de la Chine",
        "es": "Grupo de los 77 y China",
        "ru": "Группы 77 и Китая",
        "ar": "مجموعة الـ 77 والصين",
        "zh": "77国集团和中国",
    },
    {
        "en": "Gulf Cooperation Council",
        "fr": "Conseil de coopération du Golfe",
        "es": "Consejo de Cooperación del Golfo",
        "ru": "Совета сотрудничества стран Залива",
        "ar": "مجلس التعاون لدول الخليج العربية",
        "zh": "海湾合作委员会",
    },
)
HELD_OUT_GROUPS = frozenset({"Group of 77 and China", "Gulf Cooperation Council"})

# --- Months and ordinals ------------------------------------------------------------------

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "ru": ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"),
    # The United Nations' Arabic prints both month names: "أيار/مايو".
    "ar": ("كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
           "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
           "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر"),
}  # fmt: skip

_EN_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth")  # fmt: skip
_EN_TENS = {4: "Forty", 5: "Fifty", 6: "Sixty", 7: "Seventy", 8: "Eighty"}
_EN_TENTHS = {4: "Fortieth", 5: "Fiftieth", 6: "Sixtieth", 7: "Seventieth", 8: "Eightieth"}


def en_ordinal(n: int) -> str:
    tens, unit = divmod(n, 10)
    return _EN_TENTHS[tens] if unit == 0 else f"{_EN_TENS[tens]}-{_EN_UNITS[unit]}"


_FR_UNIT_ORD = ("", "unième", "deuxième", "troisième", "quatrième", "cinquième", "sixième",
                "septième", "huitième", "neuvième")  # fmt: skip
_FR_TEEN_ORD = ("dixième", "onzième", "douzième", "treizième", "quatorzième", "quinzième",
                "seizième", "dix-septième", "dix-huitième", "dix-neuvième")  # fmt: skip


def fr_ordinal(n: int) -> str:
    tens, unit = divmod(n, 10)
    if n == 80:
        word = "quatre-vingtième"
    elif tens in (4, 5, 6) and unit == 0:
        word = {4: "quarantième", 5: "cinquantième", 6: "soixantième"}[tens]
    elif tens in (7, 8):
        base = "soixante" if tens == 7 else "quatre-vingt"
        teen = _FR_TEEN_ORD[unit]
        word = f"{base} et onzième" if n == 71 else f"{base}-{teen}"
    else:
        base = {4: "quarante", 5: "cinquante", 6: "soixante"}[tens]
        word = f"{base} et unième" if unit == 1 else f"{base}-{_FR_UNIT_ORD[unit]}"
    return word[0].upper() + word[1:]


_ES_TENS = {4: "cuadragésimo", 5: "quincuagésimo", 6: "sexagésimo", 7: "septuagésimo",
            8: "octogésimo"}  # fmt: skip
_ES_UNITS = ("", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto", "séptimo",
             "octavo", "noveno")  # fmt: skip


def es_ordinal(n: int) -> str:
    tens, unit = divmod(n, 10)
    word = _ES_TENS[tens] + (f" {_ES_UNITS[unit]}" if unit else "")
    return word[0].upper() + word[1:]


_RU_TENS = {4: "сорок", 5: "пятьдесят", 6: "шестьдесят", 7: "семьдесят", 8: "восемьдесят"}
_RU_TENTH_STEM = {4: "сороков", 5: "пятидесят", 6: "шестидесят", 7: "семидесят",
                  8: "восьмидесят"}  # fmt: skip
_RU_UNIT_F = ("", "первая", "вторая", "третья", "четвертая", "пятая", "шестая", "седьмая",
              "восьмая", "девятая")  # fmt: skip
_RU_UNIT_M = ("", "первый", "второй", "третий", "четвертый", "пятый", "шестой", "седьмой",
              "восьмой", "девятый")  # fmt: skip


def ru_ordinal(n: int, *, feminine: bool) -> str:
    tens, unit = divmod(n, 10)
    if unit == 0:
        stem = _RU_TENTH_STEM[tens]
        word = stem + ("ая" if feminine else ("ой" if tens == 4 else "ый"))
    else:
        word = f"{_RU_TENS[tens]} {(_RU_UNIT_F if feminine else _RU_UNIT_M)[unit]}"
    return word[0].upper() + word[1:]


_AR_UNIT_F = ("", "الحادية", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة",
              "السابعة", "الثامنة", "التاسعة")  # fmt: skip
_AR_TENS = {4: "الأربعون", 5: "الخمسون", 6: "الستون", 7: "السبعون", 8: "الثمانون"}


def ar_ordinal(n: int) -> str:
    """Feminine, as "الدورة" and "السنة" take it: 75 = "الخامسة والسبعون"."""
    tens, unit = divmod(n, 10)
    return _AR_TENS[tens] if unit == 0 else f"{_AR_UNIT_F[unit]} و{_AR_TENS[tens]}"


_ZH_DIGITS = "〇一二三四五六七八九"


def zh_number(n: int) -> str:
    tens, unit = divmod(n, 10)
    return f"{_ZH_DIGITS[tens]}十{_ZH_DIGITS[unit] if unit else ''}"
