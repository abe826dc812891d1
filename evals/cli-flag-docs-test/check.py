import os, subprocess, sys, tempfile
with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
    f.write("a b c\nd\n\ne f\n")
out = subprocess.run([sys.executable, "count.py", "--words", f.name], capture_output=True, text=True)
assert out.returncode == 0, out.stderr
assert out.stdout.strip() == "6", out.stdout
lines = subprocess.run([sys.executable, "count.py", f.name], capture_output=True, text=True)
assert lines.stdout.strip() == "4", lines.stdout
assert "--words" in open("README.md", encoding="utf-8").read(), "README.md does not document --words"
assert "--words" in open("test_count.py", encoding="utf-8").read(), "test_count.py has no test of --words"
print("count --words: ok")
