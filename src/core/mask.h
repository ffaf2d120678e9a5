/* mask.h - masking of sensitive personal information for lists, exports and
 * logs. Each returns a new string (caller frees); NULL in gives NULL out. */
#ifndef CERTDESK_MASK_H
#define CERTDESK_MASK_H

char *mask_id(const char *id);            /* 110105********002X */
char *mask_mobile(const char *mobile);    /* 138****1234 */
char *mask_account(const char *account);  /* ************1234: only the last 4 */
char *mask_email(const char *email);      /* z***@example.com */
char *mask_address(const char *address);  /* first 6 characters, then ****  */
char *mask_name(const char *name);        /* 王*明 / 王* */

#endif
