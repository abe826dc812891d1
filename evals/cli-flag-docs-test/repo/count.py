import argparse
import sys


def count_lines(text):
    return len(text.splitlines())


def main(argv=None):
    parser = argparse.ArgumentParser(description="Count the lines of a file.")
    parser.add_argument("file")
    args = parser.parse_args(argv)
    with open(args.file, encoding="utf-8") as f:
        text = f.read()
    print(count_lines(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
