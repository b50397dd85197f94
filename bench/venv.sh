# Sourced by the benchmark scripts: makes sure bench/.venv holds scikit-learn and pandas (pip from PyPI).
# Expects $venv to be set to the virtual environment's folder.
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import sklearn, pandas" 2>/dev/null; then
    echo "setting up scikit-learn and pandas in bench/.venv..."
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --upgrade pip
    "$venv/bin/pip" install --quiet scikit-learn pandas
fi
