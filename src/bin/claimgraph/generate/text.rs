//! The words of the synthetic world: name parts with their Arabic spelling, label patterns in
//! English, Arabic and French, and the sentence patterns of claims and quotes.
//!
//! Every name is made up (from syllables, or by combining common given names and surnames), so
//! no generated claim can be read as a statement about a real person, group or outlet. Arabic
//! patterns only put organisations, whose Arabic names all start with a feminine noun (جبهة،
//! حركة، قوات، حكومة، وكالة…), in the subject position of a verb, so the feminine verb forms
//! always agree.

/// Syllables of place and group names: Latin spelling and Arabic spelling.
pub const SYLLABLES: &[(&str, &str)] = &[
    ("ta", "تا"),
    ("ka", "كا"),
    ("ma", "ما"),
    ("ba", "با"),
    ("da", "دا"),
    ("ga", "غا"),
    ("la", "لا"),
    ("na", "نا"),
    ("sa", "سا"),
    ("wa", "وا"),
    ("ya", "يا"),
    ("fa", "فا"),
    ("ha", "ها"),
    ("ti", "تي"),
    ("ki", "كي"),
    ("mi", "مي"),
    ("di", "دي"),
    ("ni", "ني"),
    ("si", "سي"),
    ("li", "لي"),
    ("bi", "بي"),
    ("tou", "تو"),
    ("kou", "كو"),
    ("mou", "مو"),
    ("dou", "دو"),
    ("bou", "بو"),
    ("sou", "سو"),
    ("nou", "نو"),
    ("gou", "غو"),
    ("zou", "زو"),
    ("tin", "تين"),
    ("kal", "كال"),
    ("dal", "دال"),
    ("mar", "مار"),
    ("bar", "بار"),
    ("sar", "سار"),
    ("zar", "زار"),
    ("tam", "تام"),
    ("kan", "كان"),
    ("man", "مان"),
    ("ran", "ران"),
    ("sen", "سين"),
    ("ber", "بير"),
    ("gan", "غان"),
    ("dir", "دير"),
    ("kel", "كيل"),
    ("ras", "راس"),
    ("tel", "تيل"),
    ("hom", "هوم"),
    ("dja", "جا"),
    ("ro", "رو"),
    ("fo", "فو"),
    ("lo", "لو"),
    ("rat", "رات"),
    ("ret", "ريت"),
];

/// Given names (male: the Arabic patterns use masculine verbs for persons): display, slug,
/// Arabic.
pub const GIVEN_NAMES: &[(&str, &str, &str)] = &[
    ("Moussa", "moussa", "موسى"),
    ("Ibrahim", "ibrahim", "إبراهيم"),
    ("Amadou", "amadou", "أمادو"),
    ("Oumar", "oumar", "عمر"),
    ("Mohamed", "mohamed", "محمد"),
    ("Abdoulaye", "abdoulaye", "عبد الله"),
    ("Hamadou", "hamadou", "حمادو"),
    ("Issa", "issa", "عيسى"),
    ("Boubacar", "boubacar", "أبو بكر"),
    ("Aliou", "aliou", "عليو"),
    ("Seydou", "seydou", "سيدو"),
    ("Souleymane", "souleymane", "سليمان"),
    ("Youssouf", "youssouf", "يوسف"),
    ("Mahamadou", "mahamadou", "محمدو"),
    ("Ismaël", "ismael", "إسماعيل"),
    ("Sidi", "sidi", "سيدي"),
    ("Alhassane", "alhassane", "الحسن"),
    ("Bilal", "bilal", "بلال"),
    ("Hamza", "hamza", "حمزة"),
    ("Yacouba", "yacouba", "يعقوبا"),
    ("Ousmane", "ousmane", "عثمان"),
    ("Salif", "salif", "ساليف"),
    ("Intalla", "intalla", "إنتالا"),
    ("Almoustapha", "almoustapha", "المصطفى"),
    ("Tiémoko", "tiemoko", "تيموكو"),
    ("Adama", "adama", "آداما"),
];

