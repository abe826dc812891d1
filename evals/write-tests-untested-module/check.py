"""The tests must exist, pass on intervals.py, and catch each of these mutants."""
import os, shutil, subprocess, sys, tempfile

assert os.path.exists("test_intervals.py"), "test_intervals.py was not written"
src = open("intervals.py", encoding="utf-8").read()
mutants = {
    "touching intervals not merged": src.replace("start <= merged[-1][1]", "start < merged[-1][1]"),
    "input not sorted": src.replace("in sorted(intervals)", "in intervals"),
    "contained interval shrinks the end": src.replace("max(merged[-1][1], end)", "end"),
    "overlaps counted twice": src.replace("merge_intervals(intervals))", "intervals)"),
}
survived = []
for name, text in mutants.items():
    assert text != src, name
    d = tempfile.mkdtemp()
    try:
        shutil.copy("test_intervals.py", d)
        with open(os.path.join(d, "intervals.py"), "w", encoding="utf-8") as f:
            f.write(text)
        r = subprocess.run([sys.executable, "-m", "unittest", "-q"], cwd=d, capture_output=True, text=True)
        if r.returncode == 0:
            survived.append(name)
    finally:
        shutil.rmtree(d)
assert not survived, "the tests do not catch: " + ", ".join(survived)
print("tests catch every mutant: ok")
