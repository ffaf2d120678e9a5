/* printed.h - what was printed: the prints table, one row each time an
 * application's 数字证书申请表 was printed or saved (when, by whom, on which
 * printer, the kept PDF and its SHA-256, the hash of the values printed).
 * print/formprint.c records through it and compares the data hash with the
 * current values to tell a changed application. */
#ifndef CERTDESK_PRINTED_H
#define CERTDESK_PRINTED_H

#include <stdbool.h>

struct store;

/* The last print of an application. */
struct print_record {
	long long id;             /* prints.id; 0: never printed */
	int count;                /* how many times the application was printed */
	char *at;                 /* stored time */
	char *by;                 /* the operator's login, else the actor recorded ("shell:USER") */
	char *printer;            /* NULL: saved only */
	char *pdf_path;           /* the kept PDF */
	char *data_hash;          /* hash of the values printed (appform_data_hash) */
};

/* The last print of APP_ID into *out (release with print_record_release):
 * true when there is one, else false with *out zeroed. Inside a write
 * transaction the count is the one the next print adds to. */
bool printed_last(struct store *s, long long app_id, struct print_record *out);
void print_record_release(struct print_record *r);

/* One print to record. */
struct print_new {
	long long app_id;
	long long operator_id;    /* <= 0: none (the shell); actor says who */
	const char *actor;
	const char *at;           /* stored time (clock_now_text) */
	const char *printer;      /* NULL or "": saved only */
	const char *pdf_path;
	const char *sha256;       /* of the PDF */
	const char *data_hash;
	int reprint;              /* 0 first print, n the nth reprint */
};
/* Record P: the new prints.id, or 0 on failure (store_errmsg says why). The
 * caller holds the transaction that also audits it. */
long long printed_add(struct store *s, const struct print_new *p);

#endif
