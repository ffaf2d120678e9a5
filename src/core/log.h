/* log.h - one line per event on a daemon's standard error, for the journal:
 * sd-daemon level prefixes ("<6>"), the time with its zone when the line
 * does not go to journald (which stamps lines itself), sensitive values
 * masked (redact_text), one line per message. No curses, no syslog(3).
 * See certdesk-deploy(7), LOGS. */
#ifndef CERTDESK_LOG_H
#define CERTDESK_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* The sd-daemon(3) levels certdesk uses (the values of syslog(3)). */
enum log_level {
	LOG_LVL_ERR = 3,
	LOG_LVL_WARNING = 4,
	LOG_LVL_INFO = 6,
	LOG_LVL_DEBUG = 7,
};

/* Where and how lines go. out NULL = stderr. daemon: lines carry "<N>"
 * even when out is not the journal (a service manager reads them); when
 * out is the journal (JOURNAL_STREAM names its device and inode) they
 * always do, and carry no time. Lines above max_level are dropped
 * (default LOG_LVL_INFO). The state is the process's (one daemon). */
void log_setup(FILE *out, bool daemon, enum log_level max_level);
/* True when the output is the journal's stream (after log_setup). */
bool log_to_journal(void);

/* One line: the message, redacted and made one line, with the prefix and
 * time as log_setup decided. Written with one write, flushed. */
void log_line(enum log_level lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The line log_line would write for msg (without the newline; caller
 * frees), for tests and for callers that write elsewhere. */
char *log_format(enum log_level lvl, const char *msg);

/* Is fd the stream named by a JOURNAL_STREAM value ("DEV:INODE")? */
bool log_is_journal_stream(int fd, const char *journal_stream);

#endif
