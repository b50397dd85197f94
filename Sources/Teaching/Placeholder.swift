// Teaching module: see README.md "Architecture".