/// Surnames: display, slug, Arabic.
pub const SURNAMES: &[(&str, &str, &str)] = &[
    ("Traoré", "traore", "تراوري"),
    ("Diarra", "diarra", "ديارا"),
    ("Coulibaly", "coulibaly", "كوليبالي"),
    ("Keïta", "keita", "كيتا"),
    ("Maïga", "maiga", "مايغا"),
    ("Touré", "toure", "توري"),
    ("Cissé", "cisse", "سيسي"),
    ("Sidibé", "sidibe", "سيديبي"),
    ("Diallo", "diallo", "ديالو"),
    ("Sangaré", "sangare", "سانغاري"),
    ("Konaté", "konate", "كوناتي"),
    ("Dicko", "dicko", "ديكو"),
    ("Ag Alla", "ag-alla", "آغ ألا"),
    ("Ould Sidi", "ould-sidi", "ولد سيدي"),
    ("Bâ", "ba", "با"),
    ("Sow", "sow", "سو"),
    ("Kané", "kane", "كاني"),
    ("Djibo", "djibo", "جيبو"),
    ("Hama", "hama", "حما"),
    ("Mahamane", "mahamane", "محمان"),
    ("Ouédraogo", "ouedraogo", "ويدراوغو"),
    ("Sawadogo", "sawadogo", "سوادوغو"),
    ("Zongo", "zongo", "زونغو"),
    ("Issoufou", "issoufou", "إيسوفو"),
    ("Ag Intazoumé", "ag-intazoume", "آغ إنتازومي"),
];

/// A label pattern in English, Arabic and French: `{n}` is the Latin name, `{a}` the Arabic
/// name. The slug pattern gives the IRI's local name from the name's slug `{s}`.
#[derive(Debug, Clone, Copy)]
pub struct Pattern {
    /// English.
    pub en: &'static str,
    /// Arabic.
    pub ar: &'static str,
    /// French.
    pub fr: &'static str,
    /// Local name.
    pub slug: &'static str,
    /// English inside a sentence; empty when it is `en`.
    pub en_text: &'static str,
    /// French inside a sentence; empty when it is `fr`.
    pub fr_text: &'static str,
}

const fn pattern(
    en: &'static str,
    ar: &'static str,
    fr: &'static str,
    slug: &'static str,
) -> Pattern {
    Pattern {
        en,
        ar,
        fr,
        slug,
        en_text: "",
        fr_text: "",
    }
}

impl Pattern {
    /// The forms the name takes inside an English and a French sentence, with their article
    /// ("the Armed Forces of X", "les Forces armées de X").
    const fn in_text(self, en_text: &'static str, fr_text: &'static str) -> Self {
        Pattern {
            en_text,
            fr_text,
            ..self
        }
    }
}

/// Administrative regions, named after their main town.
pub const REGION: Pattern = pattern("{n} Region", "إقليم {a}", "Région de {n}", "{s}-region")
    .in_text("the {n} Region", "la région de {n}");
/// The broadly named north of a country.
pub const NORTH: Pattern = pattern("Northern {n}", "شمال {a}", "Nord de {n}", "northern-{s}");
/// Sites: facilities named after their town.
pub const SITES: &[Pattern] = &[
    pattern(
        "{n} military base",
        "القاعدة العسكرية في {a}",
        "Base militaire de {n}",
        "{s}-military-base",
    )
    .in_text("the {n} military base", "la base militaire de {n}"),
    pattern("{n} airport", "مطار {a}", "Aéroport de {n}", "{s}-airport")
        .in_text("the {n} airport", "l'aéroport de {n}"),
    pattern(
        "{n} checkpoint",
        "نقطة تفتيش {a}",
        "Poste de contrôle de {n}",
        "{s}-checkpoint",
    )
    .in_text("the {n} checkpoint", "le poste de contrôle de {n}"),
    pattern(
        "{n} gold mine",
        "منجم الذهب في {a}",
        "Mine d'or de {n}",
        "{s}-gold-mine",
    )
    .in_text("the {n} gold mine", "la mine d'or de {n}"),
    pattern("{n} market", "سوق {a}", "Marché de {n}", "{s}-market")
        .in_text("the {n} market", "le marché de {n}"),
    pattern(
        "{n} displacement camp",
        "مخيم النازحين في {a}",
        "Camp de déplacés de {n}",
        "{s}-camp",
    )
    .in_text("the {n} displacement camp", "le camp de déplacés de {n}"),
];

