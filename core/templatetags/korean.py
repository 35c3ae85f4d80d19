"""{{ word|josa:"이/가" }}: the Korean particle after ``word`` (nothing in other languages), for
blocktranslate messages whose Korean text needs it: {% blocktranslate with ga=store|josa:"이/가" %}."""

from django import template

from core.korean import particle

register = template.Library()


@register.filter
def josa(word, pair):
    return str(particle(word, pair))
