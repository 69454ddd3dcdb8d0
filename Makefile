# rung - one non-recursive Makefile: the core, every stage, the tests.
#
#   make                  build every stage (bin/rung-01 ... bin/rung-server)
#   make run [PORT=6379]  run the last stage;  make run-NN  runs stage NN
#   make test             unit tests, then each stage against its cumulative
#                         bats tests, then the chapters' sessions (check-docs)
#   make test-NN          stage NN against the tests of stages 01..NN
#                         (SERVER=path/to/binary tests your own server;
#                         ONLY=1 runs only stage NN's own tests)
#   make unit | test-reference | test-broken | check-docs | diff-NN | clean
#   make bench            the last stage side by side with redis-server
#   make fuzz             libFuzzer targets, FUZZ_SECONDS each (default 60)
#
# Objects go to build/<flag set>/ so plain, clang and sanitizer builds never
# mix: CC=clang builds in build/clang/, SANITIZE=address,undefined in
# build/<cc>-sanitize-address-undefined/.  Only the default build puts servers in bin/.

STAGES := 01-ping 02-resp 03-kv 04-keys 05-aof 06-epoll 07-expire 08-databases 09-types \
          10-resp3 11-info 12-rewrite
LAST   := 12

# The shared modules each stage links.  A stage links what the one before
# it did plus the modules of its own concept - `make diff-NN` shows them.
MODS_01 := log config net sig listeners threadsrv boot buf
MODS_02 := $(MODS_01) resp cmd client session cmd_conn
MODS_03 := $(MODS_02) siphash dict clock db cmd_kv kvserver
MODS_04 := $(MODS_03) glob cmd_keys
MODS_05 := $(MODS_04) aof aofsrv
# Stage 06 trades the threads (threadsrv, session, kvserver) for a loop.
MODS_06 := $(filter-out threadsrv session kvserver,$(MODS_05)) ev server evserver
MODS_07 := $(MODS_06) num expire cmd_expire keyserver
MODS_08 := $(MODS_07) scan cmd_db
MODS_09 := $(MODS_08) hash cmd_string cmd_hash
# The client, rung-cli (stages/cli): the protocol from the other side.
MODS_CLI := buf net resp reply cliargs cliformat lineedit
MODS_10 := $(MODS_09) cmd_client
MODS_11 := $(MODS_10) cmd_info cmd_docs cmd_config cmd_server
MODS_12 := $(MODS_11) aofdump aofrw

PORT     ?= 6379
SANITIZE ?=
WERROR   ?=
CFLAGS   ?= -O2 -g
WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes \
            -Wstrict-prototypes -Wvla
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) $(if $(WERROR),-Werror) \
             $(SANFLAGS) $(CFLAGS) -Ishared -MMD -MP
LDLIBS   := -lpthread

CCNAME := $(notdir $(firstword $(CC)))
comma  := ,
ifneq ($(SANITIZE),)
  CONF     := $(CCNAME)-sanitize-$(subst $(comma),-,$(SANITIZE))
  SANFLAGS := -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
else ifneq ($(filter cc gcc,$(CCNAME)),)
  CONF := release
else
  CONF := $(CCNAME)
endif
OBJDIR := build/$(CONF)
BINDIR := $(if $(filter release,$(CONF)),bin,$(OBJDIR)/bin)
TESTBIN := $(OBJDIR)/tests

