"""The advert checker's warning signs (fixtures/clinics/advert_signs.yaml) on real wording.

Each sign must flag plain English and Spanish (Mexican) sentences, and must not flag a
near miss: the same words negated, asked as a question, or used in a neutral way. The
evaluation corpus (tests/data/adverts.yaml) must reach the recall and false-positive
targets; bench/advert_check.py prints the same figures with the time per text.
"""

import re

import pytest

from clinics.advert import (
    MAX_TEXT,
    SENTENCE_REACH,
    check_advert,
    compile_signs,
    find_matches,
    sentence_around,
)
from clinics.models import AdvertSign

from .advert_corpus import FALSE_POSITIVE_TARGET, RECALL_TARGET, load_corpus, long_text, score

pytestmark = pytest.mark.django_db

# slug -> sentences it must flag in English and in Spanish, and near misses it must not flag.
SIGN_CASES = {
    "cure-guarantee": {
        "en": ["Our treatment is a real cure for paralysis.", "We guarantee you will see results."],
        "es": [
            "Ofrecemos la cura definitiva para la lesión medular.",
            "Resultados garantizados o le devolvemos su dinero.",
        ],
        "not": [
            "There is no cure for spinal cord injury yet.",
            "We cannot guarantee any result.",
            "No podemos garantizar que usted mejore.",
            "Ninguna clínica puede garantizar resultados.",
            "The price is guaranteed until June.",
        ],
    },
    "success-rate": {
        "en": ["85% of our patients report better sensation.", "We have a 92% success rate."],
        "es": [
            "El 80% de los pacientes muestra mejoría.",
            "Tenemos una tasa de éxito del 90%.",
        ],
        "not": [
            "In one review, about half of treated people moved up one grade.",
            "In a survey of 8 clinics, only 2 gave a success rate of 65% to 85%.",
        ],
    },
    "patient-stories": {
        "en": [
            "Read the testimonials from our happy patients.",
            "Watch Maria's amazing recovery on our channel.",
        ],
        "es": [
            "Mira los testimonios de nuestros pacientes.",
            "Conoce las historias de éxito de nuestra clínica.",
        ],
        "not": [
            "A testimonial is not evidence that a treatment works.",
            "Un testimonio no demuestra que el tratamiento funcione.",
            "Stories from other patients can tell you what the trip was like.",
        ],
    },
    "walking-promise": {
        "en": [
            "After treatment, many patients walk again.",
            "He was able to leave his wheelchair after the second round.",
        ],
        "es": ["Su hijo podrá volver a caminar.", "Salió caminando de la clínica."],
        "not": [
            "We cannot promise that you will walk again.",
            "No podemos prometer que vuelva a caminar.",
            "Most people graded C walked on their own by six months.",
        ],
    },
    "quick-results": {
        "en": ["You will see results in just 2 weeks.", "Patients notice immediate improvement."],
        "es": ["Verás resultados en 4 semanas.", "Resultados inmediatos desde la primera sesión."],
        "not": [
            "In one study, most recovery happened in the first 6 months, with or without cells.",
            "Your team will review your goals every two weeks.",
            "A headache after a spinal tap usually settles within a few days.",
        ],
    },
    "many-conditions": {
        "en": [
            "We treat autism, multiple sclerosis, Parkinson's and stroke.",
            "Ask about our anti-aging stem cell package.",
        ],
        "es": [
            "Tratamos autismo, esclerosis múltiple, Parkinson y diabetes.",
            "Terapia antienvejecimiento con células madre.",
        ],
        "not": [
            "A survey found clinics offering cells for autism, stroke and arthritis.",
            "People with diabetes have a higher risk of pressure sores.",
        ],
    },
    "pay-to-join-trial": {
        "en": [
            "The participation fee for our study is USD 20,000.",
            "This is a patient-funded trial.",
        ],
        "es": [
            "Estudio clínico con costo de recuperación.",
            "La cuota de participación es de 15,000 dólares.",
        ],
        "not": [
            "There is no cost to participants for study procedures.",
            "Los procedimientos del estudio no tienen costo.",
        ],
    },
    "licence-as-proof": {
        "en": ["Our clinic is licensed by COFEPRIS.", "We work in a JCI-accredited hospital."],
        "es": [
            "Contamos con licencia sanitaria de COFEPRIS.",
            "Nuestro laboratorio está certificado.",
        ],
        "not": [
            "A COFEPRIS license does not show that a treatment works.",
            "Pida el número de licencia de COFEPRIS y verifíquelo.",
            "Joint Commission International accredits hospitals in many countries.",
        ],
    },
    "approval-claim": {
        "en": [
            "Stem cell therapy is completely legal in Mexico.",
            "Our treatment is government-approved.",
        ],
        "es": ["Tratamiento aprobado por COFEPRIS.", "Es totalmente legal en México."],
        "not": [
            "These cells are not approved for spinal cord injury.",
            "Is it legal in Mexico?",
            "Estos tratamientos no están aprobados por la FDA.",
            "The study is registered at ClinicalTrials.gov and approved by an ethics board.",
        ],
    },
    "risks-played-down": {
        "en": ["The procedure has no side effects.", "It is 100% safe."],
        "es": ["Es un procedimiento sin riesgos.", "Totalmente seguro y natural."],
        "not": [
            "No treatment is risk-free.",
            "Ningún tratamiento está libre de riesgos.",
            "Is it safe?",
        ],
    },
    "own-cells-safe": {
        "en": [
            "Because we use your own cells, there is no risk of rejection.",
            "Autologous therapy is completely safe.",
        ],
        "es": ["Usamos tus propias células, así que es seguro.", "Al ser tuyas, no hay rechazo."],
        "not": [
            "Using your own cells does not make a treatment safe.",
            "Usar tus propias células no elimina los riesgos.",
            "The trial used the participant's own cells.",
        ],
    },
    "science-words": {
        "en": ["Stem cells regenerate damaged nerves.", "Exosomes activate dormant neurons."],
        "es": [
            "Las células madre regeneran los nervios.",
            "Los exosomas reprograman las células dañadas.",
        ],
        "not": [
            "Researchers are studying whether cells could repair nerve tissue in animals.",
            "Los investigadores estudian en animales si podrían regenerar los nervios.",
        ],
    },
    "borrowed-studies": {
        "en": [
            "Our protocol is based on research from Harvard.",
            "Hundreds of studies prove that stem cells work.",
        ],
        "es": [
            "Nuestro tratamiento se basa en estudios de la Clínica Mayo.",
            "Cientos de estudios respaldan esta terapia.",
        ],
        "not": [
            "Was your clinic part of the Mayo Clinic study?",
            "The Mayo Clinic trial had only 10 people and no comparison group.",
        ],
    },
    "time-pressure": {
        "en": ["Only 3 spots left this month!", "Book this week and get a 10% discount."],
        "es": ["¡Cupo limitado!", "Aparta esta semana y recibe un descuento del 15%."],
        "not": [
            "Take as long as you need to decide.",
            "A real trial will still be there next month, so there is no need to decide today.",
            "No tiene que decidir hoy.",
        ],
    },
    "vague-price": {
        "en": ["All-inclusive package: $18,500.", "Treatment from only $9,900."],
        "es": ["Paquete todo incluido por $19,900 USD.", "Desde $12,000 USD."],
        "not": [
            "In one survey the average treatment cost about USD 7,700.",
            "Ask the supplier for an itemized quote before you sign.",
            "Trip cancellation cover pays back non-refundable costs.",
        ],
    },
    "skip-your-doctor": {
        "en": [
            "Your doctor may not know about this new therapy.",
            "You don't need a referral from your doctor.",
        ],
        "es": [
            "Su médico probablemente no conoce estas terapias.",
            "Muchos médicos no están actualizados.",
        ],
        "not": [
            "Talk it over with your own doctor before you decide.",
            "Platíquelo con su médico antes de decidir.",
        ],
    },
}


