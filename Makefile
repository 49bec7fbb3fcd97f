# mod_pserv: P-Serv "Request User ID" as an Apache httpd 2.4 module.
# `make run` serves it locally; `make test` runs every test. See README.md.

PORT        ?= 8080
TEST_PORT   ?= 8089
DB          ?= pserv
TEST_DB     ?= pserv_test
PREFIX      ?= /usr/share/pserv
BINDIR      ?= /usr/local/bin
DEV         := scripts/dev.sh
comma       := ,

# ---- the tools' flags ------------------------------------------------------
# Every value that comes from an installed tool (apxs, apr-1-config,
# pkg-config, pg_config) is computed at its first use in a recipe, once, and
# never when make reads this file: on a fresh machine those tools only exist
# after `make deps`, and a value read before would be empty for the whole run.
# So these are recursively expanded (`=`), and so is everything built from
# them. $(call tool,NAME,COMMAND): COMMAND's output, kept in NAME after the
# first use; empty output stops make and says to install the packages.
tool = $(eval $1 := $(or $(shell { $2; } 2>/dev/null),$(error $1: `$2` gave \
       nothing: install the packages first with make deps or make deps-test (as root))))$($1)

APXS        ?= apxs
CC          ?= gcc
WARN        := -Wall -Wextra -Werror
APR_CFLAGS   = $(call tool,APR_CFLAGS,apr-1-config --cflags --cppflags --includes && apu-1-config --includes)
APR_LIBS     = $(call tool,APR_LIBS,apu-1-config --link-ld --libs && apr-1-config --link-ld --libs)
XML_CFLAGS   = $(call tool,XML_CFLAGS,pkg-config --cflags libxslt)
XML_LIBS     = $(call tool,XML_LIBS,pkg-config --libs libxslt)
PQ_CFLAGS    = -I$(call tool,PQ_INCLUDEDIR,pg_config --includedir || echo /usr/include/postgresql)
HTTPD_CFLAGS = -I$(call tool,HTTPD_INCLUDEDIR,$(APXS) -q INCLUDEDIR)
CHECK_FLAGS  = $(call tool,CHECK_FLAGS,pkg-config --cflags --libs check)
LIBEXECDIR   = $(call tool,LIBEXECDIR,$(APXS) -q LIBEXECDIR || echo /usr/lib/apache2/modules)
CORE_CFLAGS  = -std=gnu11 -O2 -g -fPIC $(WARN) $(APR_CFLAGS) -Imod_pserv/core
CORE_LIBS   := -largon2 -lcrack -lcrypto

