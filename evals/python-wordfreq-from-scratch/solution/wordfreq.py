import re
from collections import Counter

WORD = re.compile(r"[A-Za-z0-9']+")


def top_words(text, n):
    counts = Counter(w.lower() for w in WORD.findall(text))
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