def case_params(kind: str) -> list:
    return [
        pytest.param(slug, sentence, id=f"{slug}-{kind}-{number}")
        for slug, cases in SIGN_CASES.items()
        for number, sentence in enumerate(cases[kind], start=1)
    ]


@pytest.fixture
def compiled():
    return compile_signs(list(AdvertSign.objects.filter(language="en")))


def signs_found(text: str, compiled) -> set[str]:
    return {entry.sign.slug for entry in check_advert(text, compiled).found}


def test_every_sign_has_cases_in_both_languages_and_a_near_miss():
    slugs = set(AdvertSign.objects.filter(language="en").values_list("slug", flat=True))
    assert 12 <= len(slugs) <= 16
    assert slugs == set(SIGN_CASES)
    for slug, cases in SIGN_CASES.items():
        assert cases["en"] and cases["es"] and cases["not"], slug


@pytest.mark.parametrize(("slug", "sentence"), case_params("en") + case_params("es"))
def test_sign_flags_its_wording(compiled, slug, sentence):
    assert slug in signs_found(sentence, compiled)


@pytest.mark.parametrize(("slug", "sentence"), case_params("not"))
def test_sign_leaves_near_misses_alone(compiled, slug, sentence):
    assert slug not in signs_found(sentence, compiled)


