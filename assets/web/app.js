// claimgraph's web page: one script, no framework, nothing fetched but this server's own API.
//
// Views are hash routes (#/claims, #/claim/NAME, #/timeline, #/map, #/query) so that every
// state can be linked to and reloaded. The claim table reads GET /api/claims (the same rows as
// `claimgraph claims --format json`, paged by the server: the browser never holds more than
// one page); everything else is SPARQL sent to POST /sparql.
//
// Text from the knowledge base is inserted as text nodes, never as HTML.
// When a view has drawn what it loaded it sets data-ready on <main> to the hash it drew, which
// is what the browser tests wait for.
'use strict';

(() => {
  // ---------------------------------------------------------------------------------------
  // Namespaces: the store's default prefixes (src/vocab.rs PREFIXES), in the same order, so
  // that IRIs are shortened the way the CLI shortens them.
  const NS = [
    ['cg', 'https://w3id.org/claimgraph/ontology#'],
    ['id', 'https://w3id.org/claimgraph/id/'],
    ['prov', 'http://www.w3.org/ns/prov#'],
    ['rdf', 'http://www.w3.org/1999/02/22-rdf-syntax-ns#'],
    ['rdfs', 'http://www.w3.org/2000/01/rdf-schema#'],
    ['owl', 'http://www.w3.org/2002/07/owl#'],
    ['xsd', 'http://www.w3.org/2001/XMLSchema#'],
    ['skos', 'http://www.w3.org/2004/02/skos/core#'],
    ['schema', 'https://schema.org/'],
    ['dcterms', 'http://purl.org/dc/terms/'],
    ['oa', 'http://www.w3.org/ns/oa#'],
    ['geo', 'http://www.opengis.net/ont/geosparql#'],
    ['sh', 'http://www.w3.org/ns/shacl#'],
  ];
  const NS_MAP = new Map(NS);
  const CG = NS_MAP.get('cg');
  const ID = NS_MAP.get('id');
  const XSD = NS_MAP.get('xsd');
  // The server predeclares these; declaring them again costs nothing and keeps the queries
  // valid on any SPARQL endpoint.
  const PREFIX_BLOCK = NS.map(([p, iri]) => `PREFIX ${p}: <${iri}>`).join('\n') + '\n';

  const JSON_RESULTS = 'application/sparql-results+json';
  const PAGE_SIZE = 50;
  // The order of cg:ClaimStatusScheme's top concepts, for the status filter.
  const STATUS_ORDER = ['confirmed', 'reported', 'claimed', 'alleged', 'disputed', 'speculative', 'refuted', 'retracted'];
  const ARABIC_SCRIPT = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]/;
  const RTL_LANGS = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'yi', 'ckb', 'dv']);
  const LANGS = ['en', 'ar', 'fr'];
  const LANG_KEY = 'claimgraph.lang';

  // ---------------------------------------------------------------------------------------
  // Interface strings. Labels of the data (statuses, actors, events…) come from the knowledge
  // base itself, in the chosen language with English as the fallback.
  const STRINGS = {
    en: {
      'nav.claims': 'Claims', 'nav.timeline': 'Timeline', 'nav.map': 'Map', 'nav.query': 'Query',
      'lang.label': 'Language',
      'footer.kb': 'Sourced, graded claims. Data: the claimgraph knowledge base.',
      'footer.map': 'Map outlines: Natural Earth (public domain).',
      'lang.en': 'English', 'lang.ar': 'Arabic', 'lang.fr': 'French',
      'loading': 'Loading…', 'none': 'none', 'error': 'Error',
      'claims.title': 'Claims',
      'f.legend': 'Filters',
      'f.unconfirmed': 'Unconfirmed', 'f.contested': 'Contested', 'f.single-source': 'Single source',
      'f.single-origin': 'Single origin',
      'f.unconfirmed.hint': 'Status in cg:Unconfirmed: neither established nor settled as false',
      'f.contested.hint': 'Contradicted by another claim',
      'f.single-source.hint': 'Derived from one source document only',
      'f.single-origin.hint': 'Resting on one origin, however many outlets repeat it',
      'f.status': 'Status', 'f.anyStatus': 'any status', 'f.unconfirmedGroup': 'unconfirmed', 'f.settledGroup': 'settled',
      'f.claimant': 'Claimant', 'f.about': 'About', 'f.search': 'Text', 'f.as-of': 'As of',
      'f.changed-since': 'Status changed after', 'f.order': 'Order',
      'f.search.placeholder': 'words in the statement',
      'order.oldest': 'oldest first', 'order.newest': 'newest first',
      'f.apply': 'Apply', 'f.reset': 'Reset',
      'col.date': 'First reported', 'col.statement': 'Statement', 'col.status': 'Status',
      'col.claimants': 'Claimants', 'col.sources': 'Sources', 'col.credibility': 'Credibility',
      'col.origins': 'Independent origins',
      'paging.rows': 'Rows {from}–{to} of {total}', 'paging.none': 'No claim matches these filters ({total}).',
      'paging.first': 'First', 'paging.prev': 'Previous', 'paging.next': 'Next', 'paging.last': 'Last',
      'claims.drawn': 'drawn in {ms} ms',
      'tag.denies': 'denial', 'tag.contested': 'contested',
      'claim.back': 'All claims', 'claim.statements': 'Statements', 'claim.quote': 'Evidence quote',
      'claim.quoteLang': 'original language: {lang}', 'claim.quoteSource': 'in {source}',
      'claim.sources': 'Sources', 'claim.claimants': 'Claimants', 'claim.credibility': 'Credibility',
      'claim.origins': 'Origins', 'claim.independent': 'Independent origins: {n}', 'list.sep': ', ',
      'claim.history': 'Status history', 'claim.contradicts': 'Contradicting claims', 'claim.about': 'About',
      'claim.notes': 'Editors’ notes', 'claim.current': 'current', 'claim.by': 'by {agent}',
      'claim.recorded': 'recorded {when}', 'claim.status': 'Status', 'claim.stance': 'Stance',
      'claim.firstReported': 'First reported', 'claim.notFound': 'There is no claim {name} in the knowledge base.',
      'claim.entity': 'Every triple about this claim', 'claim.reliability': 'reliability {grade}',
      'claim.publisher': 'Publisher', 'claim.link': 'link', 'claim.origBy': 'from {who}',
      'claim.originsNone': 'No origin recorded: each source counts as one.', 'claim.claimsAbout': 'claims',
      'timeline.title': 'Timeline of events',
      'timeline.intro': 'A date is drawn at the precision the sources give: a year as the whole year, a month as the whole month, a day as a day.',
      'precision.year': 'year', 'precision.month': 'month', 'precision.day': 'day', 'precision.other': 'date',
      'timeline.claims': '{n} claims about it', 'timeline.claims.one': '1 claim about it',
      'timeline.empty': 'No dated event in the knowledge base.',
      'timeline.at': 'at {places}',
      'map.title': 'Map', 'map.intro': 'Places with coordinates (geo:asWKT). Hollow rings are representative points of countries and regions, not boundaries.',
      'map.inset': 'detail', 'map.places': 'Places', 'map.events': 'Events here', 'map.claims': '{n} claims', 'map.claims.one': '1 claim',
      'map.empty': 'No place has coordinates.', 'map.outlinesMissing': 'Country outlines could not be loaded.',
      'query.title': 'Queries', 'query.named': 'Named queries', 'query.run': 'Run', 'query.adhoc': 'SPARQL',
      'query.adhocHint': 'The default prefixes (cg:, id:, prov:, skos:, schema:, oa:, geo:, xsd:, rdfs: …) are declared; the default graph is the union of all graphs. Ctrl+Enter runs.',
      'query.results': 'Results', 'query.rows': '{n} rows', 'query.rows.one': '1 row', 'query.csv': 'Download CSV', 'query.json': 'Download JSON',
      'query.boolean': 'Answer: {value}', 'query.running': 'Running…', 'query.noParams': 'No parameters.',
      'query.params': 'Parameters', 'query.ms': '{ms} ms', 'query.graph': 'Triples',
    },
    ar: {
      'nav.claims': 'الادعاءات', 'nav.timeline': 'التسلسل الزمني', 'nav.map': 'الخريطة', 'nav.query': 'الاستعلام',
      'lang.label': 'اللغة',
      'footer.kb': 'ادعاءات موثَّقة المصادر ومصنَّفة. البيانات: قاعدة معرفة claimgraph.',
      'footer.map': 'حدود الدول: Natural Earth (ملكية عامة).',
      'lang.en': 'الإنجليزية', 'lang.ar': 'العربية', 'lang.fr': 'الفرنسية',
      'loading': 'جارٍ التحميل…', 'none': 'لا شيء', 'error': 'خطأ',
      'claims.title': 'الادعاءات',
      'f.legend': 'عوامل التصفية',
      'f.unconfirmed': 'غير مؤكَّدة', 'f.contested': 'متعارضة', 'f.single-source': 'مصدر واحد',
      'f.single-origin': 'أصل واحد',
      'f.unconfirmed.hint': 'حالتها ضمن cg:Unconfirmed: لم تثبت ولم يثبت بطلانها',
      'f.contested.hint': 'يناقضها ادعاء آخر',
      'f.single-source.hint': 'مستمدة من وثيقة مصدر واحدة فقط',
      'f.single-origin.hint': 'تستند إلى أصل واحد مهما تعددت الوسائل التي تكررها',
      'f.status': 'الحالة', 'f.anyStatus': 'أي حالة', 'f.unconfirmedGroup': 'غير مؤكَّدة', 'f.settledGroup': 'محسومة',
      'f.claimant': 'صاحب الادعاء', 'f.about': 'يتعلق بـ', 'f.search': 'نص', 'f.as-of': 'حتى تاريخ',
      'f.changed-since': 'تغيّرت حالتها بعد', 'f.order': 'الترتيب',
      'f.search.placeholder': 'كلمات من نص الادعاء',
      'order.oldest': 'الأقدم أولاً', 'order.newest': 'الأحدث أولاً',
      'f.apply': 'تطبيق', 'f.reset': 'إعادة ضبط',
      'col.date': 'أول إبلاغ', 'col.statement': 'نص الادعاء', 'col.status': 'الحالة',
      'col.claimants': 'أصحاب الادعاء', 'col.sources': 'المصادر', 'col.credibility': 'المصداقية',
      'col.origins': 'أصول مستقلة',
      'paging.rows': 'الصفوف {from}–{to} من {total}', 'paging.none': 'لا يطابق أي ادعاء عوامل التصفية هذه ({total}).',
      'paging.first': 'الأولى', 'paging.prev': 'السابقة', 'paging.next': 'التالية', 'paging.last': 'الأخيرة',
      'claims.drawn': 'عُرض في {ms} م.ث',
      'tag.denies': 'نفي', 'tag.contested': 'متعارض',
      'claim.back': 'كل الادعاءات', 'claim.statements': 'نص الادعاء', 'claim.quote': 'الاقتباس الدال',
      'claim.quoteLang': 'اللغة الأصلية: {lang}', 'claim.quoteSource': 'في {source}',
      'claim.sources': 'المصادر', 'claim.claimants': 'أصحاب الادعاء', 'claim.credibility': 'المصداقية',
      'claim.origins': 'أصول المعلومة', 'claim.independent': 'أصول مستقلة: {n}', 'list.sep': '، ',
      'claim.history': 'تاريخ الحالة', 'claim.contradicts': 'ادعاءات مناقضة', 'claim.about': 'يتعلق بـ',
      'claim.notes': 'ملاحظات المحررين', 'claim.current': 'الحالية', 'claim.by': 'بقرار {agent}',
      'claim.recorded': 'سُجِّل في {when}', 'claim.status': 'الحالة', 'claim.stance': 'الموقف',
      'claim.firstReported': 'أول إبلاغ', 'claim.notFound': 'لا يوجد ادعاء {name} في قاعدة المعرفة.',
      'claim.entity': 'كل الثلاثيات المتعلقة بهذا الادعاء', 'claim.reliability': 'الموثوقية {grade}',
      'claim.publisher': 'الناشر', 'claim.link': 'رابط', 'claim.origBy': 'من {who}',
      'claim.originsNone': 'لم يُسجَّل أصل: يُحتسب كل مصدر أصلاً.', 'claim.claimsAbout': 'ادعاءات',
      'timeline.title': 'التسلسل الزمني للأحداث',
      'timeline.intro': 'يُرسم كل تاريخ بالدقة التي تذكرها المصادر: السنة كاملةً، والشهر كاملاً، واليوم يوماً.',
      'precision.year': 'سنة', 'precision.month': 'شهر', 'precision.day': 'يوم', 'precision.other': 'تاريخ',
      'timeline.claims': 'ادعاءات بشأنه: {n}', 'timeline.empty': 'لا توجد أحداث مؤرَّخة في قاعدة المعرفة.',
      'timeline.at': 'في {places}',
      'map.title': 'الخريطة', 'map.intro': 'الأماكن ذات الإحداثيات (geo:asWKT). الحلقات المفرغة نقاط تمثيلية للدول والمناطق وليست حدوداً.',
      'map.inset': 'تفصيل', 'map.places': 'الأماكن', 'map.events': 'أحداث في هذا المكان', 'map.claims': 'ادعاءات: {n}',
      'map.empty': 'لا يوجد مكان ذو إحداثيات.', 'map.outlinesMissing': 'تعذّر تحميل حدود الدول.',
      'query.title': 'الاستعلامات', 'query.named': 'استعلامات جاهزة', 'query.run': 'تشغيل', 'query.adhoc': 'SPARQL',
      'query.adhocHint': 'البادئات الافتراضية (cg: و id: و prov: و skos: و schema: …) معرَّفة مسبقاً؛ والرسم البياني الافتراضي هو اتحاد كل الرسوم. Ctrl+Enter للتشغيل.',
      'query.results': 'النتائج', 'query.rows': 'عدد الصفوف: {n}', 'query.csv': 'تنزيل CSV', 'query.json': 'تنزيل JSON',
      'query.boolean': 'الجواب: {value}', 'query.running': 'جارٍ التشغيل…', 'query.noParams': 'لا معاملات.',
      'query.params': 'المعاملات', 'query.ms': '{ms} م.ث', 'query.graph': 'ثلاثيات',
    },
    fr: {
      'nav.claims': 'Affirmations', 'nav.timeline': 'Chronologie', 'nav.map': 'Carte', 'nav.query': 'Requêtes',
      'lang.label': 'Langue',
      'footer.kb': 'Affirmations sourcées et évaluées. Données : la base de connaissances claimgraph.',
      'footer.map': 'Frontières : Natural Earth (domaine public).',
      'lang.en': 'anglais', 'lang.ar': 'arabe', 'lang.fr': 'français',
      'loading': 'Chargement…', 'none': 'aucun', 'error': 'Erreur',
      'claims.title': 'Affirmations',
      'f.legend': 'Filtres',
      'f.unconfirmed': 'Non confirmées', 'f.contested': 'Contestées', 'f.single-source': 'Source unique',
      'f.single-origin': 'Origine unique',
      'f.unconfirmed.hint': 'Statut dans cg:Unconfirmed : ni établi ni réfuté',
      'f.contested.hint': 'Contredite par une autre affirmation',
      'f.single-source.hint': 'Tirée d’un seul document source',
      'f.single-origin.hint': 'Reposant sur une seule origine, quel que soit le nombre de médias qui la reprennent',
      'f.status': 'Statut', 'f.anyStatus': 'tout statut', 'f.unconfirmedGroup': 'non confirmés', 'f.settledGroup': 'tranchés',
      'f.claimant': 'Auteur', 'f.about': 'Concerne', 'f.search': 'Texte', 'f.as-of': 'À la date du',
      'f.changed-since': 'Statut modifié après le', 'f.order': 'Ordre',
      'f.search.placeholder': 'mots de l’énoncé',
      'order.oldest': 'les plus anciennes d’abord', 'order.newest': 'les plus récentes d’abord',
      'f.apply': 'Appliquer', 'f.reset': 'Réinitialiser',
      'col.date': 'Premier signalement', 'col.statement': 'Énoncé', 'col.status': 'Statut',
      'col.claimants': 'Auteurs', 'col.sources': 'Sources', 'col.credibility': 'Crédibilité',
      'col.origins': 'Origines indépendantes',
      'paging.rows': 'Lignes {from}–{to} sur {total}', 'paging.none': 'Aucune affirmation ne correspond à ces filtres ({total}).',
      'paging.first': 'Première', 'paging.prev': 'Précédente', 'paging.next': 'Suivante', 'paging.last': 'Dernière',
      'claims.drawn': 'affiché en {ms} ms',
      'tag.denies': 'démenti', 'tag.contested': 'contestée',
      'claim.back': 'Toutes les affirmations', 'claim.statements': 'Énoncés', 'claim.quote': 'Citation',
      'claim.quoteLang': 'langue d’origine : {lang}', 'claim.quoteSource': 'dans {source}',
      'claim.sources': 'Sources', 'claim.claimants': 'Auteurs', 'claim.credibility': 'Crédibilité',
      'claim.origins': 'Origines', 'claim.independent': 'Origines indépendantes : {n}',
      'claim.history': 'Historique du statut', 'claim.contradicts': 'Affirmations contradictoires', 'claim.about': 'Concerne',
      'claim.notes': 'Notes des éditeurs', 'claim.current': 'actuel', 'claim.by': 'par {agent}',
      'claim.recorded': 'enregistré le {when}', 'claim.status': 'Statut', 'claim.stance': 'Position',
      'claim.firstReported': 'Premier signalement', 'claim.notFound': 'Aucune affirmation {name} dans la base.',
      'claim.entity': 'Tous les triplets sur cette affirmation', 'claim.reliability': 'fiabilité {grade}',
      'claim.publisher': 'Éditeur', 'claim.link': 'lien', 'claim.origBy': 'de {who}',
      'claim.originsNone': 'Aucune origine enregistrée : chaque source compte pour une.', 'claim.claimsAbout': 'affirmations',
      'timeline.title': 'Chronologie des événements',
      'timeline.intro': 'Chaque date est dessinée à la précision donnée par les sources : une année sur toute l’année, un mois sur tout le mois, un jour comme un jour.',
      'precision.year': 'année', 'precision.month': 'mois', 'precision.day': 'jour', 'precision.other': 'date',
      'timeline.claims': '{n} affirmations', 'timeline.claims.one': '1 affirmation', 'timeline.empty': 'Aucun événement daté dans la base.',
      'timeline.at': 'à {places}',
      'map.title': 'Carte', 'map.intro': 'Lieux dotés de coordonnées (geo:asWKT). Les cercles creux sont des points représentatifs de pays et de régions, pas des frontières.',
      'map.inset': 'détail', 'map.places': 'Lieux', 'map.events': 'Événements en ce lieu', 'map.claims': '{n} affirmations', 'map.claims.one': '1 affirmation',
      'map.empty': 'Aucun lieu n’a de coordonnées.', 'map.outlinesMissing': 'Les frontières n’ont pas pu être chargées.',
      'query.title': 'Requêtes', 'query.named': 'Requêtes nommées', 'query.run': 'Exécuter', 'query.adhoc': 'SPARQL',
      'query.adhocHint': 'Les préfixes par défaut (cg:, id:, prov:, skos:, schema:, oa:, geo:, xsd:, rdfs: …) sont déclarés ; le graphe par défaut est l’union de tous les graphes. Ctrl+Entrée exécute.',
      'query.results': 'Résultats', 'query.rows': '{n} lignes', 'query.rows.one': '1 ligne', 'query.csv': 'Télécharger CSV', 'query.json': 'Télécharger JSON',
      'query.boolean': 'Réponse : {value}', 'query.running': 'Exécution…', 'query.noParams': 'Aucun paramètre.',
      'query.params': 'Paramètres', 'query.ms': '{ms} ms', 'query.graph': 'Triplets',
    },
  };

  let lang = readLang();

  function readLang() {
    try {
      const stored = localStorage.getItem(LANG_KEY);
      if (LANGS.includes(stored)) return stored;
    } catch (_) { /* storage may be disabled: fall through */ }
    return 'en';
  }

  function t(key, vars) {
    // A count of one takes the '.one' form where the language has one ("1 row").
    if (vars && Number(vars.n) === 1 && ((STRINGS[lang] || {})[`${key}.one`] || (lang === 'en' && STRINGS.en[`${key}.one`]))) key = `${key}.one`;
    let text = (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.en[key] || key;
    if (vars) for (const [k, v] of Object.entries(vars)) text = text.split(`{${k}}`).join(String(v));
    return text;
  }

  // Like t(), but a placeholder may be a DOM node (e.g. the total in its own element).
  function tNodes(key, vars) {
    const text = (STRINGS[lang] && STRINGS[lang][key]) || STRINGS.en[key] || key;
    return text.split(/(\{[a-z]+\})/).filter(Boolean).map(part => {
      const m = /^\{([a-z]+)\}$/.exec(part);
      if (!m || !(m[1] in vars)) return part;
      const v = vars[m[1]];
      return v instanceof Node ? v : String(v);
    });
  }

  const locale = () => (lang === 'ar' ? 'ar-u-nu-latn' : lang === 'fr' ? 'fr-FR' : 'en-GB');

  // ---------------------------------------------------------------------------------------
  // DOM helpers

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function s(tag, attrs, ...children) {
    const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function setAttrs(el, attrs) {
    if (!attrs) return;
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else if (k === 'dataset') Object.assign(el.dataset, v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function append(el, children) {
    for (const c of children.flat(Infinity)) {
      if (c === undefined || c === null || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
  }

  // lang/dir attributes for a piece of text from the data. A SPARQL literal carries its
  // language tag; the claim API gives plain strings, whose language is the one asked for or
  // the English fallback, so Arabic is recognised by its script.
  function textAttrs(text, tag) {
    if (tag) {
      const base = tag.toLowerCase().split('-')[0];
      return { lang: tag, dir: RTL_LANGS.has(base) ? 'rtl' : 'ltr' };
    }
    if (ARABIC_SCRIPT.test(text || '')) return { lang: 'ar', dir: 'rtl' };
    if (lang === 'ar') return { lang: 'en', dir: 'ltr' };
    return {};
  }

  function txt(tagName, text, langTag, attrs) {
    return h(tagName, Object.assign({}, textAttrs(text, langTag), attrs || {}), text);
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  function errorBox(message, id) {
    return h('div', { class: 'error', role: 'alert', id }, message);
  }

  // ---------------------------------------------------------------------------------------
  // IRIs

  function compact(iri) {
    for (const [prefix, ns] of NS) {
      if (iri.startsWith(ns)) {
        const local = iri.slice(ns.length);
        if (/^[\p{L}\p{N}_][\p{L}\p{N}_.-]*$/u.test(local) && !local.endsWith('.')) return `${prefix}:${local}`;
      }
    }
    return `<${iri}>`;
  }

  function localName(iri) {
    const m = /[^#/]*$/.exec(iri);
    return m ? m[0] : iri;
  }

  // A name as typed (`id:kidal`, `kidal`, `<https://…>`, `https://…`) to a full IRI.
  function expandName(name) {
    name = name.trim();
    if (name.startsWith('<') && name.endsWith('>')) return name.slice(1, -1);
    if (/^https?:\/\//.test(name)) return name;
    const m = /^([A-Za-z][\w-]*):(.*)$/.exec(name);
    if (m && NS_MAP.has(m[1])) return NS_MAP.get(m[1]) + m[2];
    return ID + name;
  }

  // An IRI to write into a query: refuses anything that could end the IRI early.
  function iriRef(iri) {
    if (!/^[^\s<>"{}|\\^`]+$/.test(iri)) throw new Error(`not a valid IRI: ${iri}`);
    return `<${iri}>`;
  }

  // The page of one claim: its local name when it is in the knowledge base's namespace.
  function claimHref(iri) {
    return iri.startsWith(ID) ? `#/claim/${localName(iri)}` : `#/claim/${encodeURIComponent(iri)}`;
  }

  // The claim table filtered to claims about a resource (an event, actor or place).
  function aboutHref(iri) {
    return claimsHash({ about: iri.startsWith(ID) ? compact(iri) : `<${iri}>` });
  }

  // A query string for a hash: like URLSearchParams, but ':', '/' and '@' stay readable
  // (`#/claims?claimant=id:jnim`), which is valid in a fragment.
  function qs(pairs) {
    const enc = v => encodeURIComponent(v).replace(/%3A/gi, ':').replace(/%2F/gi, '/').replace(/%40/gi, '@');
    const parts = pairs.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => `${enc(k)}=${enc(v)}`);
    return parts.length ? `?${parts.join('&')}` : '';
  }

  // ---------------------------------------------------------------------------------------
  // HTTP

  class HttpError extends Error {
    constructor(status, body) {
      super(body ? body.trim() : `HTTP ${status}`);
      this.status = status;
    }
  }

  async function request(url, options) {
    let res;
    try {
      res = await fetch(url, options);
    } catch (e) {
      throw new HttpError(0, `${url}: ${e.message}`);
    }
    if (!res.ok) throw new HttpError(res.status, await res.text());
    return res;
  }

  // Runs a SELECT over POST /sparql and returns the bindings: one object per row, mapping a
  // variable to its term ({type, value, "xml:lang", datatype}).
  async function sparql(query) {
    const res = await request('/sparql', {
      method: 'POST',
      headers: { Accept: JSON_RESULTS },
      body: new URLSearchParams({ query: PREFIX_BLOCK + query }),
    });
    const json = await res.json();
    return json.results ? json.results.bindings : [];
  }

  const val = (row, name) => (row[name] ? row[name].value : undefined);
  const tagOf = (row, name) => (row[name] ? row[name]['xml:lang'] : undefined);

  // SPARQL that binds ?OUT to SUBJECT's PROPERTY in the page's language, else in English.
  // One OPTIONAL per language: a missing label leaves ?OUT unbound instead of losing the row.
  function labelIn(subject, property, out) {
    const own = `?${out}_${lang}`;
    const en = `?${out}_en`;
    const pick = (v, l) => `OPTIONAL { ${subject} ${property} ${v} FILTER(LANGMATCHES(LANG(${v}), "${l}")) }`;
    if (lang === 'en') return `${pick(en, 'en')}\n  BIND(${en} AS ?${out})`;
    return `${pick(own, lang)}\n  ${pick(en, 'en')}\n  BIND(COALESCE(${own}, ${en}) AS ?${out})`;
  }

  // ---------------------------------------------------------------------------------------
  // Code lists (statuses, stances, Admiralty grades), read from the ontology in the store;
  // cached per language.

  const codeListCache = new Map();

  function codeLists() {
    if (!codeListCache.has(lang)) {
      const query = `
SELECT ?concept ?scheme ?notation ?label ?unconfirmed WHERE {
  VALUES ?scheme { cg:ClaimStatusScheme cg:StanceScheme cg:InformationCredibilityScheme cg:SourceReliabilityScheme }
  ?concept skos:inScheme ?scheme .
  OPTIONAL { ?concept skos:notation ?notation }
  OPTIONAL { cg:Unconfirmed skos:member ?concept . BIND(true AS ?unconfirmed) }
  ${labelIn('?concept', 'skos:prefLabel', 'label')}
}`;
      const promise = sparql(query).then(rows => {
        const lists = { status: new Map(), stance: new Map(), credibility: new Map(), reliability: new Map() };
        const which = {
          ClaimStatusScheme: 'status', StanceScheme: 'stance',
          InformationCredibilityScheme: 'credibility', SourceReliabilityScheme: 'reliability',
        };
        for (const row of rows) {
          const list = lists[which[localName(val(row, 'scheme'))]];
          const concept = val(row, 'concept');
          // Statuses and stances are known by local name (as /api/claims gives them), grades
          // by notation.
          const key = list === lists.status || list === lists.stance ? localName(concept) : (val(row, 'notation') || localName(concept));
          list.set(key, {
            iri: concept, key, label: val(row, 'label') || key, labelLang: tagOf(row, 'label'),
            unconfirmed: val(row, 'unconfirmed') === 'true',
          });
        }
        return lists;
      }).catch(err => {
        // The page still works with bare names; the failure is shown, not thrown.
        console.warn('code lists unavailable:', err.message);
        codeListCache.delete(lang);
        return { status: new Map(), stance: new Map(), credibility: new Map(), reliability: new Map() };
      });
      codeListCache.set(lang, promise);
    }
    return codeListCache.get(lang);
  }

  function statusBadge(name, lists) {
    const entry = name && lists.status.get(name);
    const label = entry ? entry.label : (name || '?');
    return h('span', Object.assign({ class: `badge status-${name || 'unknown'}`, title: name ? `cg:${name}` : '' },
      textAttrs(label, entry && entry.labelLang)), label);
  }

  function gradeAbbr(grade, list) {
    if (!grade) return '—';
    const entry = list.get(grade);
    return h('abbr', { class: 'grade', title: entry ? entry.label : '' }, grade);
  }

  // ---------------------------------------------------------------------------------------
  // Dates: the datatype of a date is its precision (xsd:gYear, xsd:gYearMonth, xsd:date).

  function parseDate(value, datatype) {
    const m = /^(-?\d{4,})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(value || '');
    if (!m) return null;
    const year = Number(m[1]);
    const month = m[2] ? Number(m[2]) : null;
    const day = m[3] ? Number(m[3]) : null;
    let precision;
    if (datatype === XSD + 'gYear') precision = 'year';
    else if (datatype === XSD + 'gYearMonth') precision = 'month';
    else if (datatype === XSD + 'date' || datatype === XSD + 'dateTime') precision = 'day';
    else precision = day ? 'day' : month ? 'month' : 'year';
    if (precision === 'month' && !month) precision = 'year';
    if (precision === 'day' && !day) precision = month ? 'month' : 'year';
    // The covered span in fractional years: [start, end).
    const daysIn = y => ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 366 : 365);
    let start;
    let end;
    if (precision === 'year') { start = year; end = year + 1; }
    else if (precision === 'month') { start = year + (month - 1) / 12; end = year + month / 12; }
    else {
      const doy = Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86400000);
      start = year + doy / daysIn(year);
      end = year + (doy + 1) / daysIn(year);
    }
    return { value, year, month, day, precision, start, end };
  }

  function formatDate(d) {
    if (!d) return '';
    try {
      if (d.precision === 'year') return String(d.year);
      if (d.precision === 'month') {
        return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', timeZone: 'UTC' })
          .format(new Date(Date.UTC(d.year, d.month - 1, 1)));
      }
      return new Intl.DateTimeFormat(locale(), { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })
        .format(new Date(Date.UTC(d.year, d.month - 1, d.day)));
    } catch (_) {
      return d.value;
    }
  }

  function timeEl(value, datatype) {
    const d = parseDate(value, datatype);
    if (!d) return value || '';
    const iso = d.precision === 'year' ? String(d.year).padStart(4, '0')
      : d.precision === 'month' ? value.slice(0, 7) : value.slice(0, 10);
    return h('time', { datetime: iso, title: value, 'data-precision': d.precision }, formatDate(d));
  }

  // ---------------------------------------------------------------------------------------
  // Router

  const view = () => document.getElementById('view');
  let renderSeq = 0;

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
    const [route, ...rest] = path.split('/');
    return { route: route || 'claims', arg: rest.join('/'), params };
  }

  const ROUTES = {
    claims: renderClaims,
    claim: renderClaim,
    timeline: renderTimeline,
    map: renderMap,
    query: renderQuery,
  };

  async function render(force) {
    const seq = ++renderSeq;
    const started = performance.now();
    const { route, arg, params } = parseHash();
    const handler = ROUTES[route] || ROUTES.claims;
    const main = view();
    delete main.dataset.ready;
    for (const a of document.querySelectorAll('.site-nav a')) {
      if (a.dataset.route === (ROUTES[route] ? route : 'claims') || (route === 'claim' && a.dataset.route === 'claims')) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    }
    const ctx = {
      seq, started, arg, params, force,
      // Whether this render is still the newest: answers that arrive after the user moved on
      // are dropped.
      live: () => seq === renderSeq,
      ready: () => {
        if (seq !== renderSeq) return;
        main.dataset.ready = location.hash;
        main.dataset.ms = String(Math.round(performance.now() - started));
        // performance.now() counts from the page's navigation: on a first load this is the
        // time from navigation to the view drawn.
        main.dataset.sinceLoad = String(Math.round(performance.now()));
      },
    };
    try {
      await handler(ctx);
    } catch (err) {
      if (!ctx.live()) return;
      clear(main);
      main.dataset.view = 'error';
      main.append(errorBox(`${t('error')}: ${err.message}`, 'view-error'));
      ctx.ready();
    }
  }

  // Switches the view's container to NAME, emptying it unless the same view may be reused.
  function mount(name, keep) {
    const main = view();
    if (main.dataset.view === name && keep) return false;
    clear(main);
    main.dataset.view = name;
    main.dataset.lang = lang;
    return true;
  }

  // ---------------------------------------------------------------------------------------
  // Claims view

  const FLAGS = ['unconfirmed', 'contested', 'single-source', 'single-origin'];
  const TEXT_FILTERS = ['claimant', 'about', 'search', 'as-of', 'changed-since'];
  const truthy = v => v !== null && ['1', 'true', 'on', 'yes'].includes(v.toLowerCase());

  function claimsState(params) {
    const state = { status: params.getAll('status').filter(Boolean) };
    for (const f of FLAGS) state[f] = truthy(params.get(f));
    for (const f of TEXT_FILTERS) state[f] = (params.get(f) || '').trim();
    state.order = params.get('order') === 'newest' ? 'newest' : 'oldest';
    state.offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
    return state;
  }

  function claimsHash(partial) {
    const state = Object.assign({ status: [], order: 'oldest', offset: 0 }, partial);
    const pairs = [];
    for (const f of FLAGS) if (state[f]) pairs.push([f, '1']);
    for (const st of state.status || []) pairs.push(['status', st]);
    for (const f of TEXT_FILTERS) if (state[f]) pairs.push([f, state[f]]);
    if (state.order === 'newest') pairs.push(['order', 'newest']);
    if (state.offset) pairs.push(['offset', String(state.offset)]);
    return `#/claims${qs(pairs)}`;
  }

  function claimsApiUrl(state) {
    const p = new URLSearchParams();
    for (const f of FLAGS) if (state[f]) p.set(f, '1');
    for (const st of state.status) p.append('status', st);
    for (const f of TEXT_FILTERS) if (state[f]) p.set(f, state[f]);
    p.set('order', state.order);
    p.set('offset', String(state.offset));
    p.set('limit', String(PAGE_SIZE));
    p.set('lang', lang);
    return `/api/claims?${p}`;
  }

  async function renderClaims(ctx) {
    const state = claimsState(ctx.params);
    // The form is kept while only the filters change, so the page does not jump.
    const fresh = mount('claims', !ctx.force);
    const main = view();
    if (fresh) buildClaimsSkeleton(main);
    const tableWrap = main.querySelector('#claims-results');
    tableWrap.setAttribute('aria-busy', 'true');
    const [lists, answer] = await Promise.all([
      codeLists(),
      request(claimsApiUrl(state), { headers: { Accept: 'application/json' } })
        .then(async res => ({ rows: await res.json(), total: res.headers.get('X-Total-Count') }))
        .catch(err => ({ error: err })),
    ]);
    if (!ctx.live()) return;
    fillClaimsForm(main.querySelector('#claims-filter'), state, lists);
    tableWrap.removeAttribute('aria-busy');
    const errorSlot = main.querySelector('#claims-error');
    clear(errorSlot);
    if (answer.error) {
      errorSlot.append(errorBox(answer.error.message));
      drawClaimRows(main, [], lists);
      drawPaging(main, state, 0, 0);
      ctx.ready();
      return;
    }
    const total = answer.total === null ? null : Number(answer.total);
    drawClaimRows(main, answer.rows, lists);
    drawPaging(main, state, answer.rows.length, total);
    const ms = Math.round(performance.now() - ctx.started);
    main.querySelector('#claims-timing').textContent = t('claims.drawn', { ms });
    ctx.ready();
    loadNameLists(main);
  }

  function buildClaimsSkeleton(main) {
    const check = name => h('label', { class: 'check', title: t(`f.${name}.hint`) },
      h('input', { type: 'checkbox', name, id: `f-${name}` }), ' ', t(`f.${name}`));
    const field = (name, input) => h('label', { class: 'field', for: `f-${name}` }, h('span', null, t(`f.${name}`)), input);
    const form = h('form', { id: 'claims-filter', class: 'filters', autocomplete: 'off' },
      h('fieldset', null,
        h('legend', null, t('f.legend')),
        h('div', { class: 'checks' }, FLAGS.map(check)),
        h('div', { class: 'fields' },
          field('status', h('select', { id: 'f-status', name: 'status' })),
          field('claimant', h('input', { id: 'f-claimant', name: 'claimant', type: 'text', placeholder: 'id:jnim', list: 'dl-claimant', dir: 'ltr', spellcheck: 'false' })),
          field('about', h('input', { id: 'f-about', name: 'about', type: 'text', placeholder: 'id:kidal', list: 'dl-about', dir: 'ltr', spellcheck: 'false' })),
          field('search', h('input', { id: 'f-search', name: 'search', type: 'search', placeholder: t('f.search.placeholder'), dir: 'auto' })),
          field('as-of', h('input', { id: 'f-as-of', name: 'as-of', type: 'date' })),
          field('changed-since', h('input', { id: 'f-changed-since', name: 'changed-since', type: 'date' })),
          field('order', h('select', { id: 'f-order', name: 'order' },
            h('option', { value: 'oldest' }, t('order.oldest')),
            h('option', { value: 'newest' }, t('order.newest'))))),
        h('div', { class: 'actions' },
          h('button', { type: 'submit', id: 'f-apply' }, t('f.apply')),
          h('button', { type: 'button', id: 'f-reset', onclick: () => { location.hash = '#/claims'; } }, t('f.reset')))),
      h('datalist', { id: 'dl-claimant' }),
      h('datalist', { id: 'dl-about' }));
    // Checkboxes and selects apply at once; text fields on Enter or Apply.
    form.addEventListener('change', e => {
      if (e.target.matches('input[type=checkbox], select, input[type=date]')) applyClaimsForm(form);
    });
    form.addEventListener('submit', e => { e.preventDefault(); applyClaimsForm(form); });

    const table = h('table', { id: 'claims-table', class: 'claims' },
      h('thead', null, h('tr', null,
        ['date', 'statement', 'status', 'claimants', 'sources', 'credibility', 'origins']
          .map(c => h('th', { scope: 'col', class: `col-${c}` }, t(`col.${c}`))))),
      h('tbody'));
    main.append(
      h('h1', null, t('claims.title')),
      form,
      h('div', { id: 'claims-error' }),
      h('div', { class: 'paging', id: 'claims-paging-top' }),
      h('div', { id: 'claims-results', class: 'table-wrap' }, table),
      h('div', { class: 'paging', id: 'claims-paging' }),
      h('p', { class: 'muted small', id: 'claims-timing' }));
  }

  function fillClaimsForm(form, state, lists) {
    for (const f of FLAGS) form.elements[f].checked = state[f];
    for (const f of TEXT_FILTERS) {
      const input = form.elements[f];
      if (document.activeElement !== input || input.value === '') input.value = state[f];
    }
    form.elements.order.value = state.order;
    const select = form.elements.status;
    clear(select);
    select.append(h('option', { value: '' }, t('f.anyStatus')));
    const known = lists.status.size ? [...lists.status.values()] : STATUS_ORDER.map(key => ({ key, label: key, unconfirmed: false }));
    known.sort((a, b) => rank(a.key) - rank(b.key));
    const groups = lists.status.size
      ? [[t('f.unconfirmedGroup'), known.filter(s => s.unconfirmed)], [t('f.settledGroup'), known.filter(s => !s.unconfirmed)]]
      : [[null, known]];
    for (const [label, entries] of groups) {
      if (!entries.length) continue;
      const parent = label ? h('optgroup', { label }) : select;
      for (const st of entries) parent.append(h('option', { value: st.key }, st.label));
      if (label) select.append(parent);
    }
    // Several statuses can come in a link (the API repeats `status`); the select shows them
    // as one choice so that they are kept until the user picks another.
    if (state.status.length > 1) select.append(h('option', { value: state.status.join(',') }, state.status.join(' + ')));
    select.value = state.status.join(',');
  }

  function rank(key) {
    const i = STATUS_ORDER.indexOf(key);
    return i < 0 ? STATUS_ORDER.length : i;
  }

  function applyClaimsForm(form) {
    const state = { status: (form.elements.status.value || '').split(',').filter(Boolean), offset: 0 };
    for (const f of FLAGS) state[f] = form.elements[f].checked;
    for (const f of TEXT_FILTERS) state[f] = form.elements[f].value.trim();
    state.order = form.elements.order.value;
    const hash = claimsHash(state);
    if (hash === location.hash) render(false);
    else location.hash = hash;
  }

  function drawClaimRows(main, rows, lists) {
    const tbody = main.querySelector('#claims-table tbody');
    const frag = document.createDocumentFragment();
    for (const row of rows) {
      const statement = row.statement || compact(row.claim);
      const sources = row.sources || [];
      const tags = [];
      if (row.stance === 'denies') tags.push(h('span', { class: 'tag tag-denies' }, t('tag.denies')));
      if (row.contradicts && row.contradicts.length) tags.push(h('span', { class: 'tag tag-contested' }, t('tag.contested')));
      frag.append(h('tr', { class: 'claim-row', 'data-claim': row.claim, 'data-status': row.status || '' },
        h('td', { class: 'col-date' }, row.first_reported ? h('time', { datetime: row.first_reported }, row.first_reported) : '—'),
        h('td', { class: 'col-statement' },
          h('a', Object.assign({ href: claimHref(row.claim), class: 'statement' }, textAttrs(statement)), statement),
          tags.length ? h('span', { class: 'tags' }, tags) : null),
        h('td', { class: 'col-status' }, statusBadge(row.status, lists)),
        h('td', { class: 'col-claimants' }, (row.claimants || []).map((c, i) => [i ? t('list.sep') : '', txt('span', c)])),
        h('td', {
          class: 'col-sources num',
          title: sources.map(src => [src.publisher, src.date, src.title].filter(Boolean).join(' · ')).join('\n'),
        }, String(sources.length)),
        h('td', { class: 'col-credibility num' }, gradeAbbr(row.credibility, lists.credibility)),
        h('td', { class: 'col-origins num' }, String(row.independent_origins ?? ''))));
    }
    tbody.replaceChildren(frag);
  }

  function drawPaging(main, state, count, total) {
    for (const id of ['claims-paging-top', 'claims-paging']) {
      const bar = main.querySelector(`#${id}`);
      const top = id === 'claims-paging-top';
      clear(bar);
      const totalEl = h('span', top ? { class: 'total' } : { id: 'claims-total', class: 'total' }, total === null ? '?' : String(total));
      const range = h('span', top ? { class: 'range' } : { id: 'claims-range', class: 'range' });
      if (count === 0) append(range, tNodes('paging.none', { total: totalEl }));
      else append(range, tNodes('paging.rows', { from: state.offset + 1, to: state.offset + count, total: totalEl }));
      const last = total ? Math.floor((total - 1) / PAGE_SIZE) * PAGE_SIZE : 0;
      const go = offset => () => { location.hash = claimsHash(Object.assign({}, state, { offset })); };
      const button = (name, enabled, offset) => h('button', {
        type: 'button', class: `page-${name}`, id: top ? null : `page-${name}`,
        disabled: !enabled, onclick: go(offset),
      }, t(`paging.${name}`));
      const hasNext = total === null ? count === PAGE_SIZE : state.offset + count < total;
      bar.append(
        button('first', state.offset > 0, 0),
        button('prev', state.offset > 0, Math.max(0, state.offset - PAGE_SIZE)),
        range,
        button('next', hasNext, state.offset + PAGE_SIZE),
        button('last', total !== null && state.offset < last, last));
    }
  }

  // Names offered in the claimant and about fields: actors, events and places with labels.
  const nameListCache = new Map();

  async function loadNameLists(main) {
    if (!nameListCache.has(lang)) {
      nameListCache.set(lang, sparql(`
SELECT DISTINCT ?x ?top ?label WHERE {
  VALUES ?top { cg:Actor cg:Event cg:Place }
  ?class rdfs:subClassOf* ?top .
  ?x a ?class .
  ${labelIn('?x', 'rdfs:label', 'label')}
} LIMIT 3000`).catch(() => []));
    }
    const rows = await nameListCache.get(lang);
    const claimant = main.querySelector('#dl-claimant');
    const about = main.querySelector('#dl-about');
    if (!claimant || claimant.childElementCount) return;
    const seen = new Set();
    for (const row of rows) {
      const iri = val(row, 'x');
      const key = iri + val(row, 'top');
      if (seen.has(key)) continue;
      seen.add(key);
      const option = () => h('option', { value: compact(iri) }, val(row, 'label') || '');
      if (val(row, 'top') === CG + 'Actor') claimant.append(option());
      if (!seen.has(iri)) { about.append(option()); seen.add(iri); }
    }
  }

  // ---------------------------------------------------------------------------------------
  // Claim view

  function resolveClaim(arg) {
    const name = decodeURIComponent(arg || '');
    return expandName(name);
  }

  async function renderClaim(ctx) {
    mount('claim');
    const main = view();
    const iri = resolveClaim(ctx.arg);
    const C = iriRef(iri);
    main.append(h('p', { class: 'muted' }, t('loading')));
    const fetches = {
      lists: codeLists(),
      main: sparql(`
SELECT ?status ?stance ?credibility ?credNotation ?firstReported ?isClaim WHERE {
  VALUES ?c { ${C} }
  OPTIONAL { ?c a cg:Claim . BIND(true AS ?isClaim) }
  OPTIONAL { ?c cg:status ?status }
  OPTIONAL { ?c cg:stance ?stance }
  OPTIONAL { ?c cg:credibility ?credibility . OPTIONAL { ?credibility skos:notation ?credNotation } }
  OPTIONAL { ?c cg:firstReported ?firstReported }
}`),
      texts: sparql(`
SELECT ?kind ?text WHERE {
  VALUES ?c { ${C} }
  { ?c cg:statement ?text . BIND("statement" AS ?kind) }
  UNION
  { ?c rdfs:comment ?text . BIND("comment" AS ?kind) }
}`),
      quote: sparql(`
SELECT ?exact ?prefix ?suffix ?doc ?docTitle WHERE {
  VALUES ?c { ${C} }
  ?c cg:quote ?q .
  ?q oa:hasSelector ?sel .
  ?sel oa:exact ?exact .
  OPTIONAL { ?sel oa:prefix ?prefix }
  OPTIONAL { ?sel oa:suffix ?suffix }
  OPTIONAL { ?q oa:hasSource ?doc . ${labelIn('?doc', 'schema:headline', 'docTitle')} }
}`),
      sources: sparql(`
SELECT ?source ?title ?original ?publisher ?publisherLabel ?date ?reliability ?url ?identifier ?inLanguage ?kindLabel WHERE {
  VALUES ?c { ${C} }
  ?c prov:wasDerivedFrom ?source .
  ${labelIn('?source', 'schema:headline', 'title')}
  OPTIONAL { ?source schema:inLanguage ?inLanguage .
             OPTIONAL { ?source schema:headline ?original FILTER(LANGMATCHES(LANG(?original), STR(?inLanguage))) } }
  OPTIONAL { ?source schema:publisher ?publisher . ${labelIn('?publisher', 'rdfs:label', 'publisherLabel')} }
  OPTIONAL { ?source schema:datePublished ?date }
  OPTIONAL { ?source cg:reliability/skos:notation ?reliability }
  OPTIONAL { ?source schema:url ?url }
  OPTIONAL { ?source schema:identifier ?identifier }
  OPTIONAL { ?source a ?kind . ?kind rdfs:subClassOf cg:Source . ${labelIn('?kind', 'rdfs:label', 'kindLabel')} }
} ORDER BY ?date ?source`),
      claimants: sparql(`
SELECT ?agent ?label ?reliability WHERE {
  VALUES ?c { ${C} }
  ?c prov:wasAttributedTo ?agent .
  ${labelIn('?agent', 'rdfs:label', 'label')}
  OPTIONAL { ?agent cg:reliability/skos:notation ?reliability }
} ORDER BY ?label`),
      origins: sparql(`
SELECT ?origin ?label ?by ?byLabel WHERE {
  VALUES ?c { ${C} }
  ?c prov:hadPrimarySource ?origin .
  ${labelIn('?origin', 'rdfs:label', 'label')}
  OPTIONAL { ?origin prov:wasAttributedTo ?by . ${labelIn('?by', 'rdfs:label', 'byLabel')} }
} ORDER BY ?origin`),
      history: sparql(`
SELECT ?change ?date ?status ?source ?sourceTitle ?agent ?agentLabel ?note ?recordedAt WHERE {
  VALUES ?c { ${C} }
  ?c cg:statusChange ?change .
  OPTIONAL { ?change cg:date ?date }
  OPTIONAL { ?change cg:newStatus ?status }
  OPTIONAL { ?change prov:used ?source . ${labelIn('?source', 'schema:headline', 'sourceTitle')} }
  OPTIONAL { ?change prov:wasAssociatedWith ?agent . ${labelIn('?agent', 'rdfs:label', 'agentLabel')} }
  OPTIONAL { ?change rdfs:comment ?note }
  OPTIONAL { ?change cg:recordedAt ?recordedAt }
} ORDER BY ?date ?recordedAt ?change`),
      contradicts: sparql(`
SELECT DISTINCT ?other ?statement ?status ?stance WHERE {
  VALUES ?c { ${C} }
  { ?c cg:contradicts ?other } UNION { ?other cg:contradicts ?c }
  ${labelIn('?other', 'cg:statement', 'statement')}
  OPTIONAL { ?other cg:status ?status }
  OPTIONAL { ?other cg:stance ?stance }
} ORDER BY ?other`),
      about: sparql(`
SELECT ?x ?label ?kindLabel WHERE {
  VALUES ?c { ${C} }
  ?c cg:about ?x .
  ${labelIn('?x', 'rdfs:label', 'label')}
  OPTIONAL { ?x a ?kind . FILTER(STRSTARTS(STR(?kind), STR(cg:))) ${labelIn('?kind', 'rdfs:label', 'kindLabel')} }
} ORDER BY ?x`),
    };
    const keys = Object.keys(fetches);
    const values = await Promise.all(Object.values(fetches));
    if (!ctx.live()) return;
    const r = Object.fromEntries(keys.map((k, i) => [k, values[i]]));
    clear(main);
    drawClaim(main, iri, r);
    ctx.ready();
  }

  // Rows that repeat a key (one per label, note…) folded into one object per key.
  function groupBy(rows, key) {
    const map = new Map();
    for (const row of rows) {
      const k = val(row, key);
      if (!map.has(k)) map.set(k, []);
      map.get(k).push(row);
    }
    return map;
  }

  // A literal in the page's language, else English, else untagged, else any.
  function pickLiteral(rows, name) {
    const terms = rows.map(r => r[name]).filter(Boolean);
    const by = l => terms.find(x => (x['xml:lang'] || '').toLowerCase().split('-')[0] === l);
    return by(lang) || by('en') || terms.find(x => !x['xml:lang']) || terms[0];
  }

  function literalEl(tagName, term, attrs) {
    if (!term) return null;
    return txt(tagName, term.value, term['xml:lang'], attrs);
  }

  function section(title, id, ...content) {
    return h('section', { class: 'card', 'aria-labelledby': `${id}-h` }, h('h2', { id: `${id}-h` }, title), content);
  }

  function drawClaim(main, iri, r) {
    const lists = r.lists;
    const m = r.main[0] || {};
    const statements = r.texts.filter(row => val(row, 'kind') === 'statement');
    const comments = r.texts.filter(row => val(row, 'kind') === 'comment');
    if (!val(m, 'isClaim') && !statements.length && !val(m, 'status')) {
      main.append(h('p', null, h('a', { href: '#/claims' }, '← ', t('claim.back'))),
        errorBox(t('claim.notFound', { name: compact(iri) }), 'claim-not-found'));
      return;
    }
    const statusName = val(m, 'status') ? localName(val(m, 'status')) : null;
    const stanceName = val(m, 'stance') ? localName(val(m, 'stance')) : null;
    const title = pickLiteral(statements, 'text');

    // Header: the statement in the page's language, its status and grades.
    const stance = stanceName && lists.stance.get(stanceName);
    main.append(
      h('p', { class: 'crumbs' }, h('a', { href: '#/claims' }, t('claim.back')), ' · ', h('code', { dir: 'ltr' }, compact(iri))),
      h('article', { class: 'claim', 'data-claim': iri },
        literalEl('h1', title || { value: compact(iri) }, { id: 'claim-title' }),
        h('dl', { class: 'facts' },
          h('dt', null, t('claim.status')), h('dd', null, statusBadge(statusName, lists)),
          stanceName ? [h('dt', null, t('claim.stance')), h('dd', { class: `stance stance-${stanceName}` }, stance ? txt('span', stance.label, stance.labelLang) : stanceName)] : null,
          h('dt', null, t('claim.firstReported')), h('dd', null, val(m, 'firstReported') ? timeEl(val(m, 'firstReported'), XSD + 'date') : '—'),
          h('dt', null, t('claim.credibility')),
          h('dd', null, val(m, 'credNotation') ? [h('strong', null, val(m, 'credNotation')), ' ',
            lists.credibility.get(val(m, 'credNotation')) ? txt('span', lists.credibility.get(val(m, 'credNotation')).label, lists.credibility.get(val(m, 'credNotation')).labelLang) : ''] : '—'),
          h('dt', null, t('col.origins')), h('dd', { id: 'claim-independent' }, String(independentOrigins(r))))));

    main.append(h('div', { class: 'claim-grid' },
      h('div', { class: 'col-main' },
        section(t('claim.statements'), 'statements', drawStatements(statements)),
        section(t('claim.quote'), 'quote', drawQuote(r.quote)),
        section(t('claim.sources'), 'sources', drawSources(r.sources, lists)),
        comments.length ? section(t('claim.notes'), 'notes',
          comments.map(row => literalEl('p', row.text, { class: 'note' }))) : null),
      h('div', { class: 'col-side' },
        section(t('claim.history'), 'history', drawHistory(r.history, lists, statusName)),
        section(t('claim.claimants'), 'claimants', drawClaimants(r.claimants, lists)),
        section(t('claim.origins'), 'origins', drawOrigins(r.origins)),
        section(t('claim.contradicts'), 'contradicts', drawContradicts(r.contradicts, lists)),
        section(t('claim.about'), 'about', drawAbout(r.about)),
        h('p', null, h('a', { href: `#/query${qs([['q', 'entity'], ['entity', compact(iri)], ['run', '1']])}` }, t('claim.entity'))))));
  }

  // The same count as the claim report: distinct origins, else each source counts as one.
  function independentOrigins(r) {
    const origins = new Set(r.origins.map(row => val(row, 'origin')));
    return origins.size || new Set(r.sources.map(row => val(row, 'source'))).size;
  }

  function drawStatements(rows) {
    if (!rows.length) return h('p', { class: 'muted' }, t('none'));
    // English, Arabic and French first, in that order, then any other language.
    const order = l => { const i = LANGS.indexOf((l || '').split('-')[0]); return i < 0 ? LANGS.length : i; };
    const sorted = rows.slice().sort((a, b) => order(tagOf(a, 'text')) - order(tagOf(b, 'text')));
    return h('dl', { class: 'statements', id: 'claim-statements' }, sorted.map(row => {
      const tag = tagOf(row, 'text') || '';
      const base = tag.split('-')[0];
      return [h('dt', null, LANGS.includes(base) ? t(`lang.${base}`) : tag || '—'),
        literalEl('dd', row.text, { class: 'statement', 'data-lang': tag })];
    }));
  }

  function drawQuote(rows) {
    if (!rows.length) return h('p', { class: 'muted', id: 'claim-quote' }, t('none'));
    const row = rows[0];
    const exact = row.exact;
    const tag = exact['xml:lang'] || '';
    const attrs = textAttrs(exact.value, tag || undefined);
    const base = tag.split('-')[0];
    return [
      // The words around the quote (oa:prefix, oa:suffix) are shown dimmed; #claim-quote
      // holds oa:exact alone.
      h('blockquote', Object.assign({ class: 'quote' }, attrs),
        row.prefix ? h('span', { class: 'quote-context' }, '…', row.prefix.value) : null,
        h('mark', Object.assign({ id: 'claim-quote' }, attrs), exact.value),
        row.suffix ? h('span', { class: 'quote-context' }, row.suffix.value, '…') : null),
      h('p', { class: 'muted small' },
        t('claim.quoteLang', { lang: LANGS.includes(base) ? t(`lang.${base}`) : (tag || '?') }),
        row.doc ? [' · ', t('claim.quoteSource', { source: val(row, 'docTitle') || compact(val(row, 'doc')) })] : null),
    ];
  }

  function drawSources(rows, lists) {
    if (!rows.length) return h('p', { class: 'muted' }, t('none'));
    const list = h('ul', { class: 'sources', id: 'claim-sources' });
    for (const [iri, group] of groupBy(rows, 'source')) {
      const row = group[0];
      const title = pickLiteral(group, 'title') || { value: compact(iri) };
      const original = pickLiteral(group, 'original');
      const url = val(row, 'url');
      const rel = val(row, 'reliability');
      const relEntry = rel && lists.reliability.get(rel);
      const kinds = [...new Set(group.map(g => val(g, 'kindLabel')).filter(Boolean))];
      list.append(h('li', { class: 'source', 'data-source': iri },
        literalEl('div', title, { class: 'source-title' }),
        original && original.value !== title.value ? literalEl('div', original, { class: 'source-original muted' }) : null,
        h('div', { class: 'source-meta' },
          val(row, 'publisherLabel') ? txt('span', val(row, 'publisherLabel'), tagOf(row, 'publisherLabel'), { class: 'publisher' }) : null,
          val(row, 'date') ? [' · ', timeEl(val(row, 'date'), XSD + 'date')] : null,
          kinds.length ? [' · ', kinds.join(', ')] : null,
          rel ? [' · ', h('span', { class: 'reliability', title: relEntry ? relEntry.label : '' }, t('claim.reliability', { grade: rel }))] : null,
          url && /^https?:\/\//i.test(url) ? [' · ', h('a', { href: url, rel: 'noopener noreferrer', target: '_blank', dir: 'ltr' }, t('claim.link'))] : null,
          !url && val(row, 'identifier') ? [' · ', h('code', { dir: 'ltr', class: 'identifier' }, val(row, 'identifier'))] : null,
          ' · ', h('code', { dir: 'ltr', class: 'iri' }, compact(iri)))));
    }
    return list;
  }

  function drawHistory(rows, lists, current) {
    const list = h('ol', { class: 'history', id: 'claim-history' });
    const changes = [...groupBy(rows, 'change')];
    changes.forEach(([iri, group], index) => {
      const row = group[0];
      const status = val(row, 'status') ? localName(val(row, 'status')) : null;
      const note = pickLiteral(group, 'note');
      const isLast = index === changes.length - 1;
      list.append(h('li', { class: `history-item${isLast ? ' current' : ''}`, 'data-change': iri, 'data-status': status || '' },
        h('div', { class: 'history-head' },
          val(row, 'date') ? timeEl(val(row, 'date'), XSD + 'date') : '—', ' ',
          statusBadge(status, lists),
          isLast && status === current ? h('span', { class: 'tag' }, t('claim.current')) : null),
        val(row, 'source') ? literalEl('div', pickLiteral(group, 'sourceTitle') || { value: compact(val(row, 'source')) }, { class: 'history-source' }) : null,
        val(row, 'agent') ? h('div', { class: 'muted small' }, t('claim.by', { agent: val(row, 'agentLabel') || compact(val(row, 'agent')) }),
          val(row, 'recordedAt') ? [' · ', t('claim.recorded', { when: val(row, 'recordedAt').replace('T', ' ').replace(/\.\d+/, '') })] : null) : null,
        note ? literalEl('p', note, { class: 'history-note' }) : null));
    });
    if (!changes.length) list.append(h('li', { class: 'muted' }, t('none')));
    return list;
  }

  function drawClaimants(rows, lists) {
    if (!rows.length) return h('p', { class: 'muted' }, t('none'));
    return h('ul', { class: 'plain', id: 'claim-claimants' }, [...groupBy(rows, 'agent')].map(([iri, group]) => {
      const label = pickLiteral(group, 'label');
      const rel = val(group[0], 'reliability');
      return h('li', null,
        h('a', { href: claimsHash({ claimant: compact(iri) }) }, label ? literalEl('span', label) : compact(iri)),
        rel ? [' ', h('span', { class: 'muted small', title: (lists.reliability.get(rel) || {}).label || '' }, t('claim.reliability', { grade: rel }))] : null);
    }));
  }

  function drawOrigins(rows) {
    if (!rows.length) return h('p', { class: 'muted' }, t('claim.originsNone'));
    return h('ul', { class: 'plain', id: 'claim-origins' }, [...groupBy(rows, 'origin')].map(([iri, group]) => {
      const label = pickLiteral(group, 'label');
      const by = [...groupBy(group.filter(g => g.by), 'by')].map(([b, g]) => val(g[0], 'byLabel') || compact(b));
      return h('li', { 'data-origin': iri }, label ? literalEl('span', label) : compact(iri),
        by.length ? h('div', { class: 'muted small' }, t('claim.origBy', { who: by.join(', ') })) : null);
    }));
  }

  function drawContradicts(rows, lists) {
    const list = h('ul', { class: 'plain', id: 'claim-contradicts' });
    for (const [iri, group] of groupBy(rows, 'other')) {
      const statement = pickLiteral(group, 'statement');
      const status = val(group[0], 'status') ? localName(val(group[0], 'status')) : null;
      list.append(h('li', { 'data-claim': iri },
        statusBadge(status, lists), ' ',
        h('a', Object.assign({ href: claimHref(iri), class: 'contradicting' }, statement ? textAttrs(statement.value, statement['xml:lang']) : {}),
          statement ? statement.value : compact(iri))));
    }
    if (!rows.length) list.append(h('li', { class: 'muted' }, t('none')));
    return list;
  }

  function drawAbout(rows) {
    if (!rows.length) return h('p', { class: 'muted' }, t('none'));
    return h('ul', { class: 'plain', id: 'claim-about' }, [...groupBy(rows, 'x')].map(([iri, group]) => {
      const label = pickLiteral(group, 'label');
      const kinds = [...new Set(group.map(g => val(g, 'kindLabel')).filter(Boolean))];
      return h('li', null,
        h('a', { href: aboutHref(iri), title: compact(iri) }, label ? literalEl('span', label) : compact(iri)),
        kinds.length ? h('span', { class: 'muted small' }, ' · ', kinds.join(', ')) : null);
    }));
  }

  // ---------------------------------------------------------------------------------------
  // Timeline view

  async function renderTimeline(ctx) {
    mount('timeline');
    const main = view();
    main.append(h('h1', null, t('timeline.title')), h('p', { class: 'muted' }, t('timeline.intro')));
    const status = main.appendChild(h('p', { class: 'muted' }, t('loading')));
    const rows = await sparql(`
SELECT ?event ?date ?label ?class ?kindLabel ?place ?placeLabel WHERE {
  ?class rdfs:subClassOf* cg:Event .
  ?event a ?class ;
         cg:date ?date .
  ${labelIn('?event', 'rdfs:label', 'label')}
  ${labelIn('?class', 'rdfs:label', 'kindLabel')}
  OPTIONAL { ?event cg:place ?place . ${labelIn('?place', 'rdfs:label', 'placeLabel')} }
}
ORDER BY STR(?date) ?event
LIMIT 10000`);
    if (!ctx.live()) return;
    status.remove();
    const events = [];
    for (const [iri, group] of groupBy(rows, 'event')) {
      const date = parseDate(val(group[0], 'date'), group[0].date.datatype);
      if (!date) continue;
      const places = new Map();
      for (const g of group) if (val(g, 'place')) places.set(val(g, 'place'), val(g, 'placeLabel') || compact(val(g, 'place')));
      events.push({
        iri, date, label: pickLiteral(group, 'label'),
        // The most specific kinds: cg:Event itself only when it is the only one.
        kinds: [...new Set(group.filter(g => val(g, 'class') !== CG + 'Event' || group.every(x => val(x, 'class') === CG + 'Event'))
          .map(g => val(g, 'kindLabel')).filter(Boolean))],
        places,
      });
    }
    // Sorted by start, coarser first on ties: "2026" before "2026-04" before "2026-04-26".
    events.sort((a, b) => a.date.start - b.date.start || (b.date.end - b.date.start) - (a.date.end - a.date.start) || a.iri.localeCompare(b.iri));
    if (!events.length) {
      main.append(h('p', null, t('timeline.empty')));
      ctx.ready();
      return;
    }
    main.append(drawTimelineOverview(events), drawTimelineList(events));
    ctx.ready();
    // How many claims are about each event: grouped queries over the events shown, 500 at a
    // time so that a request body stays small (the server caps bodies, 1 MiB by default).
    for (let i = 0; i < events.length; i += 500) {
      const values = events.slice(i, i + 500).map(e => iriRef(e.iri)).join(' ');
      const counts = await sparql(`
SELECT ?event (COUNT(DISTINCT ?claim) AS ?n) WHERE {
  VALUES ?event { ${values} }
  ?claim cg:about ?event .
} GROUP BY ?event`).catch(() => []);
      if (!ctx.live()) return;
      for (const row of counts) {
        const el = main.querySelector(`.timeline-item[data-event="${CSS.escape(val(row, 'event'))}"] .claims-count`);
        if (el) el.textContent = t('timeline.claims', { n: val(row, 'n') });
      }
    }
  }

  // An SVG axis over all the years, each event a bar as wide as its date's precision, stacked
  // in lanes so that bars never overlap.
  function drawTimelineOverview(events) {
    const minYear = Math.floor(Math.min(...events.map(e => e.date.start)));
    const maxYear = Math.ceil(Math.max(...events.map(e => e.date.end)));
    const width = 1000;
    const pad = 30;
    const span = Math.max(1, maxYear - minYear);
    const x = year => pad + ((year - minYear) / span) * (width - 2 * pad);
    const lanes = [];
    const laneHeight = 9;
    // With many events the lanes would grow without end: past MAX_LANES a bar goes on the lane
    // that frees first and overlaps; bars are translucent, so crowded months look darker.
    const MAX_LANES = 12;
    let crowded = false;
    const bars = events.map(e => {
      const x0 = x(e.date.start);
      const x1 = Math.max(x(e.date.end), x0 + 3);
      let lane = lanes.findIndex(end => end + 2 <= x0);
      if (lane < 0 && lanes.length < MAX_LANES) { lane = lanes.length; lanes.push(x1); }
      else if (lane < 0) { crowded = true; lane = lanes.indexOf(Math.min(...lanes)); lanes[lane] = Math.max(lanes[lane], x1); }
      else lanes[lane] = x1;
      return { e, x0, x1, lane };
    });
    const height = 40 + lanes.length * laneHeight;
    const svgEl = s('svg', {
      viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': t('timeline.title'), preserveAspectRatio: 'xMidYMin meet', direction: 'ltr',
      class: `timeline-overview${crowded ? ' crowded' : ''}`,
    });
    const axisY = height - 22;
    svgEl.append(s('line', { x1: pad, x2: width - pad, y1: axisY, y2: axisY, class: 'axis' }));
    const step = span > 40 ? 10 : span > 16 ? 5 : span > 8 ? 2 : 1;
    for (let year = minYear; year <= maxYear; year += 1) {
      const major = year % step === 0;
      svgEl.append(s('line', { x1: x(year), x2: x(year), y1: axisY, y2: axisY + (major ? 6 : 3), class: 'tick' }));
      if (major && year < maxYear) svgEl.append(s('text', { x: x(year) + 2, y: axisY + 17, class: 'tick-label' }, String(year)));
    }
    for (const b of bars) {
      const rect = s('rect', {
        x: b.x0, y: 8 + b.lane * laneHeight, width: b.x1 - b.x0, height: laneHeight - 2, rx: 1.5,
        class: `bar precision-${b.e.date.precision}`,
      }, s('title', null, `${formatDate(b.e.date)} — ${b.e.label ? b.e.label.value : compact(b.e.iri)}`));
      rect.addEventListener('click', () => {
        const item = document.querySelector(`.timeline-item[data-event="${CSS.escape(b.e.iri)}"]`);
        if (item) { item.scrollIntoView({ behavior: 'smooth', block: 'center' }); item.classList.add('flash'); setTimeout(() => item.classList.remove('flash'), 1200); }
      });
      svgEl.append(rect);
    }
    return h('figure', { class: 'timeline-figure' }, svgEl);
  }

  function drawTimelineList(events) {
    const list = h('ol', { class: 'timeline', id: 'timeline' });
    let year = null;
    for (const e of events) {
      if (e.date.year !== year) {
        year = e.date.year;
        list.append(h('li', { class: 'timeline-year', 'aria-hidden': 'true' }, String(year)));
      }
      const label = e.label || { value: compact(e.iri) };
      list.append(h('li', {
        class: `timeline-item precision-${e.date.precision}`, 'data-event': e.iri, 'data-precision': e.date.precision,
        'data-date': e.date.value,
      },
        h('div', { class: 'when' },
          timeEl(e.date.value, e.date.precision === 'year' ? XSD + 'gYear' : e.date.precision === 'month' ? XSD + 'gYearMonth' : XSD + 'date'),
          h('span', { class: 'precision' }, t(`precision.${e.date.precision}`)),
          drawYearTrack(e.date)),
        h('div', { class: 'what' },
          h('a', Object.assign({ href: aboutHref(e.iri), class: 'event-link' }, textAttrs(label.value, label['xml:lang'])), label.value),
          h('div', { class: 'muted small' },
            e.kinds.join(', '),
            e.places.size ? [e.kinds.length ? ' · ' : '', [...e.places].map(([p, l], i) => [i ? ', ' : '', h('a', { href: aboutHref(p) }, txt('span', l))])] : null,
            ' · ', h('span', { class: 'claims-count' }, '')))));
    }
    return list;
  }

  // A year as twelve month cells, with the part of the year the date covers filled: the
  // whole year, one month, or one day.
  function drawYearTrack(d) {
    const w = 120;
    const hgt = 10;
    const el = s('svg', { class: 'year-track', viewBox: `0 0 ${w} ${hgt}`, width: w, height: hgt, 'aria-hidden': 'true', direction: 'ltr' });
    for (let m = 0; m < 12; m += 1) el.append(s('rect', { x: (m * w) / 12 + 0.5, y: 0.5, width: w / 12 - 1, height: hgt - 1, class: 'month-cell' }));
    const x0 = (d.start - d.year) * w;
    const x1 = (d.end - d.year) * w;
    el.append(s('rect', { x: x0, y: 1, width: Math.max(2, x1 - x0), height: hgt - 2, class: `span precision-${d.precision}` }));
    return el;
  }

  // ---------------------------------------------------------------------------------------
  // Map view

  let outlines = null;

  function loadOutlines() {
    if (!outlines) {
      outlines = request('/assets/sahel.json', { headers: { Accept: 'application/json' } })
        .then(res => res.json())
        .catch(err => { outlines = null; console.warn('outlines unavailable:', err.message); return null; });
    }
    return outlines;
  }

  // `POINT(lon lat)` in CRS84, optionally after a CRS IRI; EPSG:4326 lists latitude first.
  function parseWkt(wkt) {
    const m = /^\s*(?:<([^>]*)>\s*)?POINT\s*(?:Z\s*|M\s*|ZM\s*)?\(\s*([-+]?[\d.]+(?:[eE][-+]?\d+)?)\s+([-+]?[\d.]+(?:[eE][-+]?\d+)?)/i.exec(wkt || '');
    if (!m) return null;
    let lon = Number(m[2]);
    let lat = Number(m[3]);
    if (m[1] && /EPSG\/0\/4326$/.test(m[1])) [lon, lat] = [lat, lon];
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 180) return null;
    return { lon, lat };
  }

  async function renderMap(ctx) {
    mount('map');
    const main = view();
    main.append(h('h1', null, t('map.title')), h('p', { class: 'muted' }, t('map.intro')));
    const status = main.appendChild(h('p', { class: 'muted' }, t('loading')));
    const [world, placeRows, eventRows, countRows] = await Promise.all([
      loadOutlines(),
      sparql(`
SELECT ?place ?wkt ?label ?kind WHERE {
  ?place geo:hasGeometry/geo:asWKT ?wkt .
  ${labelIn('?place', 'rdfs:label', 'label')}
  OPTIONAL { ?place a ?kind . ?kind rdfs:subClassOf* cg:Place . }
} LIMIT 5000`),
      sparql(`
SELECT ?place ?event ?date ?label WHERE {
  ?event cg:place ?place .
  ?place geo:hasGeometry ?geometry .
  OPTIONAL { ?event cg:date ?date }
  ${labelIn('?event', 'rdfs:label', 'label')}
} ORDER BY STR(?date) LIMIT 10000`),
      sparql(`
SELECT ?place (COUNT(DISTINCT ?claim) AS ?n) WHERE {
  ?place geo:hasGeometry ?geometry .
  ?claim cg:about ?place .
} GROUP BY ?place`).catch(() => []),
    ]);
    if (!ctx.live()) return;
    status.remove();
    const places = [];
    for (const [iri, group] of groupBy(placeRows, 'place')) {
      const at = parseWkt(val(group[0], 'wkt'));
      if (!at) continue;
      const kinds = new Set(group.map(g => val(g, 'kind')).filter(Boolean).map(localName));
      // Countries and regions carry a representative point, not a position: drawn hollow.
      const area = kinds.has('Country') || kinds.has('Region');
      places.push({ iri, at, label: pickLiteral(group, 'label') || { value: compact(iri) }, area, kinds, events: [], claims: 0 });
    }
    const byIri = new Map(places.map(p => [p.iri, p]));
    for (const [iri, group] of groupBy(eventRows, 'event')) {
      for (const row of group) {
        const p = byIri.get(val(row, 'place'));
        if (p && !p.events.some(e => e.iri === iri)) p.events.push({ iri, date: row.date, label: pickLiteral(group, 'label') });
      }
    }
    for (const row of countRows) { const p = byIri.get(val(row, 'place')); if (p) p.claims = Number(val(row, 'n')); }
    if (!places.length) {
      main.append(h('p', null, t('map.empty')));
      ctx.ready();
      return;
    }
    if (!world) main.append(errorBox(t('map.outlinesMissing')));
    main.append(h('div', { class: 'map-layout' }, drawMap(world, places), drawPlaceList(places)));
    ctx.ready();
  }

  function countryName(c) {
    return (c.names && c.names[lang]) || c.name;
  }

  function drawMap(world, places) {
    const countries = world ? world.countries : [];
    // Frame: Mali and every place, with a margin.
    let [w, so, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    const grow = (lon, lat) => { w = Math.min(w, lon); e = Math.max(e, lon); so = Math.min(so, lat); n = Math.max(n, lat); };
    const mali = countries.find(c => c.name === 'Mali');
    if (mali) for (const poly of mali.polygons) for (const [lon, lat] of poly[0]) grow(lon, lat);
    for (const p of places) grow(p.at.lon, p.at.lat);
    const margin = 1.5;
    w -= margin; e += margin; so -= margin; n += margin;
    // Equirectangular, true to scale along the frame's middle parallel.
    const k = Math.cos((((so + n) / 2) * Math.PI) / 180);
    const width = 1000;
    const scale = width / ((e - w) * k);
    const height = Math.round((n - so) * scale);
    const project = (lon, lat) => [(lon - w) * k * scale, (n - lat) * scale];
    const svgEl = s('svg', {
      id: 'map', class: 'map', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': t('map.title'),
      preserveAspectRatio: 'xMidYMid meet', direction: 'ltr',
    });
    svgEl.append(s('rect', { x: 0, y: 0, width, height, class: 'sea' }));
    const pathOf = (poly, proj) => poly.map(ring => ring.map(([lon, lat], i) => {
      const [px, py] = proj(lon, lat);
      return `${i ? 'L' : 'M'}${px.toFixed(1)},${py.toFixed(1)}`;
    }).join('') + 'Z').join('');
    const land = s('g', { class: 'countries' });
    for (const c of countries) {
      land.append(s('path', {
        d: c.polygons.map(poly => pathOf(poly, project)).join(''),
        class: `country${c.focus ? ' focus' : ''}${c.name === 'Mali' ? ' mali' : ''}`, 'fill-rule': 'evenodd',
      }, s('title', null, countryName(c))));
    }
    svgEl.append(land);
    // Points closer than a label's height would hide each other: the largest such cluster is
    // drawn again, enlarged, in an inset.
    const projected = places.map(p => ({ p, xy: project(p.at.lon, p.at.lat) }));
    const cluster = largestCluster(projected, 16);
    const inCluster = new Set(cluster.map(c => c.p.iri));
    const taken = [];

    // Names of the countries around Mali, where no place of the knowledge base is close (a
    // country that is a place has its own, clickable, label).
    const names = s('g', { class: 'country-labels', 'aria-hidden': 'true' });
    for (const c of countries) {
      if (!c.focus || !c.label) continue;
      const [lx, ly] = project(c.label[0], c.label[1]);
      if (lx < 40 || lx > width - 40 || ly < 20 || ly > height - 20) continue;
      if (projected.some(({ xy }) => Math.abs(xy[0] - lx) < 70 && Math.abs(xy[1] - ly) < 22)) continue;
      const name = countryName(c);
      const w2 = name.length * 4.5 + 6;
      taken.push({ x: lx - w2, y: ly - 12, w: 2 * w2, h: 16 });
      names.append(s('text', Object.assign({ x: lx, y: ly, class: 'country-label', 'text-anchor': 'middle' }, svgTextAttrs(name)), name));
    }
    svgEl.append(names);
    const layer = s('g', { class: 'points' });
    const sorted = projected.slice().sort((a, b) => Number(a.p.area) - Number(b.p.area) || b.p.claims - a.p.claims);
    for (const { p, xy } of sorted) {
      if (inCluster.has(p.iri)) {
        layer.append(s('circle', { cx: xy[0], cy: xy[1], r: 2.5, class: 'map-dot' }));
        continue;
      }
      layer.append(drawPoint(p, xy, taken, { x0: 0, y0: 0, x1: width, y1: height }));
    }
    svgEl.append(layer);
    if (cluster.length) svgEl.append(drawInset(cluster, countries, projected, project, width, height, pathOf));
    return h('figure', { class: 'map-figure' }, svgEl);
  }

  function svgTextAttrs(text) {
    return ARABIC_SCRIPT.test(text) ? { lang: 'ar', direction: 'rtl', 'unicode-bidi': 'embed' } : {};
  }

  // A place as a link to the claims about it: a circle and a label placed where it does not
  // cover an earlier one.
  function drawPoint(p, [x, y], taken, box) {
    const label = p.label.value;
    const rtl = ARABIC_SCRIPT.test(label);
    const textW = label.length * 6.6 + 4;
    const textH = 14;
    const r = p.area ? 5 : 4.5;
    const candidates = [
      ['right', x + r + 3, y + 4, x + r + 3, y - 10],
      ['left', x - r - 3, y + 4, x - r - 3 - textW, y - 10],
      ['above', x, y - r - 5, x - textW / 2, y - r - 5 - 12],
      ['below', x, y + r + 13, x - textW / 2, y + r + 1],
    ];
    const fits = ([, , , bx, by]) => bx >= box.x0 && bx + textW <= box.x1 && by >= box.y0 && by + textH <= box.y1
      && !taken.some(b => bx < b.x + b.w && bx + textW > b.x && by < b.y + b.h && by + textH > b.y);
    const choice = candidates.find(fits) || candidates[0];
    const [side, tx, ty, bx, by] = choice;
    taken.push({ x: bx, y: by, w: textW, h: textH });
    // Which end of the text sits at (tx, ty): for right-to-left text, "start" is the right end.
    const anchor = side === 'above' || side === 'below' ? 'middle'
      : (side === 'right') !== rtl ? 'start' : 'end';
    const tip = [label, p.claims ? t('map.claims', { n: p.claims }) : null,
      ...p.events.map(ev => `• ${ev.date ? formatDate(parseDate(ev.date.value, ev.date.datatype)) + ' — ' : ''}${ev.label ? ev.label.value : compact(ev.iri)}`)]
      .filter(Boolean).join('\n');
    return s('a', { href: aboutHref(p.iri), class: `map-point${p.area ? ' area' : ''}`, 'data-place': p.iri },
      s('title', null, tip),
      s('circle', { cx: x, cy: y, r }),
      s('text', Object.assign({ x: tx, y: ty, 'text-anchor': anchor }, svgTextAttrs(label)), label));
  }

  function largestCluster(projected, distance) {
    const parent = projected.map((_, i) => i);
    const find = i => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (let i = 0; i < projected.length; i += 1) {
      for (let j = i + 1; j < projected.length; j += 1) {
        const [ax, ay] = projected[i].xy;
        const [bx, by] = projected[j].xy;
        if (Math.hypot(ax - bx, ay - by) < distance) parent[find(i)] = find(j);
      }
    }
    const groups = new Map();
    projected.forEach((item, i) => { const root = find(i); if (!groups.has(root)) groups.set(root, []); groups.get(root).push(item); });
    const best = [...groups.values()].filter(g => g.length > 1).sort((a, b) => b.length - a.length)[0];
    return best || [];
  }

  function drawInset(cluster, countries, projected, project, width, height, pathOf) {
    let [w, so, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const { p } of cluster) { w = Math.min(w, p.at.lon); e = Math.max(e, p.at.lon); so = Math.min(so, p.at.lat); n = Math.max(n, p.at.lat); }
    const pad = Math.max(0.08, (e - w) * 0.4, (n - so) * 0.4);
    w -= pad; e += pad; so -= pad; n += pad;
    const boxW = 300;
    const boxH = 220;
    const k = Math.cos((((so + n) / 2) * Math.PI) / 180);
    const scale = Math.min(boxW / ((e - w) * k), boxH / (n - so));
    // Centre the cluster's frame in the box.
    const cw = (e - w) * k * scale;
    const ch = (n - so) * scale;
    const corners = [[10, 10], [width - boxW - 10, 10], [10, height - boxH - 10], [width - boxW - 10, height - boxH - 10]];
    const free = ([cx, cy]) => !projected.some(({ xy }) => xy[0] > cx - 20 && xy[0] < cx + boxW + 20 && xy[1] > cy - 20 && xy[1] < cy + boxH + 20);
    const [ox, oy] = corners.find(free) || corners[0];
    const inset = (lon, lat) => [ox + (boxW - cw) / 2 + (lon - w) * k * scale, oy + (boxH - ch) / 2 + (n - lat) * scale];
    const g = s('g', { class: 'inset' });
    // Where the inset is on the main map.
    const [ax, ay] = project(w, n);
    const [bx, by] = project(e, so);
    g.append(s('rect', { x: ax, y: ay, width: Math.max(4, bx - ax), height: Math.max(4, by - ay), class: 'inset-marker' }));
    const clipId = 'inset-clip';
    g.append(s('clipPath', { id: clipId }, s('rect', { x: ox, y: oy, width: boxW, height: boxH })));
    g.append(s('line', { x1: (ax + bx) / 2, y1: (ay + by) / 2, x2: ox + boxW / 2, y2: oy + (oy > height / 2 ? 0 : boxH), class: 'inset-leader' }));
    g.append(s('rect', { x: ox, y: oy, width: boxW, height: boxH, class: 'inset-frame sea' }));
    const land = s('g', { 'clip-path': `url(#${clipId})` });
    for (const c of countries) {
      land.append(s('path', { d: c.polygons.map(poly => pathOf(poly, inset)).join(''), class: `country${c.focus ? ' focus' : ''}${c.name === 'Mali' ? ' mali' : ''}`, 'fill-rule': 'evenodd' }));
    }
    g.append(land);
    g.append(s('text', { x: ox + 6, y: oy + 14, class: 'inset-title' }, t('map.inset')));
    const taken = [{ x: ox, y: oy, w: 80, h: 18 }]; // the inset's title
    const box = { x0: ox, y0: oy, x1: ox + boxW, y1: oy + boxH };
    for (const { p } of cluster) g.append(drawPoint(p, inset(p.at.lon, p.at.lat), taken, box));
    return g;
  }

  function drawPlaceList(places) {
    const sorted = places.slice().sort((a, b) => b.claims - a.claims || a.label.value.localeCompare(b.label.value));
    return h('section', { class: 'card map-places', 'aria-labelledby': 'places-h' },
      h('h2', { id: 'places-h' }, t('map.places')),
      h('ul', { class: 'plain places' }, sorted.map(p => h('li', { 'data-place': p.iri },
        h('a', { href: aboutHref(p.iri), class: 'place-link' }, literalEl('span', p.label)),
        ' ', h('span', { class: 'muted small' }, t('map.claims', { n: p.claims })),
        p.events.length ? h('ul', { class: 'events' }, p.events.map(ev => h('li', null,
          ev.date ? [timeEl(ev.date.value, ev.date.datatype), ' '] : null,
          h('a', { href: aboutHref(ev.iri) }, ev.label ? literalEl('span', ev.label) : compact(ev.iri))))) : null))));
  }

  // ---------------------------------------------------------------------------------------
  // Query view

  let queryCatalogue = null;
  let adhocText = `# Claims and their statuses, newest first
SELECT ?claim ?status ?firstReported ?statement WHERE {
  ?claim a cg:Claim ;
         cg:status ?status ;
         cg:firstReported ?firstReported ;
         cg:statement ?statement .
  FILTER(LANGMATCHES(LANG(?statement), "en"))
}
ORDER BY DESC(?firstReported) ?claim
LIMIT 20`;
  let lastRun = null;
  let runSeq = 0;

  function loadCatalogue() {
    if (!queryCatalogue) {
      queryCatalogue = request('/api/queries', { headers: { Accept: 'application/json' } })
        .then(res => res.json())
        .catch(err => { queryCatalogue = null; throw err; });
    }
    return queryCatalogue;
  }

  async function renderQuery(ctx) {
    mount('query');
    const main = view();
    main.append(h('h1', null, t('query.title')));
    let catalogue = [];
    let catalogueError = null;
    try {
      catalogue = await loadCatalogue();
    } catch (err) {
      catalogueError = err;
    }
    if (!ctx.live()) return;
    const chosen = ctx.params.get('q');
    const select = h('select', { id: 'query-select', name: 'q' },
      catalogue.map(q => h('option', { value: q.name }, q.title ? `${q.title} (${q.name})` : q.name)));
    if (chosen && catalogue.some(q => q.name === chosen)) select.value = chosen;
    const describe = h('div', { id: 'query-description' });
    const paramBox = h('div', { id: 'query-params', class: 'fields' });
    const namedForm = h('form', { id: 'named-query-form', class: 'card', autocomplete: 'off' },
      h('h2', null, t('query.named')),
      catalogueError ? errorBox(catalogueError.message) : null,
      h('label', { class: 'field wide', for: 'query-select' }, select),
      describe, paramBox,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'run-named' }, t('query.run'))));
    const showParams = () => {
      const q = catalogue.find(x => x.name === select.value);
      clear(describe);
      clear(paramBox);
      if (!q) return;
      describe.append(h('p', { class: 'muted' }, q.description || ''));
      if (!q.params || !q.params.length) paramBox.append(h('p', { class: 'muted small' }, t('query.noParams')));
      for (const p of q.params || []) {
        const example = /e\.g\.\s*(\S+)/.exec(p.description || '');
        paramBox.append(h('label', { class: 'field', for: `param-${p.name}` },
          h('span', null, p.name),
          h('input', {
            id: `param-${p.name}`, name: p.name, 'data-param': p.name, type: 'text', dir: 'ltr', spellcheck: 'false',
            placeholder: example ? example[1].replace(/[.,;]$/, '') : '', value: select.value === chosen ? (ctx.params.get(p.name) || '') : '',
          }),
          h('small', { class: 'muted' }, p.description || '')));
      }
    };
    select.addEventListener('change', showParams);
    showParams();
    namedForm.addEventListener('submit', e => {
      e.preventDefault();
      const name = select.value;
      if (!name) return;
      const params = [...paramBox.querySelectorAll('input[data-param]')].filter(i => i.value.trim()).map(i => [i.dataset.param, i.value.trim()]);
      // The hash records the run, so it can be linked to; replaceState does not re-render.
      history.replaceState(null, '', `#/query${qs([['q', name], ...params, ['run', '1']])}`);
      if (view().dataset.ready !== undefined) view().dataset.ready = location.hash;
      runQuery({ kind: 'named', name, params });
    });

    const editor = h('textarea', {
      id: 'sparql-editor', name: 'query', rows: 10, spellcheck: 'false', dir: 'ltr', 'aria-label': 'SPARQL',
    });
    editor.value = adhocText;
    editor.addEventListener('input', () => { adhocText = editor.value; });
    editor.addEventListener('keydown', e => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); adhocForm.requestSubmit(); }
    });
    const adhocForm = h('form', { id: 'sparql-form', class: 'card' },
      h('h2', null, t('query.adhoc')),
      h('p', { class: 'muted small' }, t('query.adhocHint')),
      editor,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'run-sparql' }, t('query.run'))));
    adhocForm.addEventListener('submit', e => {
      e.preventDefault();
      runQuery({ kind: 'sparql', query: editor.value });
    });

    const results = h('section', { id: 'results', class: 'card', 'data-state': 'idle', 'data-seq': String(runSeq), 'aria-live': 'polite' },
      h('h2', null, t('query.results')),
      h('div', { class: 'results-bar' },
        h('span', { id: 'results-status', class: 'muted' }),
        h('button', { type: 'button', id: 'download-csv', disabled: true, onclick: () => download('csv') }, t('query.csv')),
        h('button', { type: 'button', id: 'download-json', disabled: true, onclick: () => download('json') }, t('query.json'))),
      h('div', { id: 'query-error', class: 'error', role: 'alert', hidden: true }),
      h('div', { class: 'table-wrap' }, h('table', { id: 'results-table', class: 'results' }, h('thead'), h('tbody'))));
    main.append(h('div', { class: 'query-grid' }, namedForm, adhocForm), results);
    ctx.ready();
    if (chosen && ctx.params.get('run') === '1' && catalogue.some(q => q.name === chosen)) namedForm.requestSubmit();
  }

  function requestFor(run, accept) {
    if (run.kind === 'named') {
      const p = new URLSearchParams(run.params);
      return [`/api/queries/${encodeURIComponent(run.name)}${run.params.length ? `?${p}` : ''}`, { headers: { Accept: accept } }];
    }
    return ['/sparql', { method: 'POST', headers: { Accept: accept }, body: new URLSearchParams({ query: run.query }) }];
  }

  async function runQuery(run) {
    const seq = ++runSeq;
    const results = document.getElementById('results');
    const status = document.getElementById('results-status');
    const errorEl = document.getElementById('query-error');
    const table = document.getElementById('results-table');
    results.dataset.state = 'loading';
    results.dataset.seq = String(seq);
    status.textContent = t('query.running');
    errorEl.hidden = true;
    errorEl.textContent = '';
    table.tHead.replaceChildren();
    table.tBodies[0].replaceChildren();
    for (const b of results.querySelectorAll('.results-bar button')) b.disabled = true;
    const started = performance.now();
    try {
      // Graph answers (CONSTRUCT, DESCRIBE) come in an RDF syntax the server chooses.
      const res = await request(...requestFor(run, `${JSON_RESULTS}, application/n-triples;q=0.9, text/turtle;q=0.8, */*;q=0.1`));
      const type = res.headers.get('Content-Type') || '';
      const body = await res.text();
      if (seq !== runSeq) return;
      lastRun = run;
      const ms = Math.round(performance.now() - started);
      if (/json/.test(type)) {
        const json = JSON.parse(body);
        if (typeof json.boolean === 'boolean') {
          status.textContent = `${t('query.boolean', { value: String(json.boolean) })} · ${t('query.ms', { ms })}`;
          table.tBodies[0].append(h('tr', { class: 'result-row' }, h('td', null, String(json.boolean))));
        } else {
          const vars = json.head.vars || [];
          const rows = json.results.bindings;
          status.textContent = `${t('query.rows', { n: rows.length })} · ${t('query.ms', { ms })}`;
          drawResults(table, vars, rows);
        }
      } else {
        status.textContent = `${t('query.graph')} (${type.split(';')[0]}) · ${t('query.ms', { ms })}`;
        const lines = body.split('\n').filter(Boolean);
        table.tHead.append(h('tr', null, h('th', null, t('query.graph'))));
        table.tBodies[0].append(...lines.map(line => h('tr', { class: 'result-row' }, h('td', null, h('code', { dir: 'ltr' }, line)))));
      }
      for (const b of results.querySelectorAll('.results-bar button')) b.disabled = false;
      results.dataset.state = 'done';
    } catch (err) {
      if (seq !== runSeq) return;
      status.textContent = '';
      errorEl.hidden = false;
      errorEl.textContent = err.status ? `${err.status}: ${err.message}` : err.message;
      results.dataset.state = 'error';
    }
  }

  function drawResults(table, vars, rows) {
    table.tHead.append(h('tr', null, vars.map(v => h('th', { scope: 'col' }, `?${v}`))));
    const frag = document.createDocumentFragment();
    const iris = new Set();
    for (const row of rows) {
      frag.append(h('tr', { class: 'result-row' }, vars.map(v => h('td', null, termEl(row[v], iris)))));
    }
    table.tBodies[0].append(frag);
    labelIris(table, iris);
  }

  function termEl(term, iris) {
    if (!term) return '';
    if (term.type === 'uri') {
      iris.add(term.value);
      const short = compact(term.value);
      const local = localName(term.value);
      // Claims open their page; other resources of the knowledge base their entity query.
      const href = term.value.startsWith(ID)
        ? (/^claim-/.test(local) && !/-(quote|quote-selector|status-\d+)$/.test(local) ? claimHref(term.value) : `#/query${qs([['q', 'entity'], ['entity', short], ['run', '1']])}`)
        : null;
      const inner = [h('span', { class: 'iri-label' }), h('code', { class: 'iri', dir: 'ltr' }, short)];
      return href ? h('a', { href, 'data-iri': term.value, title: term.value }, inner) : h('span', { 'data-iri': term.value, title: term.value }, inner);
    }
    if (term.type === 'bnode') return h('code', { dir: 'ltr' }, `_:${term.value}`);
    const plain = ['string', 'integer', 'decimal', 'double', 'boolean'].map(x => XSD + x).concat(NS_MAP.get('rdf') + 'langString');
    const dt = term.datatype && !plain.includes(term.datatype) ? term.datatype : null;
    return [txt('span', term.value, term['xml:lang'], { class: 'literal' }),
      term['xml:lang'] ? h('span', { class: 'muted small' }, ` @${term['xml:lang']}`) : null,
      dt ? h('span', { class: 'muted small', dir: 'ltr' }, ` ^^${compact(dt)}`) : null];
  }

  // Labels for the IRIs of a result table: one query with VALUES, labels in the page's
  // language, else English.
  async function labelIris(table, iris) {
    const list = [...iris].filter(i => /^[^\s<>"{}|\\^`]+$/.test(i)).slice(0, 400);
    if (!list.length) return;
    let rows;
    try {
      rows = await sparql(`
SELECT ?x ?label WHERE {
  VALUES ?x { ${list.map(i => `<${i}>`).join(' ')} }
  ${labelIn('?x', 'rdfs:label', 'rl')}
  ${labelIn('?x', 'skos:prefLabel', 'pl')}
  BIND(COALESCE(?rl, ?pl) AS ?label)
  FILTER(BOUND(?label))
}`);
    } catch (_) {
      return;
    }
    const labels = new Map();
    for (const row of rows) if (!labels.has(val(row, 'x'))) labels.set(val(row, 'x'), row.label);
    for (const el of table.querySelectorAll('[data-iri]')) {
      const label = labels.get(el.dataset.iri);
      const slot = el.querySelector('.iri-label');
      if (!label || !slot || slot.textContent) continue;
      Object.assign(slot, { textContent: label.value });
      for (const [k, v] of Object.entries(textAttrs(label.value, label['xml:lang']))) slot.setAttribute(k, v);
    }
  }

  // The last query again, as CSV or JSON, saved as a file.
  async function download(format) {
    if (!lastRun) return;
    const accept = format === 'csv' ? 'text/csv' : JSON_RESULTS;
    const errorEl = document.getElementById('query-error');
    try {
      const res = await request(...requestFor(lastRun, accept));
      const blob = await res.blob();
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: `${lastRun.kind === 'named' ? lastRun.name : 'query'}.${format}` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    } catch (err) {
      errorEl.hidden = false;
      errorEl.textContent = err.message;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Language

  function applyLanguage() {
    const root = document.documentElement;
    root.lang = lang;
    root.dir = lang === 'ar' ? 'rtl' : 'ltr';
    for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
    const select = document.getElementById('lang-select');
    if (select) select.value = lang;
    document.title = `claimgraph · ${t('nav.' + (ROUTES[parseHash().route] ? (parseHash().route === 'claim' ? 'claims' : parseHash().route) : 'claims'))}`;
  }

  function setLanguage(next) {
    if (!LANGS.includes(next) || next === lang) return;
    lang = next;
    try { localStorage.setItem(LANG_KEY, lang); } catch (_) { /* not kept: fine */ }
    applyLanguage();
    render(true);
  }

  // ---------------------------------------------------------------------------------------
  // Start

  function start() {
    applyLanguage();
    document.getElementById('lang-select').addEventListener('change', e => setLanguage(e.target.value));
    window.addEventListener('hashchange', () => { applyLanguage(); render(false); });
    render(true);
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
