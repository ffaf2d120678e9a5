/* log.c - daemon log lines: level prefix, zoned time, redaction. */
#include "core/log.h"

#include "core/clock.h"
#include "core/redact.h"
#include "core/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct {
	FILE *out;
	bool prefix;              /* "<N>" */
	bool journal;             /* journald stamps lines: no time */
	enum log_level max;
} lg = { NULL, false, false, LOG_LVL_INFO };

bool log_is_journal_stream(int fd, const char *journal_stream)
{
	unsigned long long dev, ino;
	struct stat st;
	char tail;

	if (!journal_stream || sscanf(journal_stream, "%llu:%llu%c", &dev, &ino, &tail) != 2)
		return false;
	return fstat(fd, &st) == 0 && (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

void log_setup(FILE *out, bool daemon, enum log_level max_level)
{
	lg.out = out ? out : stderr;
	/* secure_getenv: a setgid certdesk takes nothing from the caller (the
	 * service itself is not setgid, so it sees the variable) */
	lg.journal = log_is_journal_stream(fileno(lg.out), secure_getenv("JOURNAL_STREAM"));
	lg.prefix = daemon || lg.journal;
	lg.max = max_level;
}

bool log_to_journal(void)
{
	return lg.journal;
}

char *log_format(enum log_level lvl, const char *msg)
{
	char *clean = redact_text(msg ? msg : "");
	char pre[8] = "", when[CLOCK_TEXT + 1] = "";
	char *line;

	if (lg.prefix)
		snprintf(pre, sizeof(pre), "<%d>", (int)lvl);
	if (!lg.journal) {
		clock_now_text(when);
		strcat(when, " ");
	}
	line = xasprintf("%s%s%s", pre, when, clean);
	free(clean);
	return line;
}

void log_line(enum log_level lvl, const char *fmt, ...)
{
	va_list ap;
	char *msg, *line;
	FILE *out = lg.out ? lg.out : stderr;

	if (lvl > lg.max)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	line = log_format(lvl, msg);
	free(msg);
	/* the newline with the line, in one fwrite: whole lines in the journal */
	msg = xasprintf("%s\n", line);
	fwrite(msg, 1, strlen(msg), out);
	fflush(out);
	free(msg);
	free(line);
}
