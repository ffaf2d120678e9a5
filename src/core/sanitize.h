/* sanitize.h - make text from any source safe to draw on a terminal: no
 * control characters, escape sequences, bidi overrides or invalid UTF-8 ever
 * reach it (headless; the TUI's drawing primitive passes everything here). */
#ifndef CERTDESK_SANITIZE_H
#define CERTDESK_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum sanitize_flags {
	SAN_MULTILINE = 1,   /* keep '\n' (help texts); otherwise it becomes a space */
};

/* What replaces each removed thing: visible, one column wide. */
#define SAN_MARK "\xEF\xBF\xBD"   /* U+FFFD */

/* A new, clean copy of s (caller frees; NULL gives ""):
 * - an escape sequence (ESC or 8-bit CSI/OSC/DCS with its parameters and
 *   final byte, or an OSC/DCS string up to BEL or ST) becomes one U+FFFD;
 * - other C0 controls, DEL and C1 controls become U+FFFD; TAB becomes a space,
 *   CR is dropped, LF is kept with SAN_MULTILINE and a space otherwise;
 * - bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069) and
 *   the line/paragraph separators U+2028/U+2029 become U+FFFD;
 * - each invalid UTF-8 byte becomes U+FFFD. */
char *sanitize_text(const char *s, int flags);
char *sanitize_textn(const char *s, size_t n, int flags);
/* For one message of a command-line program (an argument echoed in an error):
 * a clean copy owned here, valid until 8 more calls (a static ring; not for
 * threads). NULL gives "". */
const char *sanitize_arg(const char *s);
/* True when sanitize_text would return s unchanged. */
bool sanitize_is_clean(const char *s, int flags);
/* Is cp a character that must never be drawn (control, C1, bidi override,
 * line separator)? The field editor drops these when typed. */
bool sanitize_bad_char(uint32_t cp);

#endif