SHARED_SRCS := $(wildcard shared/*.c)
SHARED_OBJS := $(SHARED_SRCS:%.c=$(OBJDIR)/%.o)
LIB         := $(OBJDIR)/librung.a
UNIT_SRCS   := $(wildcard tests/unit/test_*.c)
UNIT_BINS   := $(UNIT_SRCS:tests/unit/%.c=$(TESTBIN)/%)
BROKEN_SRCS := $(wildcard tests/broken/*.c)
BROKEN_BINS := $(BROKEN_SRCS:tests/broken/%.c=$(TESTBIN)/broken-%)
HELPER_BINS := $(TESTBIN)/wire $(TESTBIN)/crowd
STAGE_BINS  := $(foreach s,$(STAGES),$(BINDIR)/rung-$(firstword $(subst -, ,$(s))))

# What the test runner needs to know, whichever flag set built it.
export RUNG_BINDIR := $(BINDIR)
export RUNG_TESTBIN := $(TESTBIN)
export RUNG_STAGES := $(STAGES)

.PHONY: all run unit test test-reference test-broken check-docs testbins deps clean bench fuzz test-clients
all: $(STAGE_BINS) $(BINDIR)/rung-server $(BINDIR)/rung-cli

$(OBJDIR)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIB): $(SHARED_OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# One block of rules per stage: build, run, test, diff.
define STAGE_RULES
$(2)_OBJS := $$(patsubst %.c,$(OBJDIR)/%.o,$$(wildcard stages/$(1)/*.c)) \
             $$(MODS_$(2):%=$(OBJDIR)/shared/%.o)
$(BINDIR)/rung-$(2): $$($(2)_OBJS)
	@mkdir -p $$(@D)
	$$(CC) $$(ALL_CFLAGS) -o $$@ $$^ $$(LDLIBS)
.PHONY: stage-$(2) run-$(2) test-$(2) diff-$(2)
stage-$(2): $(BINDIR)/rung-$(2)
run-$(2): $(BINDIR)/rung-$(2)
	$(BINDIR)/rung-$(2) --port $$(PORT)
test-$(2): $(BINDIR)/rung-$(2) $(HELPER_BINS) deps
	@tests/run.sh stage $(2) $$(if $$(SERVER),$$(SERVER),$(BINDIR)/rung-$(2)) \
		$$(if $$(ONLY),$$(wildcard tests/bats/$(2)-*.bats))
diff-$(2):
	@tests/stage-diff.sh $(2)
mods-$(2):
	@echo $$(MODS_$(2))
endef
$(foreach s,$(STAGES),$(eval $(call STAGE_RULES,$(s),$(firstword $(subst -, ,$(s))))))

# The daily-use server is the last stage under its own name.
$(BINDIR)/rung-server: $(BINDIR)/rung-$(LAST)
	cp $< $@

$(BINDIR)/rung-cli: $(patsubst %.c,$(OBJDIR)/%.o,$(wildcard stages/cli/*.c)) $(MODS_CLI:%=$(OBJDIR)/shared/%.o)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

run: $(BINDIR)/rung-server
	$(BINDIR)/rung-server --port $(PORT)

$(TESTBIN)/test_%: $(OBJDIR)/tests/unit/test_%.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)
$(TESTBIN)/broken-%: $(OBJDIR)/tests/broken/%.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)
$(TESTBIN)/%: $(OBJDIR)/tests/helpers/%.o $(LIB)
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

testbins: $(UNIT_BINS) $(BROKEN_BINS) $(HELPER_BINS)

deps:
	@tests/deps.sh

unit: $(UNIT_BINS)
	@tests/run.sh unit $(UNIT_BINS)

test: all testbins deps
	@tests/run.sh all

test-reference: testbins deps
	@tests/run.sh reference

test-broken: testbins deps
	@tests/run.sh broken

check-docs: all testbins deps
	@tests/run.sh docs

# Real client libraries (redis-py, ioredis, node-redis, hiredis) against the
# last stage, or SERVER=path; tests/clients/run.sh installs what they need.
test-clients: all
	@tests/clients/run.sh $(if $(SERVER),$(SERVER),$(BINDIR)/rung-server)

bench: all
	@tests/bench.sh $(BINDIR)/rung-server

FUZZ_SECONDS ?= 60
fuzz:
	@tests/fuzz/run.sh $(FUZZ_SECONDS)

clean:
	rm -rf build bin

-include $(wildcard $(OBJDIR)/*/*.d $(OBJDIR)/*/*/*.d)
