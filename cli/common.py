"""Argument parsing helpers shared by the commands."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from app.domain.clock import check_year, parse_local


def datetime_arg(text: str) -> datetime:
    try:
        return parse_local(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def date_arg(text: str) -> date:
    try:
        value = date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày '{text}' không đúng dạng YYYY-MM-DD") from exc
    try:
        check_year(value, text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return value


def positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' không phải số nguyên") from exc
    if value < 1:
        raise argparse.ArgumentTypeError(f"giá trị phải ≥ 1 (đang là {value})")
    return value
