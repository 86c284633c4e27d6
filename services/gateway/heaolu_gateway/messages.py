"""The gateway's messages to callers (see :mod:`heaolu_shared.messages`)."""

from __future__ import annotations

from heaolu_shared.messages import define

NO_SUCH_API = define(
    "gateway.no-such-api",
    et="Sellist liidest pole",
    en="There is no such API",
    ru="Такого интерфейса нет",
)
ROLE_NOT_ALLOWED = define(
    "gateway.role-not-allowed",
    et="Teie roll ei luba seda liidest kasutada",
    en="Your role does not allow this API",
    ru="Ваша роль не позволяет использовать этот интерфейс",
)
NO_EXPORT = define(
    "gateway.no-export",
    et="Kaitstud andmeid ei saa eksportida ega alla laadida",
    en="Protected data cannot be exported or downloaded",
    ru="Защищённые данные нельзя экспортировать или скачивать",
)
PAGE_TOO_LARGE = define(
    "gateway.page-too-large",
    et="Kaitstud andmeid näidatakse korraga kuni {limit} rida",
    en="Protected data is shown at most {limit} rows at a time",
    ru="Защищённые данные показываются не более {limit} строк за раз",
)
TOO_MANY_REQUESTS = define(
    "gateway.too-many-requests",
    et="Liiga palju päringuid; proovige hiljem uuesti",
    en="Too many requests; try again later",
    ru="Слишком много запросов; попробуйте позже",
)
UPSTREAM_TIMEOUT = define(
    "gateway.upstream-timeout",
    et="Teenus {service} ei vastanud õigel ajal",
    en="The {service} service did not answer in time",
    ru="Сервис {service} не ответил вовремя",
)
UPSTREAM_UNREACHABLE = define(
    "gateway.upstream-unreachable",
    et="Teenus {service} pole kättesaadav",
    en="The {service} service is unreachable",
    ru="Сервис {service} недоступен",
)
