"""Intake's messages to people (see :mod:`heaolu_shared.messages`)."""

from __future__ import annotations

from heaolu_shared.messages import define

NOT_A_CHILD_TITLE = define(
    "problem.not-a-child",
    et="Teade ei puuduta last",
    en="Not about a child",
    ru="Сообщение не касается ребёнка",
)
NOT_A_CHILD = define(
    "intake.not-a-child",
    et="Isik on täisealine. Täisealise abivajadusest teatage tema elukohajärgse omavalitsuse "
    "sotsiaaltöötajale, hädaolukorras helistage 112.",
    en="The person is 18 or older, so this is not a child-protection report. For an adult in "
    "need, contact the social worker of their municipality of residence, or call 112 in an "
    "emergency.",
    ru="Лицо совершеннолетнее, поэтому это не сообщение о защите ребёнка. О взрослом, "
    "нуждающемся в помощи, сообщите социальному работнику его самоуправления по месту "
    "жительства, в экстренном случае звоните 112.",
)
