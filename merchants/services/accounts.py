"""Merchant sign-up: a user with the merchant role and its Merchant profile, created together."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import Merchant


def merchant_sign_up(*, username: str, password: str, last_name: str, first_name: str, email: str,
                     phone: str = ""):
    """Create the account (role merchant) and its profile; the caller logs the user in."""
    User = get_user_model()
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, email=email, role=User.Role.MERCHANT,
                                        last_name=last_name, first_name=first_name, phone=phone[:20])
        Merchant.objects.create(user=user, phone=phone)
    return user