/// The government of a country.
pub const GOVERNMENT: Pattern = pattern(
    "Government of {n}",
    "حكومة {a}",
    "Gouvernement de {n}",
    "{s}-government",
)
.in_text("the Government of {n}", "le gouvernement de {n}");
/// Its defence ministry.
pub const MINISTRY: Pattern = pattern(
    "Ministry of Defence of {n}",
    "وزارة الدفاع في {a}",
    "Ministère de la Défense de {n}",
    "{s}-defence-ministry",
)
.in_text(
    "the Ministry of Defence of {n}",
    "le ministère de la Défense de {n}",
);
/// Its army.
pub const ARMY: Pattern = pattern(
    "Armed Forces of {n}",
    "القوات المسلحة في {a}",
    "Forces armées de {n}",
    "{s}-armed-forces",
)
.in_text("the Armed Forces of {n}", "les Forces armées de {n}");
/// Its gendarmerie.
pub const GENDARMERIE: Pattern = pattern(
    "Gendarmerie of {n}",
    "قوات الدرك في {a}",
    "Gendarmerie de {n}",
    "{s}-gendarmerie",
)
.in_text("the Gendarmerie of {n}", "la Gendarmerie de {n}");
/// An alliance of states.
pub const ALLIANCE: Pattern = pattern(
    "League of {n} States",
    "رابطة دول {a}",
    "Ligue des États de {n}",
    "league-of-{s}-states",
)
.in_text("the League of {n} States", "la Ligue des États de {n}");
/// The joint force of the alliance.
pub const JOINT_FORCE: Pattern = pattern(
    "{n} League joint force",
    "القوة المشتركة لرابطة دول {a}",
    "Force conjointe de la Ligue de {n}",
    "{s}-league-joint-force",
)
.in_text(
    "the {n} League joint force",
    "la force conjointe de la Ligue de {n}",
);
/// An intergovernmental organisation.
pub const ORGANISATION: Pattern = pattern(
    "Organisation of {n} States",
    "منظمة دول {a}",
    "Organisation des États de {n}",
    "organisation-of-{s}-states",
)
.in_text(
    "the Organisation of {n} States",
    "l'Organisation des États de {n}",
);
/// A mission of that organisation in a country.
pub const MISSION: Pattern = pattern(
    "Stabilisation Mission in {n}",
    "بعثة تحقيق الاستقرار في {a}",
    "Mission de stabilisation au {n}",
    "{s}-stabilisation-mission",
)
.in_text(
    "the Stabilisation Mission in {n}",
    "la Mission de stabilisation au {n}",
);
/// A foreign power backing a government.
pub const FOREIGN_GOVERNMENT: Pattern = pattern(
    "{n} (government)",
    "حكومة {a}",
    "{n} (gouvernement)",
    "{s}-government",
)
.in_text("the {n} government", "le gouvernement de {n}");
/// A private military company of that power.
pub const PARAMILITARY: &[Pattern] = &[
    pattern(
        "{n} Security Company",
        "شركة {a} الأمنية",
        "Société de sécurité {n}",
        "{s}-security-company",
    )
    .in_text("the {n} Security Company", "la société de sécurité {n}"),
    pattern("{n} Group", "مجموعة {a}", "Groupe {n}", "{s}-group")
        .in_text("the {n} Group", "le groupe {n}"),
];
/// Transnational networks that local groups pledge to.
pub const NETWORK: Pattern = pattern("{n} Network", "شبكة {a}", "Réseau {n}", "{s}-network")
    .in_text("the {n} Network", "le réseau {n}");
/// Armed groups.
pub const ARMED_GROUPS: &[Pattern] = &[
    pattern(
        "{n} Liberation Front",
        "جبهة تحرير {a}",
        "Front de libération de {n}",
        "{s}-liberation-front",
    )
    .in_text("the {n} Liberation Front", "le Front de libération de {n}"),
    pattern(
        "Movement for the Salvation of {n}",
        "حركة إنقاذ {a}",
        "Mouvement pour le salut de {n}",
        "{s}-salvation-movement",
    )
    .in_text(
        "the Movement for the Salvation of {n}",
        "le Mouvement pour le salut de {n}",
    ),
    pattern("Katiba {n}", "كتيبة {a}", "Katiba {n}", "katiba-{s}")
        .in_text("Katiba {n}", "la Katiba {n}"),
    pattern(
        "Ansar {n} Group",
        "جماعة أنصار {a}",
        "Groupe Ansar {n}",
        "ansar-{s}",
    )
    .in_text("the Ansar {n} Group", "le groupe Ansar {n}"),
    pattern(
        "{n} Self-Defence Militia",
        "ميليشيا الدفاع الذاتي في {a}",
        "Milice d'autodéfense de {n}",
        "{s}-self-defence-militia",
    )
    .in_text(
        "the {n} Self-Defence Militia",
        "la milice d'autodéfense de {n}",
    ),
    pattern(
        "{n} Brigades",
        "سرايا {a}",
        "Brigades de {n}",
        "{s}-brigades",
    )
    .in_text("the {n} Brigades", "les Brigades de {n}"),
    pattern(
        "Coordination of {n} Movements",
        "تنسيقية حركات {a}",
        "Coordination des mouvements de {n}",
        "{s}-movements-coordination",
    )
    .in_text(
        "the Coordination of {n} Movements",
        "la Coordination des mouvements de {n}",
    ),
];
/// Media outlets.
pub const MEDIA: &[Pattern] = &[
    pattern(
        "{n} News Agency",
        "وكالة أنباء {a}",
        "Agence de presse {n}",
        "{s}-news-agency",
    )
    .in_text("the {n} News Agency", "l'Agence de presse {n}"),
    pattern("Radio {n}", "إذاعة {a}", "Radio {n}", "radio-{s}"),
    pattern(
        "{n} Daily",
        "صحيفة {a} اليومية",
        "Le Quotidien de {n}",
        "{s}-daily",
    )
    .in_text("the {n} Daily", "le Quotidien de {n}"),
    pattern("{n} TV", "قناة {a}", "Télévision {n}", "{s}-tv"),
    pattern("{n} Online", "منصة {a}", "{n} en ligne", "{s}-online"),
];

