# tianbiao - a plain Makefile.
#
#   make            build ./tianbiao (installs missing libraries first, see tools/deps.sh)
#   make run        build, then open the screens on the default database
#   make check      build, then run every test, also under ASan+UBSan
#   make ci         make check, plus clang -O0/-O2 -Werror builds
#   make coverage   line coverage per file (gcov, gcovr): src/ui from the screen tests
#   make bench      the benchmarks (bench/README.md)
#   make fuzz       build and run the fuzzers (clang, libFuzzer): form files, import,
#                   the layout, then random keys against the screens (make fuzz-keys alone)
#   make install PREFIX=/usr/local DESTDIR=
#   make deb        a Debian package, tianbiao_VERSION_ARCH.deb (packaging/mkdeb.sh)
#   make check-deb  build it and run lintian on it
#   make clean
#
# The core (src/core) is compiled with no curses and no SQLite flags, and the
# core tests link only the core: the layering holds by construction.

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SHAREDIR ?= $(PREFIX)/share/tianbiao
MANDIR ?= $(PREFIX)/share/man
APPDIR ?= $(PREFIX)/share/applications
DOCDIR ?= $(PREFIX)/share/doc/tianbiao
INSTALL_BIN ?= tianbiao
VERSION = 0.2.0

CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 \
       -Wno-format-nonliteral -Wvla
ifeq ($(CI),true)
WARN += -Werror
endif
STD = -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE
DEFS = -DTB_VERSION='"$(VERSION)"' -DTB_FORMSDIR='"$(SHAREDIR)/forms"'

# SAN=1 builds everything again under AddressSanitizer + UndefinedBehaviorSanitizer.
ifeq ($(SAN),1)
B ?= build/asan
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
else
B ?= build/release
SANFLAGS =
endif

DEPS_OK = build/.deps-ok
SQLITE_CFLAGS = $(shell $(PKG_CONFIG) --cflags sqlite3 2>/dev/null)
SQLITE_LIBS = $(shell $(PKG_CONFIG) --libs sqlite3 2>/dev/null)
# pkg-config adds -D_XOPEN_SOURCE=600, which clashes with STD's 700 (an error under -Werror).
CURSES_CFLAGS = $(filter-out -D_XOPEN_SOURCE=% -D_DEFAULT_SOURCE,\
	$(shell $(PKG_CONFIG) --cflags ncursesw formw 2>/dev/null))
CURSES_LIBS = $(shell $(PKG_CONFIG) --libs formw ncursesw 2>/dev/null)
# libxlsxwriter writes the .xlsx exports; it is neither curses nor SQL, so the core may use it.
XLSX_CFLAGS = $(shell $(PKG_CONFIG) --cflags xlsxwriter 2>/dev/null)
XLSX_LIBS = $(shell $(PKG_CONFIG) --libs xlsxwriter 2>/dev/null)

ALL_CFLAGS = $(STD) $(WARN) $(DEFS) $(CFLAGS) $(SANFLAGS) -MMD -MP
LDFLAGS_ALL = $(SANFLAGS) $(LDFLAGS)

# The flags an object was built with, rewritten when they change (a new VERSION, CFLAGS=),
# so that every object depending on it is rebuilt rather than left with the old ones.
FLAGS_STAMP = $(B)/.cflags
ifneq ($(file <$(FLAGS_STAMP)),$(ALL_CFLAGS))
$(shell mkdir -p $(B))
$(file >$(FLAGS_STAMP),$(ALL_CFLAGS))
endif