def test_corpus_is_large_and_labelled_with_real_signs():
    corpus = load_corpus()
    slugs = set(SIGN_CASES)
    ids = [item["id"] for item in corpus]
    assert len(ids) == len(set(ids))
    for kind in ("advert", "neutral"):
        items = [item for item in corpus if item["kind"] == kind]
        assert len(items) >= 24, kind
        assert sum(1 for item in items if item["language"] == "es") >= 8, kind
    for item in corpus:
        assert item["kind"] in {"advert", "neutral"} and item["language"] in {"en", "es"}
        assert len(item["text"]) <= MAX_TEXT, item["id"]
        assert set(item["labels"]) <= slugs, item["id"]
        if item["kind"] == "neutral":
            assert item["labels"] == [], item["id"]
        else:
            assert item["labels"], item["id"]
            assert len(item["text"]) >= 200, item["id"]
    near_full = [item for item in corpus if len(item["text"]) > 0.9 * MAX_TEXT]
    assert len(near_full) >= 2


def test_corpus_meets_recall_and_false_positive_targets(compiled):
    result = score(load_corpus(), compiled)
    assert result.recall >= RECALL_TARGET, f"recall {result.recall:.1%}; missed {result.missed}"
    assert result.false_positive_rate <= FALSE_POSITIVE_TARGET, (
        f"false positives {result.false_positive_rate:.1%}: {result.false_positives}"
    )


@pytest.mark.parametrize("text_id", ["en-social-juan", "es-web-cura", "en-long-clinic-page"])
def test_highlights_are_exactly_the_matched_phrases(compiled, text_id):
    text = next(item["text"] for item in load_corpus() if item["id"] == text_id)
    check = check_advert(text, compiled)
    matches = find_matches(text, compiled)
    assert matches
    assert "".join(segment for segment, _number in check.segments) == text
    assert [segment for segment, number in check.segments if number] == [
        match.phrase for match in matches
    ]
    for match in matches:
        assert text[match.start : match.end] == match.phrase
    numbers = {entry.sign.pk: entry.number for entry in check.found}
    highlighted = [number for _segment, number in check.segments if number]
    assert highlighted == [numbers[match.sign.pk] for match in matches]
    assert sorted(numbers.values()) == list(range(1, check.count + 1))
    for entry in check.found:
        assert entry.phrases and all(phrase in text for phrase in entry.phrases)


def test_awkward_full_length_texts_are_checked_whole(compiled):
    """Long, repetitive and sentence-less texts: every character comes back, in
    order, and each highlighted phrase is a real match. (bench/advert_check.py
    times these; the target is a median under 50 ms.)"""
    corpus = load_corpus()
    tricky = (
        "Results in the first weeks for most of our patients, no risk, your own cells. " * 300
    )[:MAX_TEXT]
    no_breaks = ("results in the first of our patients no risk your own cells walk " * 400)[
        :MAX_TEXT
    ]
    for text in (long_text(corpus, MAX_TEXT), tricky, no_breaks, "a" * MAX_TEXT):
        check = check_advert(text, compiled)
        assert "".join(segment for segment, _number in check.segments) == text
    assert check_advert(no_breaks, compiled).count > 0


