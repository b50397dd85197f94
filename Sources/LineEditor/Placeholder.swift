// LineEditor module: see README.md "Architecture".
