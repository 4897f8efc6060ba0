# countertrial — every target sets itself up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= ../shared/corpus/moscow-trials

.PHONY: demo test bench screenshots install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -c "import countertrial.extract.nlp as n; n.load_pipeline()"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/countertrial demo --out demo-out

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Side-by-side throughput against bare spaCy, time-expression accuracy, and how the alibi sweep
# scales (BENCH_SIZES="10000 100000 1000000" for the full range; 1M takes several minutes).
BENCH_SIZES ?= 10000 100000
bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py --corpus $(CORPUS)
	$(BIN)/python bench/timex_accuracy.py
	$(BIN)/python bench/bench_alibi.py $(BENCH_SIZES)

# Screenshots for the README, from the bundled example case (needs Debian's chromium).
screenshots: $(STAMP)
	$(BIN)/countertrial analyze examples/harbour-affair --out build/example -q
	$(BIN)/python scripts/screenshots.py --report build/example/report.html --out docs --prefix example

clean:
	rm -rf $(VENV) demo-out .pytest_cache .hypothesis