/// The collective, unnamed claimants: slug, English, Arabic, French, reliability (0 = A).
pub const COMMUNITIES: &[(&str, &str, &str, &str, u8)] = &[
    (
        "unnamed-analysts",
        "Unnamed analysts",
        "محللون",
        "Analystes non nommés",
        5,
    ),
    (
        "security-sources",
        "Unnamed security sources",
        "مصادر أمنية",
        "Sources sécuritaires non nommées",
        4,
    ),
    (
        "local-residents",
        "Local residents (unnamed)",
        "سكان محليون",
        "Habitants (non nommés)",
        5,
    ),
    (
        "diplomatic-sources",
        "Unnamed diplomatic sources",
        "مصادر دبلوماسية",
        "Sources diplomatiques non nommées",
        5,
    ),
];

/// English month names.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
/// Arabic month names.
pub const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// Replaces each `{key}` of `template` by its value in `values` and appends the result to
/// `out`. Unknown keys are kept as they are (a bug in a pattern shows in the output).
pub fn fill(out: &mut String, template: &str, values: &[(&str, &str)]) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let key = &after[..close];
                match values.iter().find(|(k, _)| *k == key) {
                    Some((_, value)) => out.push_str(value),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
}

/// Upper-cases the first letter (a sentence may start with "the …").
pub fn capitalize_first(text: &mut String) {
    if let Some(first) = text.chars().next()
        && first.is_lowercase()
    {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
}

/// Applies French's compulsory contractions ("de le" → "du", "à les" → "aux").
pub fn contract_french(text: &mut String) {
    for (from, to) in [
        (" de le ", " du "),
        (" de les ", " des "),
        (" à le ", " au "),
        (" à les ", " aux "),
        (" à la région ", " dans la région "),
    ] {
        if text.contains(from) {
            *text = text.replace(from, to);
        }
    }
}

/// Like [`fill`], into a new string.
pub fn filled(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    fill(&mut out, template, values);
    out
}

/// Who a claim pattern attributes the claim to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// The publisher of the claim's earliest source, in its own voice.
    Publisher,
    /// The event's first party (`{a}`).
    A,
    /// The event's second party (`{b}`).
    B,
    /// The organisation of the person in `{b}` (for killings).
    VictimOrg,
    /// The government of the event's country.
    Government,
    /// Unnamed analysts.
    Analysts,
    /// Unnamed security sources.
    Security,
    /// Local residents.
    Residents,
}

/// A claim pattern: English and Arabic sentences with `{a}`, `{b}`, `{p}` (place), `{d}` (date
/// phrase), `{n}` (a number drawn from `numbers`), and its claimant.
#[derive(Debug, Clone, Copy)]
pub struct ClaimPattern {
    /// English sentence.
    pub en: &'static str,
    /// Arabic sentence.
    pub ar: &'static str,
    /// The claimant.
    pub who: Who,
    /// The range of `{n}`.
    pub numbers: (i64, i64),
}

const fn claim(en: &'static str, ar: &'static str, who: Who) -> ClaimPattern {
    ClaimPattern {
        en,
        ar,
        who,
        numbers: (2, 60),
    }
}

const fn counted(
    en: &'static str,
    ar: &'static str,
    who: Who,
    numbers: (i64, i64),
) -> ClaimPattern {
    ClaimPattern {
        en,
        ar,
        who,
        numbers,
    }
}

/// The patterns of one event class, by claim kind.
#[derive(Debug, Clone, Copy)]
pub struct ClaimPatterns {
    /// That the event happened.
    pub occurred: ClaimPattern,
    /// A toll or a figure.
    pub figure: ClaimPattern,
    /// A party's claim of responsibility or gain.
    pub responsibility: ClaimPattern,
    /// An accusation.
    pub allegation: ClaimPattern,
    /// An analyst's forecast.
    pub speculation: ClaimPattern,
    /// Denials of the four kinds above, in the same order.
    pub denials: [ClaimPattern; 4],
}