# SANITIZE=1: core, module, pserv-admin and unit tests with ASan and UBSan
# (scripts/dev.sh then preloads libasan into Apache). build/flavour records
# the flavour built last; when it changes, everything is rebuilt, so a plain
# build never reuses a sanitized object or .so, nor the other way round.
SANITIZE    ?=
SAN_FLAGS   := $(if $(filter 1,$(SANITIZE)),-fsanitize=address$(comma)undefined \
               -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
CORE_CFLAGS += $(SAN_FLAGS)
FLAVOUR     := build/flavour
$(shell mkdir -p build; f='sanitize=$(SANITIZE)'; \
        [ "$$(cat $(FLAVOUR) 2>/dev/null)" = "$$f" ] || echo "$$f" >$(FLAVOUR))
export SANITIZE

# The version, from VERSION, and the schema the module needs: the number of
# the last sql/NNN_*.sql (schema.c). Both go into the module and
# pserv-admin; build/version changes with them, so either change rebuilds
# both. Plain cat/ls/sed: nothing here needs a -dev package.
PSERV_VERSION     := $(shell cat VERSION)
PSERV_SCHEMA_NEED := $(shell ls sql | sed -n 's/^0*\([0-9][0-9]*\)_.*\.sql$$/\1/p' \
                       | sort -n | tail -n 1)
VERSION_DEFS      := -DPSERV_VERSION='"$(PSERV_VERSION)"' \
                     -DPSERV_SCHEMA_NEED=$(PSERV_SCHEMA_NEED)
VERSION_STAMP     := build/version
$(shell mkdir -p build; f='$(PSERV_VERSION) schema $(PSERV_SCHEMA_NEED)'; \
        [ "$$(cat $(VERSION_STAMP) 2>/dev/null)" = "$$f" ] || echo "$$f" >$(VERSION_STAMP))

CORE_SRC    := $(wildcard mod_pserv/core/*.c)
CORE_OBJ    := $(patsubst mod_pserv/core/%.c,build/core/%.o,$(CORE_SRC))
CORE_LIB    := build/libpserv_core.a
MOD_SRC     := $(wildcard mod_pserv/*.c)
MOD_SO      := mod_pserv/.libs/mod_pserv.so
ADMIN       := build/pserv-admin
UNIT_SRC    := $(wildcard tests/unit/test_*.c)
UNIT_BIN    := $(patsubst tests/unit/%.c,build/tests/%,$(UNIT_SRC))

.PHONY: check-directives check-layout check-i18n format-check format
.PHONY: all deps deps-test build do-build migrate demo run do-run stop reset \
        test do-test test-unit test-import test-apache test-browser test-valgrind \
        bench do-bench install do-install uninstall clean check-fresh

# ---- entry points ---------------------------------------------------------
# The commands a person types first. Each installs the Debian packages it
# needs (deps: to build and run; deps-test: that and the test tools), then
# runs its real rule, do-NAME, in a new make: that one reads the tools' flags
# only now that the tools are there, and a -j run cannot start compiling
# before the packages are in.
#
# `make install` on a server takes only the build packages (no PostgreSQL,
# no mail sink: scripts/dev.sh deps build).
#
# A new target that needs the packages: add NAME to RUN_GOALS (build and run
# packages) or TEST_GOALS (test packages too), write its rule as do-NAME,
# and inside do-* rules depend on do-build, not on build. A target that only
# needs what is already built (or that the packaging calls) depends on
# do-build directly and uses the tools' variables above as they are.
RUN_GOALS   := build run
TEST_GOALS  := test bench chaos security screenshots deb test-package

install:
	@$(DEV) deps build
	@+$(MAKE) --no-print-directory do-$@
$(RUN_GOALS): deps
	@+$(MAKE) --no-print-directory do-$@
$(TEST_GOALS): deps-test
	@+$(MAKE) --no-print-directory do-$@

# Several of them in one command (make build run) go one after the other,
# or under -j their new makes would build the same files at once. Each new
# make still builds in parallel.
ifneq ($(filter install $(RUN_GOALS) $(TEST_GOALS),$(MAKECMDGOALS)),)
.NOTPARALLEL:
endif

deps:
	@$(DEV) deps
deps-test:
	@$(DEV) deps test

# `make` alone (and Debian's packaging, which calls it) builds without
# looking at the installed packages.
all: do-build

do-build: $(MOD_SO) $(ADMIN)

build/core/%.o: mod_pserv/core/%.c mod_pserv/core/*.h $(FLAVOUR)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -c -o $@ $<

$(CORE_LIB): $(CORE_OBJ)
	ar rcs $@ $^

$(MOD_SO): $(MOD_SRC) mod_pserv/*.h $(CORE_LIB) $(FLAVOUR) $(VERSION_STAMP)
	@echo "APXS $@"
	@$(APXS) -c -o mod_pserv/mod_pserv.la \
	    -Wc,-std=gnu11 $(addprefix -Wc$(comma),$(WARN) $(SAN_FLAGS)) \
	    -Wc,-DPSERV_VERSION='\"$(PSERV_VERSION)\"' -Wc,-DPSERV_SCHEMA_NEED=$(PSERV_SCHEMA_NEED) \
	    $(addprefix -Wl$(comma),$(SAN_FLAGS)) \
	    $(addprefix -Wc$(comma),$(XML_CFLAGS) $(PQ_CFLAGS)) -I mod_pserv \
	    $(MOD_SRC) $(CORE_LIB) $(XML_LIBS) -lpq -lcurl -loath -lqrencode $(CORE_LIBS) >build/apxs.log 2>&1 \
	    || { cat build/apxs.log; exit 1; }
	@grep -E 'warning:|error:' build/apxs.log || true

# pserv-admin links libpq for PQconninfoParse only (runas.c); its queries go
# through apr_dbd like the module's.
$(ADMIN): mod_pserv/admin/*.c mod_pserv/admin/*.h $(CORE_LIB) $(FLAVOUR) $(VERSION_STAMP)
	$(CC) $(CORE_CFLAGS) $(PQ_CFLAGS) $(VERSION_DEFS) -o $@ \
	    mod_pserv/admin/*.c $(CORE_LIB) $(APR_LIBS) -lpq $(CORE_LIBS)

build/tests/%: tests/unit/%.c tests/unit/check_main.h $(CORE_LIB)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) -o $@ $< $(CORE_LIB) $(CHECK_FLAGS) \
	    $(APR_LIBS) $(CORE_LIBS)

# The module's HTML writer against libxml2's own (it needs httpd's headers,
# none of httpd's code).
build/tests/test_html: tests/unit/test_html.c mod_pserv/html.c mod_pserv/*.h $(FLAVOUR)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) $(XML_CFLAGS) $(PQ_CFLAGS) $(HTTPD_CFLAGS) \
	    -Imod_pserv -o $@ tests/unit/test_html.c mod_pserv/html.c \
	    $(CHECK_FLAGS) $(APR_LIBS) $(XML_LIBS)

# The module's config, request state and route table in-process, on a fake
# request_rec (httpd's headers, none of its code: the test stubs the few
# httpd functions, services and handlers these files call).
TEST_MODULE_SRC := mod_pserv/config.c mod_pserv/request.c mod_pserv/route.c
build/tests/test_module: tests/unit/test_module.c tests/unit/check_main.h \
                         $(TEST_MODULE_SRC) mod_pserv/*.h $(CORE_LIB) $(FLAVOUR)
	@mkdir -p $(@D)
	$(CC) $(CORE_CFLAGS) $(HTTPD_CFLAGS) -Imod_pserv -o $@ \
	    tests/unit/test_module.c $(TEST_MODULE_SRC) $(CORE_LIB) \
	    $(CHECK_FLAGS) $(APR_LIBS) $(CORE_LIBS)

# ---- local run ----------------------------------------------------------

migrate: do-build
ifdef PSERV_DB
	$(ADMIN) -d "$(PSERV_DB)" migrate sql
else
	@$(DEV) pg_start
	@$(ADMIN) -d "$$($(DEV) conninfo $(DB))" migrate sql
endif

demo: do-build
	@$(DEV) pg_start
	@$(DEV) db $(DB)

# LDAP=1: also the demo directory (scripts/dev.sh ldap_start, on LDAP_PORT,
# default 3389), and the login form asks it after P-Serv's own passwords.
LDAP        ?=

do-run: do-build
	@$(DEV) pg_start
	@[ -n "$(SMTP_URL)" ] || $(DEV) mail_start
	@$(DEV) db $(DB)
	@scripts/sso-demo.sh var/httpd-run $(if $(SSO),on,off)
ifeq ($(LDAP),1)
	@$(DEV) deps ldap
	@$(DEV) ldap_start fresh
	@SMTP_URL="$(SMTP_URL)" PSERV_MFA=1 PSERV_HTTPD_EXTRA="$$($(DEV) ldap_conf)" \
	    $(DEV) httpd_start httpd-run $(PORT) $(DB)
else
	@SMTP_URL="$(SMTP_URL)" PSERV_MFA=1 $(DEV) httpd_start httpd-run $(PORT) $(DB)
endif
	@echo
	@echo "P-Serv is serving http://127.0.0.1:$(PORT)/  (demo password: Demo-Pserv-2026)"
	@echo "ICT roles and admin also give a TOTP code: demo secret PSERVDEMOTOTPSECRETFORDEMOONLY23 (README)"
	@[ "$(LDAP)" != 1 ] || echo "Directory logins: agus.salim, yoga.pratama, putri.rahmawati" \
	    "(password: Demo-Direktori-2026), ldap://127.0.0.1:$${LDAP_PORT:-3389}/"
	@echo "Logs: var/httpd-run/logs/   Stop with: make stop   Wipe data: make reset"
	@[ -n "$(SMTP_URL)" ] && echo "Mail goes to $(SMTP_URL)" \
	    || echo "Mail: SMTP sink on 127.0.0.1:$${MAIL_PORT:-8025}, messages in var/mail/new/"

stop:
	@$(DEV) stop

reset:
	@$(DEV) reset

# ---- tests --------------------------------------------------------------

do-test: do-build
	@$(DEV) pg_start
	@[ -n "$(SMTP_URL)" ] || $(DEV) mail_start
	@$(DEV) mail_start $${PSERV_TEST_MAIL_PORT:-8026} $(CURDIR)/var/mail-test
	@$(DEV) db $(TEST_DB) fresh
	@$(DEV) ldap_start fresh
	@# The checks and the tests without a server use every core (valgrind
	@# alone is ~25 s of CPU), each one's output together; then the rest.
	@$(MAKE) --no-print-directory -j$$(nproc) --output-sync=target \
	    check-directives check-i18n check-layout format-check test-unit test-valgrind test-fuzz \
	 && $(MAKE) --no-print-directory test-import test-apache test-chaos test-browser do-test-package; \
	 rc=$$?; $(DEV) ldap_stop; exit $$rc
	@echo "All tests passed."

test-unit: $(UNIT_BIN)
	@set -e; n=0; for t in $(UNIT_BIN); do echo "== $$t"; ./$$t; n=$$((n+1)); done; \
	 [ $$n -gt 0 ] || { echo "no unit tests ran"; exit 1; }

# valgrind memcheck over the unit tests, in Check's no-fork mode so the
# tests run inside the checked process. Needs a plain build: valgrind cannot
# run ASan binaries, so under SANITIZE=1 it is skipped (test-unit then runs
# LeakSanitizer instead). tests/valgrind.supp: third-party libraries only.
VALGRIND    := valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
               --errors-for-leak-kinds=definite,indirect --error-exitcode=1 \
               --suppressions=tests/valgrind.supp

test-valgrind: $(UNIT_BIN)
ifeq ($(SANITIZE),1)
	@echo "test-valgrind: skipped under SANITIZE=1 (ASan's leak checks ran in test-unit)"
else
	@set -e; for t in $(UNIT_BIN); do echo "== valgrind $$t"; CK_FORK=no $(VALGRIND) ./$$t; done
endif

# ---- documentation drift --------------------------------------------------

# Every directive of the command_rec table in README.md's "## Directives"
# table and in conf/pserv.conf, and nothing there that the code lacks.
check-directives:
	@perl scripts/check-directives.pl

# The pages' catalogues (templates/i18n/*.xml) hold the same keys, every key
# a template uses exists, and the converted templates print no literal text
# outside them (docs/TRANSLATING.md); first its own proof that it fails.
check-i18n:
	@python3 scripts/check-i18n.py --self-test
	@python3 scripts/check-i18n.py

# The C sources laid out as .clang-format says (the code's own style, 4
# spaces, 80 columns; a table laid out by hand sits between clang-format
# off and on). `make format` lays them out.
FORMAT_SRC = $(wildcard mod_pserv/*.[ch] mod_pserv/core/*.[ch] mod_pserv/admin/*.[ch])
format-check:
	@bad=; for f in $(FORMAT_SRC); do \
	     clang-format --style=file $$f | cmp -s - $$f || bad="$$bad $$f"; done; \
	 [ -z "$$bad" ] || { echo "format-check: not laid out as .clang-format says" \
	     "(make format):$$bad"; exit 1; }; \
	 echo "format-check: $(words $(FORMAT_SRC)) files as .clang-format lays them out"
format:
	clang-format -i --style=file $(FORMAT_SRC)

# The shape of the module (docs/ARCHITECTURE.md): no call cycle between its
# files, no handler calling another, no pserv_ symbol left undefined (from
# the objects make built, with nm), and each pserv[TAGnn] log tag at one
# call site only.
check-layout: do-build
	@python3 scripts/check-cycles.py
	@python3 scripts/check-log-tags.py

test-import: do-build
	@rm -rf var/sanitize/import && mkdir -p var/sanitize/import
	@ASAN_OPTIONS=log_path=$(CURDIR)/var/sanitize/import/asan \
	    PSERV_ADMIN=$(CURDIR)/$(ADMIN) PGHOST=$(CURDIR)/var/pg/run PGPORT=5432 PGUSER=pserv \
	    bash tests/import/run.sh
	@! ls var/sanitize/import/* 2>/dev/null || { cat var/sanitize/import/*; exit 1; }

# The test scripts' psql is PostgreSQL's own (scripts/dev.sh's PGBIN), not
# Debian's /usr/bin/psql, a Perl wrapper costing ~0.1 s of CPU a call: the
# import test, the chaos scenarios' polls and the browser tests make
# hundreds of calls (t/ finds it itself: Pserv::TestUtil).
PGBIN ?= /usr/lib/postgresql/15/bin
test-import test-browser test-chaos do-chaos do-test-package: export PATH := $(PGBIN):$(PATH)

# t/auth/ldap.t asks the private directory (scripts/dev.sh ldap_start).
test-apache: do-build
	@$(DEV) ldap_start
	@$(DEV) test_apache

test-browser: do-build
	@cd tests/browser && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error; }
	@PSERV_MFA=1 $(DEV) httpd_start httpd-test $(TEST_PORT) $(TEST_DB)
	@BASE_URL=http://127.0.0.1:$(TEST_PORT) OUT_DIR=$(CURDIR)/var/screenshots TEST_DB=$(TEST_DB) \
	    node tests/browser/run.js; rc=$$?; $(DEV) httpd_stop httpd-test; \
	    $(DEV) httpd_check httpd-test || rc=1; exit $$rc

do-bench: do-build
	@scripts/bench.sh

# ---- install into an existing Apache -------------------------------------

# The configuration examples that go to $(PREFIX)/conf (install and uninstall).
INSTALL_CONF := conf/pserv.conf conf/pserv-site.conf conf/pserv-ssl-vhost.conf.example

do-install: do-build
	$(APXS) -i -n pserv $(MOD_SO)
	install -d $(DESTDIR)$(PREFIX)/templates/static $(DESTDIR)$(PREFIX)/templates/i18n \
	    $(DESTDIR)$(PREFIX)/conf $(DESTDIR)$(PREFIX)/sql
	install -m 644 templates/*.xsl $(DESTDIR)$(PREFIX)/templates/
	install -m 644 templates/i18n/*.xml $(DESTDIR)$(PREFIX)/templates/i18n/
	install -m 644 templates/static/* $(DESTDIR)$(PREFIX)/templates/static/
	install -m 644 $(INSTALL_CONF) $(DESTDIR)$(PREFIX)/conf/
	install -m 644 sql/*.sql $(DESTDIR)$(PREFIX)/sql/
	install -m 755 $(ADMIN) $(DESTDIR)$(BINDIR)/pserv-admin

# Removes exactly what `make install` put there (same PREFIX, BINDIR and
# DESTDIR; apxs puts the module in Apache's own folder whatever DESTDIR
# says), then the folders it made if they are left empty. Leaves Apache's
# configuration alone, so refuses while it loads the module (a2dismod pserv
# first), and leaves a module that a Debian package owns. Needs no build
# and no package: without apxs, Debian's module folder.
uninstall:
	@[ ! -e /etc/apache2/mods-enabled/pserv.load ] || { echo \
	    "/etc/apache2/mods-enabled/pserv.load still loads the module: run a2dismod pserv first"; exit 1; }
	@so=$(LIBEXECDIR)/mod_pserv.so; if dpkg -S $$so >/dev/null 2>&1; then \
	    echo "$$so belongs to a Debian package: left in place"; else echo "rm -f $$so"; rm -f $$so; fi
	rm -f $(addprefix $(DESTDIR)$(PREFIX)/,$(wildcard templates/*.xsl templates/static/* templates/i18n/*.xml) \
	    $(INSTALL_CONF) $(wildcard sql/*.sql))
	rm -f $(DESTDIR)$(BINDIR)/pserv-admin
	@for d in templates/static templates/i18n templates conf sql ""; do d=$(DESTDIR)$(PREFIX)/$$d; \
	    [ ! -d $$d ] || rmdir --ignore-fail-on-non-empty $$d; done

# A fresh Debian 12 root (mmdebstrap) gets a clone of HEAD and `make run`
# as its first command: scripts/check-fresh.sh. A few minutes; not in make test.
check-fresh:
	@PORT=$(PORT) scripts/check-fresh.sh $(FRESH_GOAL)

clean:
	rm -rf build mod_pserv/.libs mod_pserv/*.lo mod_pserv/*.slo mod_pserv/*.la mod_pserv/*.o


# ---- fuzzing ------------------------------------------------------------
# tests/fuzz/fuzz_NAME.c fuzzes mod_pserv/core/NAME.c; its inputs live in
# tests/fuzz/corpus/NAME/, inputs that crashed it in tests/fuzz/crashes/NAME/.
# A target built from more than its own core file lists the others in
# FUZZ_EXTRA_NAME, and libraries beyond APR in FUZZ_LIBS_NAME.
# `make fuzz` runs each target under libFuzzer for FUZZ_SECONDS, then
# rebuilds its corpus as the hand-written seeds (seed_*) plus the fewest
# inputs covering every edge reached (-set_cover_merge=1, a better -merge=1;
# -use_counters=0, as hit counts would keep hundreds of near-duplicates).
# `make test-fuzz` replays corpus and crashes without libFuzzer, under ASan
# and UBSan, and fails on any crash.

FUZZ_SECONDS ?= 60
FUZZ_CC      ?= clang
REPLAY_CC    ?= $(CC)
FUZZ_NAMES   := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_CFLAGS   = -std=gnu11 -g -O1 -fno-omit-frame-pointer $(WARN) $(APR_CFLAGS) \
                -Imod_pserv/core
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all

FUZZ_EXTRA_cookie   := mod_pserv/core/token.c
FUZZ_LIBS_cookie    := -lcrypto
FUZZ_EXTRA_validate := mod_pserv/core/urlencoded.c mod_pserv/core/workflow.c
FUZZ_EXTRA_csv      := mod_pserv/core/import.c mod_pserv/core/validate.c \
                       mod_pserv/core/urlencoded.c mod_pserv/core/workflow.c

.PHONY: fuzz test-fuzz
.SECONDEXPANSION:

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c mod_pserv/core/%.c $$(FUZZ_EXTRA_$$*) \
                   mod_pserv/core/*.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ \
	    $(filter %.c,$^) $(FUZZ_LIBS_$*) $(APR_LIBS)

build/fuzz/replay_%: tests/fuzz/fuzz_%.c tests/fuzz/replay_main.c \
                     mod_pserv/core/%.c $$(FUZZ_EXTRA_$$*) mod_pserv/core/*.h
	@mkdir -p $(@D)
	$(REPLAY_CC) $(FUZZ_CFLAGS) $(FUZZ_SAN) -o $@ $(filter %.c,$^) \
	    $(FUZZ_LIBS_$*) $(APR_LIBS)

fuzz: $(addprefix build/fuzz/fuzz_,$(FUZZ_NAMES))
	@set -e; for t in $(FUZZ_NAMES); do \
	    corpus=tests/fuzz/corpus/$$t; work=build/fuzz/new-$$t; \
	    dict=; [ ! -f tests/fuzz/$$t.dict ] || dict=-dict=tests/fuzz/$$t.dict; \
	    mkdir -p $$corpus tests/fuzz/crashes/$$t; rm -rf $$work; mkdir -p $$work; \
	    echo "== fuzz $$t for $(FUZZ_SECONDS)s"; rc=0; \
	    build/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) \
	        -artifact_prefix=tests/fuzz/crashes/$$t/ $$dict $$work $$corpus || rc=$$?; \
	    min=build/fuzz/min-$$t; rm -rf $$min; mkdir -p $$min; \
	    cp $$corpus/seed_* $$min/ 2>/dev/null || true; \
	    build/fuzz/fuzz_$$t -set_cover_merge=1 -use_counters=0 $$min $$corpus $$work \
	        >$$min.log 2>&1 || { cat $$min.log; exit 1; }; \
	    [ -n "$$(ls $$min)" ] && rm -f $$corpus/* && cp $$min/* $$corpus/; \
	    echo "$$corpus: $$(ls $$corpus | wc -l) inputs"; \
	    [ $$rc -eq 0 ] || { echo "fuzz $$t: crash saved in tests/fuzz/crashes/$$t/"; exit $$rc; }; \
	done

test-fuzz: $(addprefix build/fuzz/replay_,$(FUZZ_NAMES))
	@set -e; [ -n "$(FUZZ_NAMES)" ] || { echo "no fuzz targets"; exit 1; }; \
	 for t in $(FUZZ_NAMES); do \
	    echo "== replay $$t"; \
	    build/fuzz/replay_$$t tests/fuzz/corpus/$$t \
	        $$(ls -d tests/fuzz/crashes/$$t 2>/dev/null); \
	 done

# ---- screenshots ----
# `make screenshots` refreshes docs/screenshots/: the manual's figures
# (gambar-X-Y.png, after its "Gambar X.Y"), taken by the desktop walk with
# JavaScript of tests/browser/walk.test.js against a fresh TEST_DB, on the
# same private Apache as test-browser; then the extra-*.png of the pages
# beyond the manual (admin, delegation, reassign, notify and revise.test.js's
# first walks; revise.test.js's 375 px walk for the mail link's pages), and
# mfa-*.png of the second factor (mfa.test.js).

.PHONY: screenshots do-screenshots

do-screenshots: do-build
	@cd tests/browser && { [ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error; }
	@$(DEV) pg_start
	@$(DEV) db $(TEST_DB) fresh
	@$(DEV) mail_start
	@PSERV_MFA=1 $(DEV) httpd_start httpd-test $(TEST_PORT) $(TEST_DB)
	@mkdir -p docs/screenshots && rm -f docs/screenshots/gambar-*.png docs/screenshots/extra-*.png docs/screenshots/mfa-*.png docs/screenshots/en-*.png
	@BASE_URL=http://127.0.0.1:$(TEST_PORT) SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots \
	    node -e "require('./tests/browser/walk.test.js'); require('./tests/browser/admin.test.js'); \
	             require('./tests/browser/delegation.test.js'); require('./tests/browser/reassign.test.js'); \
	             require('./tests/browser/notify.test.js'); require('./tests/browser/revise.test.js'); \
	             require('./tests/browser/mfa.test.js'); \
	             require('./tests/browser/lib.js').run()"; \
	    rc=$$?; $(DEV) httpd_stop httpd-test; \
	    [ $$rc -ne 0 ] || echo "Figures in docs/screenshots/: $$(ls docs/screenshots/*.png | wc -l)"; \
	    exit $$rc

# ---- chaos and security ----
# `make chaos` (scripts/chaos.sh, CHAOS=full): PostgreSQL restarted, SMTP
# down, graceful restarts, a child SIGKILLed, oversized/slow/silent
# clients, two servers on one database, and a soak of CHAOS_SOAK_SECONDS
# (600) at half the measured peak. `make test-chaos` is its short form
# (about two minutes, no soak), run by `make test`. Apache on 8100-8101,
# SMTP sink on 8027 (CHAOS_PORT, CHAOS_PORT2, CHAOS_MAIL_PORT).
# `make security` (scripts/security.sh): sqlmap against every parameter
# that reaches SQL; several minutes, so not in `make test`.

.PHONY: chaos do-chaos test-chaos security do-security

do-chaos: do-build
	@CHAOS=full scripts/chaos.sh

test-chaos: do-build
	@CHAOS=short scripts/chaos.sh

do-security: do-build
	@scripts/security.sh

# ---- Debian package ----
# `make deb` builds libapache2-mod-pserv_VERSION_ARCH.deb with Debian's own
# tooling (debian/: dh with dh_apache2, dpkg-buildpackage -b) in a copy of
# the tree under build/deb/src/ (the package build cleans and rebuilds with
# Debian's hardening flags; the checkout's build/ stays as it is), checks it
# with lintian (errors fail; the warnings kept are listed, with reasons, in
# debian/LINTIAN.md) and copies it to the top directory.
# `make test-package` (scripts/test-package.sh) installs it into this
# machine's system Apache, walks it (login, list, ticket) and purges it,
# leaving /etc/apache2 as it found it.

.PHONY: deb do-deb check-deb-version test-package do-test-package

# debian/changelog's top entry must be the version in VERSION. The package
# is native (1.0.0, not 1.0.0-1): debian/ lives in this repository and is
# released with the code, so there is one version number, VERSION's; a
# packaging-only fix is a new upstream version too.
check-deb-version:
	@v=$$(cat VERSION); d=$$(dpkg-parsechangelog -S Version); u=$${d#*:}; u=$${u%-*}; \
	 [ "$$u" = "$$v" ] || { echo "debian/changelog's top entry is $$d but VERSION says $$v:" \
	     "add a changelog entry for $$v"; exit 1; }

do-deb: check-deb-version
	@rm -rf build/deb && mkdir -p build/deb/src
	@tar -cf - --exclude=./.git --exclude=./var --exclude=./build \
	    --exclude=./tests/browser/node_modules --exclude='./libapache2-mod-pserv_*' \
	    --exclude=./t/logs . | tar -xf - -C build/deb/src
	@echo "dpkg-buildpackage (log: build/deb/build.log)"
	@cd build/deb/src && dpkg-buildpackage -us -uc -b >../build.log 2>&1 \
	    || { tail -n 40 ../build.log; exit 1; }
	@f=$$(ls build/deb/libapache2-mod-pserv_*.deb) && echo "lintian $$f" && \
	 { lintian --fail-on none $$f >build/deb/lintian.log 2>&1 || { cat build/deb/lintian.log; exit 1; }; } && \
	 cat build/deb/lintian.log && \
	 kept=$$(sed -n 's/^- `\([a-z0-9-]*\)`.*/\1/p' debian/LINTIAN.md) && \
	 bad=$$(awk -v kept=" $$(echo $$kept) " '/^E: / || (/^W: / && index(kept, " " $$3 " ") == 0)' \
	        build/deb/lintian.log) && \
	 { [ -z "$$bad" ] || { echo "lintian: errors, or warnings not listed in debian/LINTIAN.md:"; \
	                       echo "$$bad"; exit 1; }; } && \
	 rm -f libapache2-mod-pserv_*.deb && cp $$f . && echo "Built $$(basename $$f)"

do-test-package: do-deb
	@scripts/test-package.sh "$$(ls libapache2-mod-pserv_*.deb)"
