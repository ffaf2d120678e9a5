/* fuzz.h - helpers shared by the libFuzzer harnesses: a NUL-terminated copy
 * of the input, a UTF-8 check written independently of the code under test,
 * scratch files, and an invariant check that aborts (libFuzzer saves the
 * input as a crash). */
#ifndef CERTDESK_FUZZ_H
#define CERTDESK_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A broken invariant is a finding like a crash: say which and abort. */
#define FUZZ_CHECK(cond, ...)                                                          \
	do {                                                                           \
		if (!(cond)) {                                                         \
			fprintf(stderr, "%s:%d: invariant broken: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                                   \
			fputc('\n', stderr);                                           \
			abort();                                                       \
		}                                                                      \
	} while (0)

/* The input as a C string (an embedded NUL ends it, as it would for text
 * typed or read by C code). Caller frees. */
static inline char *fuzz_cstr(const uint8_t *data, size_t size)
{
	char *s = xmalloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* Well-formed UTF-8 after Unicode 15 table 3-7 (byte ranges, no decoding):
 * no overlongs, no surrogates, nothing above U+10FFFF, no cut sequences. */
static inline bool fuzz_utf8_ok(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;

	while (i < len) {
		unsigned char b = s[i];
		unsigned char lo = 0x80, hi = 0xBF;
		size_t n;

		if (b <= 0x7F) {
			i++;
			continue;
		}
		if (b >= 0xC2 && b <= 0xDF)
			n = 1;
		else if (b == 0xE0)
			n = 2, lo = 0xA0;
		else if (b == 0xED)
			n = 2, hi = 0x9F;
		else if (b >= 0xE1 && b <= 0xEF)
			n = 2;
		else if (b == 0xF0)
			n = 3, lo = 0x90;
		else if (b == 0xF4)
			n = 3, hi = 0x8F;
		else if (b >= 0xF1 && b <= 0xF3)
			n = 3;
		else
			return false;
		if (len - i - 1 < n)
			return false;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return false;
		for (size_t k = 2; k <= n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return false;
		i += n + 1;
	}
	return true;
}

static inline bool fuzz_utf8_str(const char *s)
{
	return s && fuzz_utf8_ok(s, strlen(s));
}

/* Length in bytes of the UTF-8 character at s (s well-formed). */
static inline size_t fuzz_u8len(const char *s)
{
	unsigned char b = (unsigned char)*s;

	return b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
}

/* True when S holds a C0 control character or DEL. */
static inline bool fuzz_has_c0(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return true;
	return false;
}

/* True when S (well-formed UTF-8) holds a character the terminal sanitiser
 * never draws (src/core/sanitize.h): a C0 or C1 control, DEL, a bidi
 * embedding, override or isolate (U+202A..U+202E, U+2066..U+2069), or a
 * line/paragraph separator (U+2028, U+2029). */
static inline bool fuzz_has_unsafe(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p += fuzz_u8len((const char *)p)) {
		if (*p < 0x20 || *p == 0x7F)
			return true;
		if (p[0] == 0xC2 && p[1] < 0xA0)
			return true;
		if (p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xA8 && p[2] <= 0xAE)
			return true;
		if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9)
			return true;
	}
	return false;
}

/* A private scratch directory, made once per process (under $TMPDIR, else
 * /dev/shm when writable, else /tmp) and removed at exit. */
static char *fuzz_dir_path;

static inline void fuzz_dir_cleanup(void)
{
	char *cmd;

	if (!fuzz_dir_path)
		return;
	cmd = xasprintf("rm -rf '%s'", fuzz_dir_path);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", fuzz_dir_path);
	free(cmd);
}

static inline const char *fuzz_dir(void)
{
	const char *base = getenv("TMPDIR");

	if (fuzz_dir_path)
		return fuzz_dir_path;
	if (!base || !*base)
		base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	fuzz_dir_path = xasprintf("%s/certdesk-fuzz-XXXXXX", base);
	if (!mkdtemp(fuzz_dir_path)) {
		perror("mkdtemp");
		abort();
	}
	atexit(fuzz_dir_cleanup);
	return fuzz_dir_path;
}

/* Write the input to NAME in the scratch directory; returns the path
 * (caller frees). */
static inline char *fuzz_write_file(const char *name, const uint8_t *data, size_t size)
{
	char *path = xasprintf("%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");

	if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
		perror(path);
		abort();
	}
	return path;
}

#endif
