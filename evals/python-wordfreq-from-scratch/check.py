import os, sys
sys.path.insert(0, os.getcwd())
from wordfreq import top_words
assert top_words("b a B c a b", 2) == [("b", 3), ("a", 2)], top_words("b a B c a b", 2)
assert top_words("x y z", 2) == [("x", 1), ("y", 1)]
assert top_words("Don't stop, don't!", 1) == [("don't", 2)]
assert top_words("", 3) == []
print("wordfreq: ok")
