#!/usr/bin/env python3
"""Writes fsrs-reference.json: FSRS-6 review sequences computed by py-fsrs, the reference implementation.

Not run by the tests: run it by hand after `pip install fsrs==VERSION`, then commit the JSON.
    python3 Tests/TeachingTests/Fixtures/make-fsrs-fixture.py > Tests/TeachingTests/Fixtures/fsrs-reference.json

The scheduler is py-fsrs's with its default parameters (w0..w20) and desired retention, fuzz off and no
learning or relearning steps (hyperlab schedules in whole days), so a first review puts the card straight
into the Review state and every interval is round(S / FACTOR * (R^(1/DECAY) - 1)) days, at least 1.
Each review happens at midnight UTC of its day, so py-fsrs's elapsed days equal the day differences.
"""
import datetime
import json
import random
import sys
from importlib.metadata import version

import fsrs
from fsrs import Card, Rating, Scheduler

START = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)


def run(sequence, retention):
    """sequence: list of (day, grade 1..4); returns one entry per review."""
    scheduler = Scheduler(desired_retention=retention, learning_steps=(), relearning_steps=(),
                          enable_fuzzing=False)
    card = Card()
    steps = []
    for day, grade in sequence:
        when = START + datetime.timedelta(days=day)
        card, _ = scheduler.review_card(card, Rating(grade), review_datetime=when)
        steps.append({
            "day": day,
            "grade": grade,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "interval": (card.due - when).days,
        })
    return steps


def main():
    cases = []
    hand = [
        ("good every time it is due", [(0, 3), (3, 3), (14, 3), (60, 3)]),
        ("again first, then good", [(0, 1), (1, 3), (4, 3), (15, 3)]),
        ("hard then easy", [(0, 2), (2, 4), (20, 3)]),
        ("five same-day goods (cramming)", [(0, 3), (0, 3), (0, 3), (0, 3), (0, 3)]),
        ("early review after one day", [(0, 3), (1, 3), (2, 3)]),
        ("sixty days late", [(0, 3), (3, 3), (100, 3)]),
        ("lapse after a long interval", [(0, 4), (30, 3), (200, 1), (201, 3)]),
        ("same-day again then good", [(0, 3), (0, 1), (0, 3), (1, 3)]),
    ]
    for retention in (0.9, 0.8):
        for name, sequence in hand:
            cases.append({"name": name, "retention": retention, "reviews": run(sequence, retention)})
    generator = random.Random(20261201)
    for index in range(20):
        day, sequence = 0, []
        for _ in range(generator.randint(2, 12)):
            sequence.append((day, generator.choice([1, 2, 3, 3, 3, 4])))
            day += generator.choice([0, 0, 1, 2, 3, 5, 8, 13, 30, 90])
        cases.append({"name": f"random {index}", "retention": 0.9, "reviews": run(sequence, 0.9)})
    document = {
        "provenance": {
            "package": "fsrs (py-fsrs)",
            "version": version("fsrs"),
            "date": datetime.date.today().isoformat(),
            "command": "python3 Tests/TeachingTests/Fixtures/make-fsrs-fixture.py > Tests/TeachingTests/Fixtures/fsrs-reference.json",
            "scheduler": "Scheduler(desired_retention=R, learning_steps=(), relearning_steps=(), enable_fuzzing=False)",
            "parameters": list(fsrs.scheduler.DEFAULT_PARAMETERS),
        },
        "cases": cases,
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