def test_the_sentence_an_exception_reads_is_never_longer_than_its_reach():
    text = "word " * 4000  # 20,000 characters, no sentence breaks
    sentence = sentence_around(text, 10_000, 10_004)
    assert len(sentence) == 2 * SENTENCE_REACH + 4
    assert sentence_around("One. Two three. Four", 5, 8) == " Two three"
    assert sentence_around("no breaks at all", 3, 9) == "no breaks at all"


def lookahead_first_chars(items) -> set[str] | None:
    """The characters a parsed pattern can start with (lower case), or None if unknown."""
    from re import _constants as c

    chars: set[str] = set()
    for op, av in items:
        if op is c.AT:
            continue
        if op is c.LITERAL:
            return chars | {chr(av).lower()}
        if op is c.IN:
            for kind, value in av:
                if kind is c.LITERAL:
                    chars.add(chr(value).lower())
                elif kind is c.RANGE:
                    chars.update(chr(code).lower() for code in range(value[0], value[1] + 1))
                elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
                    chars.update("0123456789")
                else:
                    return None
            return chars
        if op is c.SUBPATTERN:
            inner = lookahead_first_chars(list(av[3]))
            return None if inner is None else chars | inner
        if op is c.BRANCH:
            for alternative in av[1]:
                inner = lookahead_first_chars(list(alternative))
                if inner is None:
                    return None
                chars |= inner
            return chars
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, _high, inner_items = av
            inner = lookahead_first_chars(list(inner_items))
            if inner is None:
                return None
            chars |= inner
            if low > 0:
                return chars
            continue
        return None
    return None


GUARD = re.compile(r"^\(\?=(\[[^\]]*\])\)\(\?:(.*)\)$")


def test_each_line_guard_lists_every_first_letter():
    """A pattern line may start with (?=[...]), the first characters of its alternatives,
    so the engine skips other words quickly. A letter missing from it would silently
    stop an alternative from ever matching."""
    from re import _parser

    for sign in AdvertSign.objects.all():
        for line in filter(None, (line.strip() for line in sign.patterns.splitlines())):
            guard = GUARD.match(line)
            if not guard:
                continue
            allowed = re.compile(guard.group(1), re.IGNORECASE)
            first = lookahead_first_chars(list(_parser.parse(guard.group(2), re.IGNORECASE)))
            assert first is not None, f"{sign.slug}: cannot tell how {line[:60]} starts"
            missing = sorted(char for char in first if not allowed.match(char))
            assert not missing, f"{sign.slug}: guard {guard.group(1)} lacks {missing}"


def test_finding_exceptions_once_gives_what_searching_each_sentence_gives(compiled):
    """Past its budget, find_matches finds exceptions once in the whole text;
    the result must be what searching each sentence would have given."""

    def sentence_by_sentence(text):
        candidates = sorted(
            (hit.start(), -(hit.end() - hit.start()), hit.end(), item.sign.slug)
             for item in compiled for pattern in item.patterns for hit in pattern.finditer(text)
             if hit.group(0) and not any(
                 e.search(sentence_around(text, hit.start(), hit.end())) for e in item.exceptions
             )
        )  # fmt: skip
        kept, reached = [], -1
        for start, _length, end, slug in candidates:
            if start >= reached:
                kept.append((start, slug))
                reached = end
        return kept

    repeated = ("We cannot promise you will walk again. Most of our patients walk again! " * 300)[
        :MAX_TEXT
    ]
    no_breaks = ("no guarantee of results in the first weeks your own cells no risk " * 300)[
        :MAX_TEXT
    ]
    for text in (repeated, no_breaks):
        found = [(m.start, m.sign.slug) for m in find_matches(text, compiled)]
        assert found and found == sentence_by_sentence(text)
