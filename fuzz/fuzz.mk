# fuzz.mk: libFuzzer harnesses of the parsers that read what others wrote
# (included by the top Makefile; needs clang and libclang-rt-dev).
#
#   make fuzz              build build-fuzz/fuzz-{record,comments,http,url,brief,plan}
#   make fuzz-run          run each for FUZZ_TIME seconds (25) on its corpus
#
# The library is compiled again with clang, -fsanitize=fuzzer-no-link and
# ASan + UBSan (any UB aborts); the committed seed corpus fuzz/corpus/<name>
# is read, and what the fuzzer adds goes to build-fuzz/corpus/<name>. A
# crash leaves build-fuzz/crash-<name>-*: add it to fuzz/corpus/<name>
# with the fix.

FUZZ_CC ?= clang
FUZZ_BUILD ?= build-fuzz
FUZZ_TIME ?= 25
FUZZERS := record comments http url brief plan
FUZZ_SAN = -fsanitize=address,undefined -fno-sanitize-recover=undefined \
	-fno-omit-frame-pointer
FUZZ_CFLAGS = -std=gnu11 -g -O1 $(WARNINGS) -Iinclude -Ilib $(PKG_CFLAGS) \
	$(FUZZ_SAN)
FUZZ_LIB_OBJ := $(LIB_SRC:%.c=$(FUZZ_BUILD)/%.o)
FUZZ_PROGRAMS := $(FUZZERS:%=$(FUZZ_BUILD)/fuzz-%)

$(FUZZ_BUILD)/lib/%.o: lib/%.c $(DEPS_BUILT)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<

$(FUZZ_BUILD)/libgitissue.a: $(FUZZ_LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(FUZZ_BUILD)/fuzz-%: fuzz/fuzz-%.c $(FUZZ_BUILD)/libgitissue.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(LINK_FLAGS) -o $@ $< \
		$(FUZZ_BUILD)/libgitissue.a $(PKG_LIBS) $(CURL_LIBS)

-include $(FUZZ_LIB_OBJ:.o=.d)

fuzz: deps
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || \
		{ echo "make fuzz needs $(FUZZ_CC) (contrib/install-deps)"; exit 1; }
	@$(MAKE) --no-print-directory $(FUZZ_PROGRAMS)

# Each harness for FUZZ_TIME seconds; the first crash fails the run.
fuzz-run: fuzz
	@for f in $(FUZZERS); do \
		mkdir -p $(FUZZ_BUILD)/corpus/$$f || exit 1; \
		echo "== fuzz-$$f ($(FUZZ_TIME) s)"; \
		$(FUZZ_BUILD)/fuzz-$$f -max_total_time=$(FUZZ_TIME) \
			-timeout=10 -rss_limit_mb=2048 -max_len=65536 \
			-print_final_stats=1 \
			-artifact_prefix=$(FUZZ_BUILD)/crash-$$f- \
			$(FUZZ_BUILD)/corpus/$$f fuzz/corpus/$$f \
			>$(FUZZ_BUILD)/fuzz-$$f.log 2>&1 || \
		{ tail -n 60 $(FUZZ_BUILD)/fuzz-$$f.log; exit 1; }; \
		grep -E "^stat::number_of_executed_units|Done [0-9]+ runs" \
			$(FUZZ_BUILD)/fuzz-$$f.log | tail -n 2; \
	done

.PHONY: fuzz fuzz-run
