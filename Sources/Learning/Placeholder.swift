// Learning module: see README.md "Architecture".
