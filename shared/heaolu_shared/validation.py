"""Validation errors as people read them: the field, a stable code and a catalogue message.

Pydantic's error types each have a message here in Estonian, English and Russian; a validator
that raises :func:`heaolu_shared.messages.invalid` brings its own. The input value is never
repeated (it may be a personal code), and neither is the name of an unknown field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from heaolu_shared.messages import CATALOGUE, Message, define


def _v(kind: str, et: str, en: str, ru: str) -> tuple[str, Message]:
    return kind, define(f"validation.{kind}", et=et, en=en, ru=ru)


INVALID_VALUE = define(
    "validation.value_error", et="Vigane väärtus", en="Invalid value", ru="Неверное значение"
)

PYDANTIC_MESSAGES: dict[str, Message] = dict(
    [
        _v("missing", "Kohustuslik väli puudub", "Field required", "Обязательное поле"),
        _v("extra_forbidden", "Tundmatu väli", "Unknown field", "Неизвестное поле"),
        _v(
            "string_too_long",
            "Tekst on pikem kui {max_length} märki",
            "The text is longer than {max_length} characters",
            "Текст длиннее {max_length} символов",
        ),
        _v(
            "string_too_short",
            "Tekst on lühem kui {min_length} märki",
            "The text is shorter than {min_length} characters",
            "Текст короче {min_length} символов",
        ),
        _v(
            "string_pattern_mismatch",
            "Väärtus ei vasta nõutud kujule",
            "The value does not have the required form",
            "Значение не соответствует требуемому виду",
        ),
        _v("string_type", "Oodati teksti", "Expected text", "Ожидался текст"),
        _v(
            "string_unicode",
            "Tekst pole korrektne Unicode",
            "The text is not valid Unicode",
            "Текст не является корректным Unicode",
        ),
        _v("int_parsing", "Oodati täisarvu", "Expected an integer", "Ожидалось целое число"),
        _v("int_type", "Oodati täisarvu", "Expected an integer", "Ожидалось целое число"),
        _v(
            "int_from_float",
            "Oodati täisarvu",
            "Expected an integer",
            "Ожидалось целое число",
        ),
        _v("float_parsing", "Oodati arvu", "Expected a number", "Ожидалось число"),
        _v("float_type", "Oodati arvu", "Expected a number", "Ожидалось число"),
        _v("decimal_parsing", "Oodati arvu", "Expected a number", "Ожидалось число"),
        _v("decimal_type", "Oodati arvu", "Expected a number", "Ожидалось число"),
        _v(
            "bool_parsing",
            "Oodati tõeväärtust",
            "Expected true or false",
            "Ожидалось true или false",
        ),
        _v("bool_type", "Oodati tõeväärtust", "Expected true or false", "Ожидалось true или false"),
        _v("literal_error", "Lubamatu väärtus", "Value not allowed", "Недопустимое значение"),
        _v("enum", "Lubamatu väärtus", "Value not allowed", "Недопустимое значение"),
        _v("date_parsing", "Vigane kuupäev", "Invalid date", "Неверная дата"),
        _v("date_type", "Vigane kuupäev", "Invalid date", "Неверная дата"),
        _v("date_from_datetime_parsing", "Vigane kuupäev", "Invalid date", "Неверная дата"),
        _v(
            "date_from_datetime_inexact",
            "Vigane kuupäev",
            "Invalid date",
            "Неверная дата",
        ),
        _v("datetime_parsing", "Vigane aeg", "Invalid date and time", "Неверное время"),
        _v("datetime_type", "Vigane aeg", "Invalid date and time", "Неверное время"),
        _v(
            "datetime_from_date_parsing",
            "Vigane aeg",
            "Invalid date and time",
            "Неверное время",
        ),
        _v(
            "timezone_aware",
            "Ajal peab olema ajavöönd",
            "The time needs a time zone",
            "У времени должен быть часовой пояс",
        ),
        _v("time_parsing", "Vigane kellaaeg", "Invalid time", "Неверное время суток"),
        _v("uuid_parsing", "Vigane tunnus", "Invalid identifier", "Неверный идентификатор"),
        _v("uuid_type", "Vigane tunnus", "Invalid identifier", "Неверный идентификатор"),
        _v("uuid_version", "Vigane tunnus", "Invalid identifier", "Неверный идентификатор"),
        _v("list_type", "Oodati loendit", "Expected a list", "Ожидался список"),
        _v("set_type", "Oodati loendit", "Expected a list", "Ожидался список"),
        _v("tuple_type", "Oodati loendit", "Expected a list", "Ожидался список"),
        _v(
            "too_long",
            "Rohkem kui {max_length} elementi",
            "More than {max_length} items",
            "Более {max_length} элементов",
        ),
        _v(
            "too_short",
            "Vähem kui {min_length} elementi",
            "Fewer than {min_length} items",
            "Менее {min_length} элементов",
        ),
        _v("dict_type", "Oodati objekti", "Expected an object", "Ожидался объект"),
        _v("model_type", "Oodati objekti", "Expected an object", "Ожидался объект"),
        _v("model_attributes_type", "Oodati objekti", "Expected an object", "Ожидался объект"),
        _v("json_invalid", "Vigane JSON", "Invalid JSON", "Неверный JSON"),
        _v("json_type", "Vigane JSON", "Invalid JSON", "Неверный JSON"),
        _v(
            "greater_than_equal",
            "Väärtus peab olema vähemalt {ge}",
            "The value must be at least {ge}",
            "Значение должно быть не меньше {ge}",
        ),
        _v(
            "greater_than",
            "Väärtus peab olema suurem kui {gt}",
            "The value must be greater than {gt}",
            "Значение должно быть больше {gt}",
        ),
        _v(
            "less_than_equal",
            "Väärtus võib olla kuni {le}",
            "The value must be at most {le}",
            "Значение должно быть не больше {le}",
        ),
        _v(
            "less_than",
            "Väärtus peab olema väiksem kui {lt}",
            "The value must be less than {lt}",
            "Значение должно быть меньше {lt}",
        ),
        _v(
            "union_tag_invalid",
            "Lubamatu liik",
            "Kind not allowed",
            "Недопустимый вид",
        ),
        _v("union_tag_not_found", "Liik puudub", "Kind missing", "Вид отсутствует"),
        _v("bytes_type", "Oodati teksti", "Expected text", "Ожидался текст"),
        _v(
            "finite_number",
            "Arv peab olema lõplik",
            "The number must be finite",
            "Число должно быть конечным",
        ),
        _v(
            "recursion_loop",
            "Andmed on liiga sügavalt pesastatud",
            "The data is nested too deeply",
            "Данные слишком глубоко вложены",
        ),
    ]
)

_SAFE_PARAM_TYPES = (int, float, str)


def _params(message: Message, ctx: dict[str, Any] | None) -> dict[str, Any]:
    wanted = message.placeholders("en")
    params = {k: v for k, v in (ctx or {}).items() if k in wanted}
    if set(params) != wanted or not all(isinstance(v, _SAFE_PARAM_TYPES) for v in params.values()):
        return {}
    return params


def _message(error: dict[str, Any]) -> tuple[Message, dict[str, Any]]:
    kind = str(error.get("type", ""))
    message = PYDANTIC_MESSAGES.get(kind) or CATALOGUE.get(kind)
    if message is not None:
        params = _params(message, error.get("ctx"))
        if message.placeholders("en") and not params:
            return INVALID_VALUE, {}
        return message, params
    # A validator's own ValueError is not shown: its text is not in the catalogue (a rule
    # that people should read raises ``invalid(message)``).
    return INVALID_VALUE, {}


def _field(error: dict[str, Any]) -> str:
    location: Sequence[Any] = error.get("loc", ())
    if error.get("type") == "extra_forbidden":
        # The unknown key is the caller's text (it could be a personal code): name its parent.
        location = location[:-1]
    return ".".join(str(p) for p in location if p != "body")


def validation_errors(errors: Sequence[Any]) -> list[tuple[str, str, Message, dict[str, Any]]]:
    """``(field, code, message, params)`` of each pydantic error, without the input values."""
    rendered = []
    for error in errors:
        message, params = _message(error)
        rendered.append((_field(error), message.key, message, params))
    return rendered
