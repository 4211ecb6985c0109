"""Benchmark of the workshop app under a room answering at once (prints a table).

Run from the checkout: ``python benchmarks/bench_workshop.py [--people 30] [--rounds 3]``.

A copy of the embedded data set gets extra stakeholders up to `--people`, and `prioritizer
serve` runs on it in a process of its own (SQLite beside the data set, as in a workshop). Then
every stakeholder answers at once: each one goes through the six pairs `--rounds` times, each
answer posted as the page's script posts it (asking for the part of the page that changes, so
every answer is committed, to disk, and the page drawn again). Two passes: "paced", where each
stakeholder pauses about `--pause` seconds between answers (0.5 to 1.5 times it, seeded; people
take 5 to 30 s to weigh a pair, so the default of 3 s is a room faster than any real one), and
"burst", with no pause at all (a stress test: 30 clients in a closed loop measure queueing,
not the time one answer takes). The loops are bounded and stop by themselves. Afterwards the
database is read back: an answer is lost if the server acknowledged it but the stored value
differs.
Reported: p50, p95 and the maximum time per answer, each beside a baseline measured in the
same run under the same concurrency (a trivial GET of /healthz), since the machine is shared
and absolute times drift; and the planner's page recomputing the portfolio for a budget not
asked before, just after an answer (the group and both portfolios recomputed; target: 1 s).
The 100 ms target applies to the paced pass.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import machine
from prioritizer.resources import embedded_dir
from prioritizer.web.server import existing_workshop
from tests.web_support import Server, free_port, start_server

PAIRS = 6
TARGET_P95_S = 0.100
TARGET_PLANNER_S = 1.0


def data_set(folder: Path, people: int) -> Path:
    """The embedded data set with stakeholders added (copies of Cusco's first, new ids) until
    there are `people` of them."""
    root = folder / "data"
    for kind in ("criteria", "inputs"):
        shutil.copytree(embedded_dir(kind), root / kind)
    cusco = root / "inputs" / "regions" / "cusco" / "stakeholders.yaml"
    text = cusco.read_text(encoding="utf-8")
    existing = len(re.findall(r"^  - id: ", text, flags=re.M))
    existing += len(
        re.findall(
            r"^  - id: ", (cusco.parent.parent / "puno" / "stakeholders.yaml").read_text(), re.M
        )
    )
    extra = [
        f"  - id: cusco-participant-{number:02d}\n"
        f"    name: {{en: Participant {number}, es: Participante {number}}}\n"
        "    group: other\n"
        "    influence: 1.0\n"
        "    source: benchmark\n"
        "    judgments:\n"
        "      specialization: {diversification: 2, global-context: 3, cost: 2}\n"
        "      diversification: {global-context: 1, cost: 1}\n"
        "      global-context: {cost: 1}\n"
        for number in range(1, max(0, people - existing) + 1)
    ]
    cusco.write_text(text.rstrip("\n") + "\n" + "".join(extra), encoding="utf-8")
    return root


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def baseline(
    client: httpx.AsyncClient, base: str, people: int, rounds: int, pause: float, seed: int
) -> list[float]:
    """GET /healthz by `people` clients at once, as many times and as paced as the answers."""

    async def one(number: int) -> list[float]:
        times = []
        spacing = random.Random(seed + number)
        for _ in range(rounds * PAIRS):
            await asyncio.sleep(pause * spacing.uniform(0.5, 1.5))
            start = time.perf_counter()
            reply = await client.get(f"{base}/healthz")
            times.append(time.perf_counter() - start)
            reply.raise_for_status()
        return times

    found = await asyncio.gather(*(one(number) for number in range(people)))
    return [t for times in found for t in times]


async def room(
    client: httpx.AsyncClient, links: dict[str, str], rounds: int, pause: float, seed: int
) -> tuple[list[float], dict[str, dict[int, float]], int]:
    """Every stakeholder answering at once: the time of each answer, the last value each
    stakeholder had acknowledged per pair, and the answers refused."""

    async def stakeholder(number: int, url: str) -> tuple[list[float], dict[int, float], int]:
        page = await client.get(f"{url}?pair=1")  # a page with the answer form
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', page.text)
        assert csrf is not None
        spacing = random.Random(seed + number)
        times, last, refused = [], {}, 0
        for round_number in range(rounds):
            for pair in range(1, PAIRS + 1):
                await asyncio.sleep(pause * spacing.uniform(0.5, 1.5))
                strength = 2 + (pair + round_number + number) % 8
                form = {"csrf": csrf.group(1), "pair": str(pair), "side": "row"}
                form |= {"strength": str(strength), "action": "save"}
                start = time.perf_counter()
                reply = await client.post(f"{url}/answer", data=form, headers={"X-Fragment": "1"})
                times.append(time.perf_counter() - start)
                if reply.status_code == 200:
                    last[pair] = float(strength)
                else:
                    refused += 1
        return times, last, refused

    found = await asyncio.gather(
        *(stakeholder(number, url) for number, url in enumerate(links.values()))
    )
    times = [t for one, _, _ in found for t in one]
    acknowledged = {who: last for who, (_, last, _) in zip(links, found, strict=True)}
    return times, acknowledged, sum(refused for _, _, refused in found)


def lost_answers(inputs: Path, acknowledged: dict[str, dict[int, float]]) -> int:
    """Acknowledged answers whose stored value differs (or is missing)."""
    shared = existing_workshop(inputs, db=None).shared
    pairs = shared.workshop.questionnaire.pairs
    ids = {p.stakeholder: p.id for p in shared.store.participants(shared.workshop_id)}
    sheets = shared.store.sheets(list(ids.values()))
    lost = 0
    for who, last in acknowledged.items():
        stored = sheets[ids[who]].answers
        lost += sum(1 for pair, value in last.items() if stored.get(pairs[pair - 1]) != value)
    return lost


def planner_times(server: Server, repeats: int) -> tuple[float, float]:
    """The planner's page after a new answer and with a budget not asked before (the group
    and both regions' portfolios recomputed), and the same page asked again (remembered)."""
    assert server.planner is not None
    url = next(iter(server.stakeholders.values()))
    fresh, cached = [], []
    with httpx.Client(timeout=60) as client:
        csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', client.get(f"{url}?pair=1").text)
        assert csrf is not None
        for number in range(repeats):
            form = {"csrf": csrf.group(1), "pair": "1", "side": "row"}
            form |= {"strength": str(2 + number % 8), "action": "save"}
            assert client.post(f"{url}/answer", data=form).status_code == 303
            params = {"budget_cusco": str(900_000 + 10_000 * number)}
            for into in (fresh, cached):
                start = time.perf_counter()
                client.get(server.planner, params=params).raise_for_status()
                into.append(time.perf_counter() - start)
    return statistics.median(fresh), statistics.median(cached)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pause", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-workshop-") as folder:
        inputs = data_set(Path(folder), args.people)
        server = start_server(inputs, free_port())
        try:
            links = dict(list(server.stakeholders.items())[: args.people])
            limits = httpx.Limits(max_connections=args.people)
            lost = 0
            for name, pause in (("paced", args.pause), ("burst", 0.0)):

                async def run(pause: float = pause) -> tuple[Any, ...]:
                    async with httpx.AsyncClient(limits=limits, timeout=60) as client:
                        floor = await baseline(
                            client, server.url, len(links), args.rounds, pause, args.seed
                        )
                        answers, acknowledged, refused = await room(
                            client, links, args.rounds, pause, args.seed
                        )
                    return floor, answers, acknowledged, refused

                floor, answers, acknowledged, refused = asyncio.run(run())
                lost += lost_answers(inputs, acknowledged)
                rows.append((name, pause, floor, answers, refused))
            fresh, cached = planner_times(server, 5)
        finally:
            server.stop()
    for line in machine("fastapi", "uvicorn", "sqlalchemy", "httpx"):
        print(line)
    print(f"{len(links)} stakeholders at once, {args.rounds} rounds of {PAIRS} pairs each pass")
    print("| pass | request | n | p50 ms | p95 ms | max ms | p95 ÷ baseline p95 |")
    print("|---|---|---|---|---|---|---|")
    paced_p95 = 0.0
    for name, pause, floor, answers, refused in rows:
        f95, p95 = percentile(floor, 0.95), percentile(answers, 0.95)
        label = f"{name} (pause ~{pause:g} s)" if pause else name
        for request, times, ratio in (
            ("GET /healthz (baseline)", floor, "1"),
            ("answer (committed, page part drawn)", answers, f"{p95 / f95:.1f}"),
        ):
            print(
                f"| {label} | {request} | {len(times)} | {1000 * statistics.median(times):.1f} | "
                f"{1000 * percentile(times, 0.95):.1f} | {1000 * max(times):.1f} | {ratio} |"
            )
        if name == "paced":
            paced_p95 = p95
        print(f"{name}: answers refused: {refused}")
    print(f"acknowledged but lost (both passes): {lost}")
    print(
        f"planner page after a new answer, new budget (all recomputed): {1000 * fresh:.0f} ms; "
        f"asked again: {1000 * cached:.0f} ms (target {1000 * TARGET_PLANNER_S:.0f} ms)"
    )
    verdict = "meets" if paced_p95 <= TARGET_P95_S else "misses"
    print(f"paced p95 per answer {verdict} the {1000 * TARGET_P95_S:.0f} ms target on this machine")


if __name__ == "__main__":
    main()
