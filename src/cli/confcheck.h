/* confcheck.h - `certdesk config check`: every problem of a branch's
 * configuration at once, each with FILE:LINE where a line is to blame. */
#ifndef CERTDESK_CONFCHECK_H
#define CERTDESK_CONFCHECK_H

#include "core/conf.h"

/* Check FILE (its lines, then what they name: the centre's address and TLS
 * files, the scanner folder, the printer (lpstat), the PDF directory, the
 * database and its group, the time zone, the holiday calendar's coverage of
 * TODAY (NULL: the clock) and the next 30 days). Changes nothing. Adds every
 * problem to P and returns how many. */
size_t confcheck_run(const char *file, const char *today, struct conf_problems *p);

#endif
