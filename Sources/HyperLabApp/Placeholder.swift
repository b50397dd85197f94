// HyperLabApp module: see README.md "Architecture".
