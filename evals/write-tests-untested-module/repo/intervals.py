def merge_intervals(intervals):
    """Merges overlapping or touching [start, end] intervals; returns them sorted."""
    merged = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [tuple(i) for i in merged]


def total_length(intervals):
    """The length covered by the intervals, overlaps counted once."""
    return sum(end - start for start, end in merge_intervals(intervals))
