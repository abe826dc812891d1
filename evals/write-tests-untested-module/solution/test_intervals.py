import unittest

from intervals import merge_intervals, total_length


class MergeTest(unittest.TestCase):
    def test_overlapping(self):
        self.assertEqual(merge_intervals([(1, 3), (2, 5)]), [(1, 5)])

    def test_touching(self):
        self.assertEqual(merge_intervals([(1, 2), (2, 4)]), [(1, 4)])

    def test_unsorted(self):
        self.assertEqual(merge_intervals([(5, 6), (1, 2)]), [(1, 2), (5, 6)])

    def test_contained(self):
        self.assertEqual(merge_intervals([(1, 10), (2, 3)]), [(1, 10)])

    def test_empty(self):
        self.assertEqual(merge_intervals([]), [])


class TotalLengthTest(unittest.TestCase):
    def test_counts_overlaps_once(self):
        self.assertEqual(total_length([(0, 4), (2, 6), (10, 11)]), 7)

    def test_empty(self):
        self.assertEqual(total_length([]), 0)


if __name__ == "__main__":
    unittest.main()
