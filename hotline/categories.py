"""The hotline's default categories, seeded by migration 0002.

Names and descriptions are English message ids, shown through gettext
(`Category.display_name`), so the Korean catalogue gives 주차, 소음... and
English users read English. Service levels are business days (weekends and
Korean public holidays skipped).
"""

from django.utils.translation import gettext_noop

# code, name, description, service level (business days), Open311 keywords, sort order
DEFAULT_CATEGORIES = [
    ("parking", gettext_noop("Parking"),
     gettext_noop("Illegal parking, blocked alley entrances, loading zones."), 3, "주차,불법주차,parking", 10),
    ("noise", gettext_noop("Noise"),
     gettext_noop("Noise late at night, loudspeakers, construction noise."), 5, "소음,noise", 20),
    ("cleanliness", gettext_noop("Cleanliness and hygiene"),
     gettext_noop("Litter, illegal dumping, smells, pests."), 3, "청소,쓰레기,위생,cleanliness", 30),
    ("safety", gettext_noop("Safety"),
     gettext_noop("Broken paving, dark streets, dangerous structures."), 2, "안전,safety", 40),
    ("onnuri", gettext_noop("Onnuri certificate use or refusal"),
     gettext_noop("A store refuses Onnuri gift certificates, or questions about using them."), 7,
     "온누리상품권,온누리,거부,onnuri", 50),
    ("signage", gettext_noop("Signage and street environment"),
     gettext_noop("Signboards, banners, street furniture, the look of the alley."), 10, "간판,거리환경,signage", 60),
    ("support", gettext_noop("Support programmes"),
     gettext_noop("Questions about support programmes for merchants and alley districts."), 10,
     "지원사업,support", 70),
    ("other", gettext_noop("Other"), gettext_noop("Anything else about the alley economy."), 7, "기타,other", 80),
]
