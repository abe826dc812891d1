import argparse
import sys


def count_lines(text):
    return len(text.splitlines())


def count_words(text):
    return len(text.split())


def main(argv=None):
    parser = argparse.ArgumentParser(description="Count the lines (or words) of a file.")
    parser.add_argument("file")
    parser.add_argument("--words", action="store_true", help="count words instead of lines")
    args = parser.parse_args(argv)
    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    print(count_words(text) if args.words else count_lines(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
