/* redact.h - mask the sensitive values found inside free text (audit details,
 * reasons typed by an operator, error messages) before they are printed or logged. */
#ifndef CERTDESK_REDACT_H
#define CERTDESK_REDACT_H

/* Returns a new string (caller frees; NULL in gives NULL out) in which:
 * - 18 characters (17 digits and a digit or X) are masked as by mask_id
 *   (110105********002X) unless they are a valid application number that
 *   could not be an ID number (no ID check character, no province code and
 *   birth date in place); a 15-digit legacy ID number likewise;
 * - an 11-digit mobile number (1[3-9]…) as by mask_mobile (138****8000);
 * - any other run of 12 or more digits (bank accounts) as by mask_account;
 * - an e-mail address as by mask_email (z***@example.com);
 * - control characters (C0, DEL, C1) become '?', and what else must not
 *   reach a terminal (bidi overrides, line separators, invalid UTF-8) is
 *   replaced as by sanitize_text (the result goes to terminals and logs).
 * Digits written in groups ("6222 0202 0000 1234 567", "138-0013-8000")
 * count as one number when each group has at least 3 digits. Addresses and
 * names cannot be recognised in free text: callers mask those themselves. */
char *redact_text(const char *text);

#endif