use Who::{A, Analysts, B, Government, Publisher, Residents, Security, VictimOrg};

/// Attacks.
pub const ATTACK: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "{a} attacked {b} in {p} {d}.",
        "وقع هجوم على {b} في {p} {d}، ونُسب إلى {a}.",
        Publisher,
    ),
    figure: claim(
        "{n} members of {b} were killed in the attack in {p} {d}.",
        "قُتل {n} من عناصر {b} في الهجوم الذي وقع في {p} {d}.",
        Security,
    ),
    responsibility: claim(
        "{a} claimed responsibility for the attack on {b} in {p}.",
        "أعلنت {a} مسؤوليتها عن الهجوم على {b} في {p}.",
        A,
    ),
    allegation: claim(
        "{b} accused {a} of killing civilians during the attack in {p}.",
        "اتهمت {b} {a} بقتل مدنيين خلال الهجوم في {p}.",
        B,
    ),
    speculation: claim(
        "Analysts expect further attacks on {b} around {p} after the attack {d}.",
        "يتوقع محللون مزيدًا من الهجمات على {b} في محيط {p} بعد الهجوم {d}.",
        Analysts,
    ),
    denials: [
        claim(
            "{b} denied that {a} had attacked its positions in {p}.",
            "نفت {b} أن تكون {a} قد هاجمت مواقعها في {p}.",
            B,
        ),
        claim(
            "{b} denied suffering any losses in {p} {d}.",
            "نفت {b} تكبّدها أي خسائر في {p} {d}.",
            B,
        ),
        claim(
            "{b} said the claims by {a} about the attack in {p} were false.",
            "قالت {b} إن ادعاءات {a} بشأن الهجوم في {p} كاذبة.",
            B,
        ),
        claim(
            "{a} rejected accusations of killing civilians in {p}.",
            "رفضت {a} الاتهامات بقتل مدنيين في {p}.",
            A,
        ),
    ],
};

/// Clashes.
pub const CLASH: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "Clashes broke out between {a} and {b} near {p} {d}.",
        "اندلعت اشتباكات بين {a} و{b} قرب {p} {d}.",
        Publisher,
    ),
    figure: claim(
        "At least {n} fighters were killed in the clashes near {p} {d}.",
        "قُتل ما لا يقل عن {n} من المقاتلين في الاشتباكات قرب {p} {d}.",
        Publisher,
    ),
    responsibility: claim(
        "{a} said it had inflicted heavy losses on {b} near {p}.",
        "أعلنت {a} أنها كبّدت {b} خسائر فادحة قرب {p}.",
        A,
    ),
    allegation: claim(
        "{b} accused {a} of using civilians as human shields near {p}.",
        "اتهمت {b} {a} باستخدام المدنيين دروعًا بشرية قرب {p}.",
        B,
    ),
    speculation: claim(
        "The fighting near {p} could spread to neighbouring areas, according to analysts.",
        "قد تمتد المعارك قرب {p} إلى المناطق المجاورة بحسب محللين.",
        Analysts,
    ),
    denials: [
        claim(
            "{b} denied any fighting with {a} near {p}.",
            "نفت {b} وقوع أي اشتباكات مع {a} قرب {p}.",
            B,
        ),
        claim(
            "{b} denied suffering losses in the clashes near {p}.",
            "نفت {b} تكبّدها خسائر في الاشتباكات قرب {p}.",
            B,
        ),
        claim(
            "{b} denied the losses announced by {a} near {p}.",
            "نفت {b} الخسائر التي أعلنتها {a} قرب {p}.",
            B,
        ),
        claim(
            "{a} rejected the accusation of using civilians as human shields.",
            "رفضت {a} اتهامها باستخدام المدنيين دروعًا بشرية.",
            A,
        ),
    ],
};

/// Killings: `{b}` is the person killed.
pub const KILLING: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "{b} was killed in {p} {d}.",
        "قُتل {b} في {p} {d}.",
        Publisher,
    ),
    figure: claim(
        "{b} was killed along with {n} of his bodyguards in {p}.",
        "قُتل {b} ومعه {n} من حراسه في {p}.",
        Security,
    ),
    responsibility: claim(
        "{a} claimed the killing of {b}.",
        "أعلنت {a} مسؤوليتها عن مقتل {b}.",
        A,
    ),
    allegation: claim(
        "The authorities accused {a} of killing {b}.",
        "اتهمت السلطات {a} بقتل {b}.",
        Government,
    ),
    speculation: claim(
        "The killing of {b} is likely to deepen divisions within the leadership.",
        "يُرجَّح أن يعمّق مقتل {b} الانقسامات داخل القيادة.",
        Analysts,
    ),
    denials: [
        claim(
            "{c} denied reports that {b} had been killed.",
            "نفت {c} الأنباء عن مقتل {b}.",
            VictimOrg,
        ),
        claim(
            "{c} said {b} had survived the attack in {p}.",
            "قالت {c} إن {b} نجا من الهجوم في {p}.",
            VictimOrg,
        ),
        claim(
            "{a} denied any role in the killing of {b}.",
            "نفت {a} أي دور لها في مقتل {b}.",
            A,
        ),
        claim(
            "{a} rejected the accusation of killing {b}.",
            "رفضت {a} اتهامها بقتل {b}.",
            A,
        ),
    ],
};

