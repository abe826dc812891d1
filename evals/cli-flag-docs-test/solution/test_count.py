import io
import os
import tempfile
import unittest
from contextlib import redirect_stdout

from count import main


def run(*args):
    out = io.StringIO()
    with redirect_stdout(out):
        main(list(args))
    return out.getvalue().strip()


class CountTest(unittest.TestCase):
    def setUp(self):
        fd, self.path = tempfile.mkstemp()
        with os.fdopen(fd, "w") as f:
            f.write("one two\nthree\n")

    def tearDown(self):
        os.remove(self.path)

    def test_lines(self):
        self.assertEqual(run(self.path), "2")

    def test_words(self):
        self.assertEqual(run("--words", self.path), "3")


if __name__ == "__main__":
    unittest.main()
