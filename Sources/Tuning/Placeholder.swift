// Tuning module: see README.md "Architecture".
