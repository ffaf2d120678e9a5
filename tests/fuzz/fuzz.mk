# fuzz.mk - the libFuzzer harnesses, read after the Makefile by tests/fuzz/lib.sh:
#   make -f Makefile -f tests/fuzz/fuzz.mk B=build/fuzz CC=clang CFLAGS=... fuzz-bins
# The library comes from the Makefile's own rules (objects in build/fuzz/obj);
# each tests/fuzz/fuzz_NAME.c links with libFuzzer into build/fuzz/fuzz_NAME.
FUZZ_SRC  = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN  = $(FUZZ_SRC:tests/fuzz/%.c=$(B)/%)
FUZZ_LINK = -fsanitize=fuzzer,address,undefined

.PHONY: fuzz-bins
fuzz-bins: $(FUZZ_BIN)

$(B)/fuzz_%: tests/fuzz/fuzz_%.c $(B)/libcertdesk.a
	@mkdir -p $(dir $@)
	@echo '  FUZZ    $@'
	@$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Itests/fuzz -MMD -MP $(FUZZ_LINK) -o $@ $< $(B)/libcertdesk.a $(LIBS)