/// Takeovers of territory.
pub const TAKEOVER: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "{a} took control of {p} {d}.",
        "سيطرت {a} على {p} {d}.",
        Publisher,
    ),
    figure: claim(
        "{n} members of {b} were killed or captured when {p} fell.",
        "قُتل أو أُسر {n} من عناصر {b} عند سقوط {p}.",
        Security,
    ),
    responsibility: claim(
        "{a} announced full control of {p}.",
        "أعلنت {a} سيطرتها الكاملة على {p}.",
        A,
    ),
    allegation: claim(
        "{b} accused {a} of looting homes in {p}.",
        "اتهمت {b} {a} بنهب منازل في {p}.",
        B,
    ),
    speculation: claim(
        "The fall of {p} could cut supply routes to the north, analysts say.",
        "يرى محللون أن سقوط {p} قد يقطع طرق الإمداد نحو الشمال.",
        Analysts,
    ),
    denials: [
        claim(
            "{b} denied losing control of {p}.",
            "نفت {b} فقدان السيطرة على {p}.",
            B,
        ),
        claim(
            "{b} denied that its soldiers had been captured in {p}.",
            "نفت {b} أسر أي من جنودها في {p}.",
            B,
        ),
        claim(
            "{b} said it still held its positions in {p}.",
            "أكدت {b} أنها لا تزال تسيطر على مواقعها في {p}.",
            B,
        ),
        claim(
            "{a} denied looting in {p}.",
            "نفت {a} قيام عناصرها بأعمال نهب في {p}.",
            A,
        ),
    ],
};

/// Coups: `{a}` is the army, `{b}` the government.
pub const COUP: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "Soldiers attempted to seize power in {p} {d}.",
        "حاول عسكريون الاستيلاء على السلطة في {p} {d}.",
        Publisher,
    ),
    figure: claim(
        "At least {n} people were killed during the coup attempt in {p}.",
        "قُتل {n} شخصًا على الأقل خلال محاولة الانقلاب في {p}.",
        Security,
    )
    .with_numbers((11, 40)),
    responsibility: claim(
        "{b} said it had foiled a coup attempt in {p}.",
        "أعلنت {b} إحباط محاولة انقلابية في {p}.",
        B,
    ),
    allegation: claim(
        "{b} accused officers of {a} of plotting the coup.",
        "اتهمت {b} ضباطًا في {a} بالتخطيط للانقلاب.",
        B,
    ),
    speculation: claim(
        "The coup attempt in {p} could trigger new unrest in the region.",
        "قد تؤدي محاولة الانقلاب في {p} إلى اضطرابات جديدة في المنطقة.",
        Analysts,
    ),
    denials: [
        claim(
            "{b} denied that any coup attempt had taken place in {p}.",
            "نفت {b} وقوع أي محاولة انقلابية في {p}.",
            B,
        ),
        claim(
            "{b} denied that anyone had been killed in {p}.",
            "نفت {b} سقوط أي قتلى في {p}.",
            B,
        ),
        claim(
            "{a} denied any involvement in the coup attempt.",
            "نفت {a} أي تورط في محاولة الانقلاب.",
            A,
        ),
        claim(
            "{a} rejected the accusation of plotting the coup.",
            "رفضت {a} اتهامها بالتخطيط للانقلاب.",
            A,
        ),
    ],
};

