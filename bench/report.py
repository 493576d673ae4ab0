"""The benchmark's terminal report: one table per server pass, then the cost across scales."""

from __future__ import annotations

HEADER = (
    f"{'scenario':<28} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
    f"{'% base':>7} {'SQL cold/warm':>13} {'KB':>6} {'errors':>6}"
)


def ms(microseconds: int) -> str:
    return f"{microseconds / 1000:.1f}"


def line(row: dict) -> str:
    queries = ""
    if row.get("queries_cold") is not None:
        queries = f"{row['queries_cold']}/{row['queries_warm']}"
    if "skipped" in row:
        return f"{row['scenario']:<28} skipped: {row['skipped']}"
    kilobytes = f"{row['bytes'] / 1024:.1f}" if row.get("bytes") else ""
    errors = row["errors"] + row["non_2xx_3xx"] + row["timeouts"]
    return (
        f"{row['scenario']:<28} {row['rps']:>8.0f} {ms(row['p50_us']):>7} {ms(row['p95_us']):>7} "
        f"{ms(row['p99_us']):>7} {row['of_baseline'] * 100:>6.0f}% {queries:>13} "
        f"{kilobytes:>6} {errors:>6}"
    )


def scale_ratios(results: dict) -> list[str]:
    """Cost per request at the largest scale over its cost at the smallest (1.00 is flat):
    from req/s, and from the share of the baseline measured in the same pass. The baseline's
    cost does not depend on the database, so where the two differ the machine's speed moved
    between the passes; the second is the figure the target is read from."""
    scales = results["scales"]
    if len(scales) < 2:
        return []
    small, large = scales[0], scales[-1]
    lines = [
        "",
        f"cost at {large['symptoms']} symptoms / cost at {small['symptoms']} (1.00 is flat, "
        "target at most 1.20)",
        f"  {'pass':<24} {'scenario':<28} {'req/s':>6} {'% base':>7}",
    ]
    for small_pass, large_pass in zip(small["passes"], large["passes"], strict=False):
        label = f"{small_pass['server']}, cache {small_pass['cache']}"
        by_name = {row["scenario"]: row for row in large_pass["rows"] if "rps" in row}
        for row in small_pass["rows"]:
            other = by_name.get(row["scenario"])
            if "rps" in row and other and other["rps"]:
                of_baseline = ""
                if row.get("of_baseline") and other.get("of_baseline"):
                    of_baseline = f"{row['of_baseline'] / other['of_baseline']:.2f}"
                lines.append(
                    f"  {label:<24} {row['scenario']:<28} {row['rps'] / other['rps']:>6.2f} "
                    f"{of_baseline:>7}"
                )
    return lines


def render(results: dict) -> str:
    lines = [
        f"load average before {results['load_average_before'][0]:.2f}, "
        f"after {results['load_average_after'][0]:.2f}; {results['cpus']} CPUs"
    ]
    for scale in results["scales"]:
        for run in scale["passes"]:
            lines += [
                "",
                f"{scale['symptoms']} symptoms, {run['server']}, representation cache "
                f"{run['cache']}; worker RSS MB: {run['worker_rss_mb']}",
                HEADER,
                *(line(row) for row in run["rows"]),
            ]
    return "\n".join(lines + scale_ratios(results))