CORE_SRC = $(sort $(wildcard src/core/*.c))
STORE_SRC = $(sort $(wildcard src/store/*.c))
UI_SRC = $(sort $(wildcard src/ui/*.c))
APP_SRC = $(sort $(wildcard src/*.c src/cli/*.c))
CORE_OBJ = $(CORE_SRC:%.c=$(B)/%.o)
STORE_OBJ = $(STORE_SRC:%.c=$(B)/%.o)
UI_OBJ = $(UI_SRC:%.c=$(B)/%.o)
APP_OBJ = $(APP_SRC:%.c=$(B)/%.o)

CORE_TESTS = $(patsubst tests/core/%.c,$(B)/tests/%,$(sort $(wildcard tests/core/test_*.c)))
STORE_TESTS = $(patsubst tests/core/%.c,$(B)/tests/%,$(sort $(wildcard tests/core/store_*.c)))
FUZZ_REPLAY = $(B)/tests/fuzz_form_replay $(B)/tests/fuzz_import_replay \
	$(B)/tests/fuzz_layout_replay
FUZZ_KEYS_REPLAY = $(B)/tests/fuzz_keys_replay

.PHONY: all run check ci coverage check-build check-build-release check-build-asan test-build bench fuzz fuzz-keys \
	install clean deps
all: tianbiao

deps: $(DEPS_OK)
$(DEPS_OK): tools/deps.sh
	@sh tools/deps.sh build
	@mkdir -p build && touch $@

# Copied then renamed, so that a copy still running (a test, a clerk) does not stop the build.
tianbiao: $(B)/tianbiao
	cp $< $@.tmp && mv -f $@.tmp $@

$(B)/tianbiao: $(APP_OBJ) $(UI_OBJ) $(STORE_OBJ) $(CORE_OBJ)
	$(CC) $(LDFLAGS_ALL) -o $@ $^ $(CURSES_LIBS) $(SQLITE_LIBS) $(XLSX_LIBS)

$(B)/src/core/%.o: src/core/%.c $(FLAGS_STAMP) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(XLSX_CFLAGS) -c -o $@ $<
$(B)/src/store/%.o: src/store/%.c $(FLAGS_STAMP) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SQLITE_CFLAGS) -c -o $@ $<
$(B)/src/ui/%.o: src/ui/%.c $(FLAGS_STAMP) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) -c -o $@ $<
# src/main.c and src/cli/*.c: the command line sits on the store and the screens.
$(B)/src/%.o: src/%.c $(FLAGS_STAMP) | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) $(SQLITE_CFLAGS) -c -o $@ $<

# Core tests link the core only (and its libxlsxwriter); store tests add SQLite, never curses.
$(B)/tests/test_%: tests/core/test_%.c tests/core/test.h $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(XLSX_CFLAGS) -Isrc -o $@ $< $(CORE_OBJ) $(LDFLAGS_ALL) $(XLSX_LIBS)
$(B)/tests/store_%: tests/core/store_%.c tests/core/test.h $(STORE_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SQLITE_CFLAGS) -Isrc -o $@ $< $(STORE_OBJ) $(CORE_OBJ) \
		$(LDFLAGS_ALL) $(SQLITE_LIBS) $(XLSX_LIBS)
$(B)/tests/fuzz_import_replay: tests/fuzz/fuzz_import.c tests/fuzz/replay.c $(STORE_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(SQLITE_CFLAGS) -Isrc -o $@ $< tests/fuzz/replay.c $(STORE_OBJ) \
		$(CORE_OBJ) $(LDFLAGS_ALL) $(SQLITE_LIBS) $(XLSX_LIBS)
$(B)/tests/fuzz_%_replay: tests/fuzz/fuzz_%.c tests/fuzz/replay.c $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ $< tests/fuzz/replay.c $(CORE_OBJ) $(LDFLAGS_ALL) $(XLSX_LIBS)

# The key-script fuzz target runs the screens (src/ui) on the store and the core.
$(FUZZ_KEYS_REPLAY): tests/fuzz/fuzz_keys.c tests/fuzz/replay.c $(UI_OBJ) $(STORE_OBJ) $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(CURSES_CFLAGS) $(SQLITE_CFLAGS) -Isrc -o $@ tests/fuzz/fuzz_keys.c \
		tests/fuzz/replay.c $(UI_OBJ) $(STORE_OBJ) $(CORE_OBJ) $(LDFLAGS_ALL) \
		$(CURSES_LIBS) $(SQLITE_LIBS) $(XLSX_LIBS)

test-build: $(B)/tianbiao $(CORE_TESTS) $(STORE_TESTS) $(FUZZ_REPLAY) $(FUZZ_KEYS_REPLAY)

run: tianbiao
	./tianbiao --forms forms

# Every test twice, against the normal build and the ASan+UBSan one, both built side by
# side (JOBS compilers), then run by tests/run.sh several at a time (TEST_JOBS, default two
# per core); one totals line at the end.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
check:
	@sh tools/deps.sh test
	@$(MAKE) --no-print-directory -j$(JOBS) check-build
	@bash tests/run.sh build/release build/asan

# What CI runs (.ci/run): the same tests (with gcc -O0 -Werror, cppcheck and shellcheck),
# plus clang at -O0 and -O2 with -Werror (tests/src/), in the same totals line.
ci:
	@sh tools/deps.sh ci
	@$(MAKE) --no-print-directory -j$(JOBS) CI=true check-build
	@bash tests/run.sh --ci build/release build/asan

# Line coverage per file from a gcc --coverage build (build/cov): src/ui from the screen
# tests alone, then src/ from all the tests (tools/coverage.sh).
coverage:
	@sh tools/deps.sh coverage
	@bash tools/coverage.sh

check-build: check-build-release check-build-asan
check-build-release:
	@$(MAKE) --no-print-directory test-build tianbiao
check-build-asan:
	@$(MAKE) --no-print-directory SAN=1 test-build

bench: tianbiao
	@sh tools/deps.sh bench
	@$(MAKE) --no-print-directory -C bench TOP=$(CURDIR)

fuzz: | $(DEPS_OK)
	@mkdir -p build/fuzz
	clang -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined -Isrc -o build/fuzz/fuzz_form \
		tests/fuzz/fuzz_form.c $(CORE_SRC) $(XLSX_CFLAGS) $(XLSX_LIBS)
	mkdir -p build/fuzz/corpus && cp tests/fuzz/corpus/* build/fuzz/corpus/
	build/fuzz/fuzz_form -max_total_time=$${FUZZ_SECONDS:-60} -max_len=8192 \
		-dict=tests/fuzz/form.dict \
		build/fuzz/corpus tests/fuzz/corpus
	clang -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined -Isrc -o build/fuzz/fuzz_import \
		tests/fuzz/fuzz_import.c $(STORE_SRC) $(CORE_SRC) $(SQLITE_CFLAGS) $(XLSX_CFLAGS) \
		$(SQLITE_LIBS) $(XLSX_LIBS)
	mkdir -p build/fuzz/corpus-import && cp tests/fuzz/corpus-import/* build/fuzz/corpus-import/
	build/fuzz/fuzz_import -max_total_time=$${FUZZ_SECONDS:-60} -max_len=8192 \
		-dict=tests/fuzz/import.dict -artifact_prefix=build/fuzz/ \
		build/fuzz/corpus-import tests/fuzz/corpus-import
	clang -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined -Isrc -o build/fuzz/fuzz_layout \
		tests/fuzz/fuzz_layout.c $(CORE_SRC) $(XLSX_CFLAGS) $(XLSX_LIBS)
	mkdir -p build/fuzz/corpus-layout && cp tests/fuzz/corpus/* build/fuzz/corpus-layout/
	build/fuzz/fuzz_layout -max_total_time=$${FUZZ_SECONDS:-60} -max_len=8192 \
		-dict=tests/fuzz/form.dict -artifact_prefix=build/fuzz/ \
		build/fuzz/corpus-layout tests/fuzz/corpus
	@$(MAKE) --no-print-directory fuzz-keys

# Random keys against the screens (tests/fuzz/fuzz_keys.c); new finds go to build/fuzz/keys.
# Leaks are not looked for: ncurses keeps memory across newterm/delscreen.
fuzz-keys: | $(DEPS_OK)
	@mkdir -p build/fuzz/keys
	clang -std=c11 -D_XOPEN_SOURCE=700 -D_DEFAULT_SOURCE -g -O1 \
		-fsanitize=fuzzer,address,undefined -Isrc $(DEFS) $(CURSES_CFLAGS) $(SQLITE_CFLAGS) \
		-o build/fuzz/fuzz_keys tests/fuzz/fuzz_keys.c $(UI_SRC) $(STORE_SRC) $(CORE_SRC) \
		$(CURSES_LIBS) $(SQLITE_LIBS) $(XLSX_CFLAGS) $(XLSX_LIBS)
	ASAN_OPTIONS=detect_leaks=0 build/fuzz/fuzz_keys -max_total_time=$${FUZZ_SECONDS:-60} \
		-max_len=400 -timeout=10 -artifact_prefix=build/fuzz/ build/fuzz/keys tests/fuzz/keys

# The files the man page lists under 文件 (tests/cli/cli_install.sh checks them).
install: $(INSTALL_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/forms $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(APPDIR) $(DESTDIR)$(DOCDIR)
	install -m 0755 $(INSTALL_BIN) $(DESTDIR)$(BINDIR)/tianbiao
	install -m 0644 forms/*.form $(DESTDIR)$(SHAREDIR)/forms/
	install -m 0644 man/tianbiao.1 $(DESTDIR)$(MANDIR)/man1/tianbiao.1
	install -m 0644 packaging/tianbiao.desktop $(DESTDIR)$(APPDIR)/tianbiao.desktop
	install -m 0644 docs/forms.md $(DESTDIR)$(DOCDIR)/forms.md

.PHONY: deb check-deb
deb:
	@sh packaging/mkdeb.sh $(VERSION)
check-deb: deb
	lintian --info --display-info tianbiao_$(VERSION)_$$(dpkg --print-architecture).deb

clean:
	rm -rf build tianbiao tianbiao_*.deb

# Only this build's dependency files: another build (tests/src/compile.sh) may be writing its own.
-include $(shell find $(B) -name '*.d' 2>/dev/null)
