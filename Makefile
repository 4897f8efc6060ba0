# countertrial — every target sets itself up on a fresh machine.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= ../shared/corpus/moscow-trials

.PHONY: demo test bench screenshots install vendor clean

$(STAMP): pyproject.toml package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	$(BIN)/python -c "import countertrial.extract.nlp as n; n.load_pipeline()"
	$(MAKE) --no-print-directory vendor
	touch $(STAMP)

# The report's JavaScript (Cytoscape.js, vis-timeline), pinned in package-lock.json and copied with
# their licences into the package, which inlines them into report.html: never a CDN. Without npm the
# report still renders, with a note that its interactive views need this step.
VENDOR := src/countertrial/present/static/vendor
vendor:
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && \
	  mkdir -p $(VENDOR) && \
	  cp node_modules/cytoscape/dist/cytoscape.min.js $(VENDOR)/cytoscape.min.js && \
	  cp node_modules/cytoscape/LICENSE $(VENDOR)/cytoscape.LICENSE.txt && \
	  cp node_modules/vis-timeline/standalone/umd/vis-timeline-graph2d.min.js $(VENDOR)/vis-timeline-graph2d.min.js && \
	  cp node_modules/vis-timeline/LICENSE.md $(VENDOR)/vis-timeline.LICENSE.md && \
	  cp node_modules/vis-timeline/LICENSE.MIT.txt $(VENDOR)/vis-timeline.LICENSE.MIT.txt && \
	  cp node_modules/vis-timeline/LICENSE.Apache-2.0.txt $(VENDOR)/vis-timeline.LICENSE.Apache-2.0.txt; \
	else \
	  echo "warning: npm not found: report.html will lack its interactive network and timelines (install nodejs and npm, then make vendor)" >&2; \
	fi

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/countertrial demo --out demo-out

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Side-by-side throughput against bare spaCy, time-expression accuracy, and how the alibi sweep and
# the whole reasoning engine scale: seconds and peak memory per check (BENCH_SIZES="10000 100000 1000000"
# gives the full range; 1M takes several minutes and about 10 GB for the reasoning benchmark).
BENCH_SIZES ?= 10000 100000
bench: $(STAMP)
	$(BIN)/python bench/bench_pipeline.py --corpus $(CORPUS)
	$(BIN)/python bench/timex_accuracy.py
	$(BIN)/python bench/bench_alibi.py $(BENCH_SIZES)
	$(BIN)/python bench/bench_reasoning.py $(BENCH_SIZES)

# Screenshots for the README, from the bundled example case and the Moscow-trials corpus with its
# case file (needs Debian's chromium).
screenshots: $(STAMP)
	$(BIN)/countertrial analyze examples/harbour-affair --out build/example -q
	$(BIN)/python scripts/screenshots.py --report build/example/report.html --out docs --prefix example
	$(BIN)/countertrial analyze $(CORPUS) --out build/moscow --case examples/moscow-trials/case.yaml -q
	$(BIN)/python scripts/screenshots.py --report build/moscow/report.html --out docs --prefix moscow --views

clean:
	rm -rf $(VENV) demo-out .pytest_cache .hypothesis