/// Withdrawals: `{a}` withdraws, `{b}` is the host government.
pub const WITHDRAWAL: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "{a} withdrew from {p} {d}.",
        "انسحبت {a} من {p} {d}.",
        Publisher,
    ),
    figure: claim(
        "{n} vehicles of {a} were destroyed during the withdrawal from {p}.",
        "دُمّرت {n} من آليات {a} خلال الانسحاب من {p}.",
        Security,
    ),
    responsibility: claim(
        "{a} announced the end of its operations in {p}.",
        "أعلنت {a} انتهاء عملياتها في {p}.",
        A,
    ),
    allegation: claim(
        "{b} accused {a} of abandoning its allies in {p}.",
        "اتهمت {b} {a} بالتخلي عن حلفائها في {p}.",
        B,
    ),
    speculation: claim(
        "The withdrawal of {a} from {p} is likely to leave a security vacuum.",
        "يُرجَّح أن يخلّف انسحاب {a} من {p} فراغًا أمنيًا.",
        Analysts,
    ),
    denials: [
        claim(
            "{a} denied withdrawing from {p}.",
            "نفت {a} انسحابها من {p}.",
            A,
        ),
        claim(
            "{a} denied losing any equipment in {p}.",
            "نفت {a} خسارة أي معدات في {p}.",
            A,
        ),
        claim(
            "{b} said {a} had not completed its withdrawal from {p}.",
            "قالت {b} إن {a} لم تستكمل انسحابها من {p}.",
            B,
        ),
        claim(
            "{a} rejected the accusation of abandoning its allies.",
            "رفضت {a} اتهامها بالتخلي عن حلفائها.",
            A,
        ),
    ],
};

/// Deployments: `{a}` deploys, `{b}` is the host government.
pub const DEPLOYMENT: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "{a} deployed troops to {p} {d}.",
        "نشرت {a} قوات في {p} {d}.",
        Publisher,
    ),
    figure: counted(
        "About {n}00 troops of {a} arrived in {p}.",
        "وصل نحو {n}00 جندي من {a} إلى {p}.",
        Publisher,
        (1, 9),
    ),
    responsibility: claim(
        "{a} announced a new operation in {p}.",
        "أعلنت {a} إطلاق عملية جديدة في {p}.",
        A,
    ),
    allegation: claim(
        "Residents accused {a} of abuses against civilians in {p}.",
        "اتهم سكان محليون {a} بارتكاب انتهاكات بحق المدنيين في {p}.",
        Residents,
    ),
    speculation: claim(
        "The deployment of {a} to {p} is unlikely to stop the attacks, analysts say.",
        "يرى محللون أن انتشار {a} في {p} لن يوقف الهجمات على الأرجح.",
        Analysts,
    ),
    denials: [
        claim(
            "{b} denied that foreign troops had been deployed to {p}.",
            "نفت {b} نشر قوات أجنبية في {p}.",
            B,
        ),
        claim(
            "{a} denied sending reinforcements to {p}.",
            "نفت {a} إرسال تعزيزات إلى {p}.",
            A,
        ),
        claim(
            "{b} denied that a new operation had begun in {p}.",
            "نفت {b} بدء أي عملية جديدة في {p}.",
            B,
        ),
        claim(
            "{a} denied any abuses against civilians in {p}.",
            "نفت {a} ارتكاب أي انتهاكات بحق المدنيين في {p}.",
            A,
        ),
    ],
};

/// Alliances and joint forces: `{a}` and `{b}` are the partners.
pub const ALLIANCE_FORMATION: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "{a} and {b} announced a joint force {d}.",
        "أعلنت {a} و{b} تشكيل قوة مشتركة {d}.",
        Publisher,
    ),
    figure: counted(
        "The joint force of {a} and {b} will number about {n},000 troops.",
        "ستضم القوة المشتركة بين {a} و{b} نحو {n} آلاف جندي.",
        Publisher,
        (3, 9),
    ),
    responsibility: claim(
        "{a} said the joint force would be based in {p}.",
        "قالت {a} إن مقر القوة المشتركة سيكون في {p}.",
        A,
    ),
    allegation: claim(
        "{b} accused {a} of delaying the joint force.",
        "اتهمت {b} {a} بتأخير تشكيل القوة المشتركة.",
        B,
    ),
    speculation: claim(
        "The joint force of {a} and {b} will struggle to secure {p}, analysts say.",
        "يرى محللون أن القوة المشتركة بين {a} و{b} ستواجه صعوبة في تأمين {p}.",
        Analysts,
    ),
    denials: [
        claim(
            "{b} denied joining a joint force with {a}.",
            "نفت {b} انضمامها إلى قوة مشتركة مع {a}.",
            B,
        ),
        claim(
            "{b} denied the reported size of the joint force.",
            "نفت {b} صحة الأرقام المتداولة عن حجم القوة المشتركة.",
            B,
        ),
        claim(
            "{b} said no decision had been taken on where the joint force would be based.",
            "قالت {b} إنه لم يُتخذ أي قرار بشأن مقر القوة المشتركة.",
            B,
        ),
        claim(
            "{a} rejected the accusation of delaying the joint force.",
            "رفضت {a} اتهامها بتأخير تشكيل القوة المشتركة.",
            A,
        ),
    ],
};

