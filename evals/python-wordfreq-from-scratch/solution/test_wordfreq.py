import unittest

from wordfreq import top_words


class TopWordsTest(unittest.TestCase):
    def test_counts_case_insensitively(self):
        self.assertEqual(top_words("A a b", 1), [("a", 2)])

    def test_ties_are_alphabetical(self):
        self.assertEqual(top_words("b a", 2), [("a", 1), ("b", 1)])

    def test_empty_text(self):
        self.assertEqual(top_words("", 5), [])


if __name__ == "__main__":
    unittest.main()