/// Foundings: `{a}` is the new group, `{b}` the government of the country.
pub const FOUNDING: ClaimPatterns = ClaimPatterns {
    occurred: claim(
        "{a} was founded in {p} {d}.",
        "تأسست {a} في {p} {d}.",
        Publisher,
    ),
    figure: counted(
        "{a} was formed by a merger of {n} armed factions.",
        "تشكلت {a} من اندماج {n} فصائل مسلحة.",
        Publisher,
        (3, 9),
    ),
    responsibility: claim(
        "{a} announced its founding in a video statement.",
        "أعلنت {a} تأسيسها في بيان مصوّر.",
        A,
    ),
    allegation: claim(
        "{b} accused {a} of links with foreign jihadist networks.",
        "اتهمت {b} {a} بالارتباط بشبكات جهادية أجنبية.",
        B,
    ),
    speculation: claim(
        "The founding of {a} could reshape the armed landscape around {p}.",
        "قد يعيد تأسيس {a} رسم خريطة الجماعات المسلحة في محيط {p}.",
        Analysts,
    ),
    denials: [
        claim(
            "{b} said {a} was not a new group but a renamed faction.",
            "قالت {b} إن {a} ليست جماعة جديدة بل فصيل غيّر اسمه.",
            B,
        ),
        claim(
            "{a} denied that it had merged with other factions.",
            "نفت {a} اندماجها مع فصائل أخرى.",
            A,
        ),
        claim(
            "{b} said the statement attributed to {a} was fabricated.",
            "قالت {b} إن البيان المنسوب إلى {a} مفبرك.",
            B,
        ),
        claim(
            "{a} denied any links with foreign jihadist networks.",
            "نفت {a} أي صلة لها بشبكات جهادية أجنبية.",
            A,
        ),
    ],
};

impl ClaimPattern {
    const fn with_numbers(self, numbers: (i64, i64)) -> Self {
        ClaimPattern { numbers, ..self }
    }
}

/// Event labels by class (in the order of [`super::timeline::EventClass`]): `{a}` and `{b}`
/// are the parties, `{p}` the place.
pub const EVENT_LABELS: [Pattern; 9] = [
    pattern(
        "Attack on {b} in {p}",
        "الهجوم على {b} في {p}",
        "Attaque contre {b} à {p}",
        "",
    ),
    pattern(
        "Killing of {b} in {p}",
        "مقتل {b} في {p}",
        "Mort de {b} à {p}",
        "",
    ),
    pattern(
        "{a} takes {p}",
        "سيطرة {a} على {p}",
        "Prise de {p} par {a}",
        "",
    ),
    pattern(
        "Clashes between {a} and {b} near {p}",
        "اشتباكات بين {a} و{b} قرب {p}",
        "Affrontements entre {a} et {b} près de {p}",
        "",
    ),
    pattern(
        "Coup attempt in {p}",
        "محاولة انقلاب في {p}",
        "Tentative de coup d'État à {p}",
        "",
    ),
    pattern(
        "Withdrawal of {a} from {p}",
        "انسحاب {a} من {p}",
        "Retrait de {a} de {p}",
        "",
    ),
    pattern(
        "{a} and {b} announce a joint force",
        "إعلان {a} و{b} تشكيل قوة مشتركة",
        "{a} et {b} annoncent une force conjointe",
        "",
    ),
    pattern("Founding of {a}", "تأسيس {a}", "Fondation de {a}", ""),
    pattern(
        "Deployment of {a} to {p}",
        "انتشار {a} في {p}",
        "Déploiement de {a} à {p}",
        "",
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_start_with_a_capital_and_french_contracts() {
        let mut s = "the Armed Forces of X took it".to_owned();
        capitalize_first(&mut s);
        assert_eq!(s, "The Armed Forces of X took it");
        let mut s = "le Front de X et les Brigades".to_owned();
        s.insert_str(0, "Retrait de ");
        s.push_str(" de le Front");
        contract_french(&mut s);
        assert_eq!(s, "Retrait du Front de X et les Brigades du Front");
    }

    #[test]
    fn fill_replaces_known_keys_only() {
        assert_eq!(
            filled("{a} took {p}, {x}.", &[("a", "X"), ("p", "Y")]),
            "X took Y, {x}."
        );
        assert_eq!(filled("no keys {", &[]), "no keys {");
    }

    #[test]
    fn slugs_are_plain_local_names() {
        for (latin, _) in SYLLABLES {
            assert!(latin.bytes().all(|b| b.is_ascii_lowercase()));
        }
        for (_, slug, _) in GIVEN_NAMES.iter().chain(SURNAMES) {
            assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'));
        }
    }
}
