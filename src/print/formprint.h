/* formprint.h - print (or save) an application's 数字证书申请表: keep the PDF,
 * send it to the branch printer, record the print and audit it. The 打印申请表
 * screen and `certdesk print` call these. */
#ifndef CERTDESK_FORMPRINT_H
#define CERTDESK_FORMPRINT_H

#include <stdbool.h>

struct store;
struct conf;
struct appform;

enum formprint_state {
	FORMPRINT_NEVER,          /* not printed yet: the scans cannot be attached */
	FORMPRINT_CURRENT,        /* the last print shows the current values */
	FORMPRINT_CHANGED,        /* printed, but the values changed since: print again */
};

struct formprint_info {
	enum formprint_state state;
	int prints;               /* how many times the form was printed */
	long long last_id;        /* prints.id of the last print; 0 when none */
	char *last_at;            /* when, who (operator login or actor), which printer (NULL: saved only) */
	char *last_by;
	char *last_printer;
	char *last_pdf;           /* the kept PDF of the last print */
};

/* Where the application stands: compares the current values (appform data
 * hash) with the last print's. Fills *out (release with
 * formprint_info_release); false with *err (caller frees) on failure. */
bool formprint_status(struct store *s, const struct conf *c, long long app_id, struct formprint_info *out,
		      char **err);
/* The same for a form already loaded (appform_load) for application APP_ID. */
void formprint_status_of(struct store *s, const struct appform *f, long long app_id, struct formprint_info *out);
void formprint_info_release(struct formprint_info *i);

struct formprint_opts {
	const char *printer;      /* NULL: [printer] name; "": save only */
	const char *copy_to;      /* also write the PDF to this file (certdesk print -o); may be NULL */
	long long operator_id;    /* the logged-in operator; 0 for the shell */
	const char *actor;        /* operator login, or "shell:USER" */
	/* While CUPS prints: called with "打印中: …" at each change (may be NULL). */
	void (*progress)(void *ctx, const char *sentence);
	void *progress_ctx;
};

struct formprint_result {
	long long print_id;
	int reprint;              /* 0 first print, n the nth reprint */
	bool changed;             /* values changed since the previous print */
	char *printer;            /* NULL when only saved */
	char *pdf_path;           /* the kept copy (mode 0600) */
	char *sha256;             /* of the PDF */
	char *message;            /* one Chinese sentence for the screen or the shell */
	int job_id;               /* the CUPS job (0: saved only, or [printer] command) */
	bool print_failed;        /* (on failure) CUPS did not print it: the PDF is kept, a reprint may work */
};

/* Render, keep the PDF in [printer] output_dir (or pdf/ beside the database),
 * print it unless saving only - through CUPS (print/cups.h: the job followed
 * until it completed, at most [printer] timeout seconds), or with
 * `[printer] command -d PRINTER FILE` when a command is configured - record
 * the print (prints table) and audit it (app.print / app.reprint). Refuses
 * with *err naming the missing values when the form is incomplete, and a
 * voided application. When CUPS refuses, holds, stops or cancels the job, or
 * the queue is stopped, nothing is recorded as printed, the kept PDF stays
 * (its path is in *err) and the failure is audited (app.print_failed); when
 * the printer command fails nothing is recorded and the kept PDF is removed.
 * Release *r with formprint_result_release. */
bool formprint_run(struct store *s, const struct conf *c, long long app_id, const struct formprint_opts *o,
		   struct formprint_result *r, char **err);
void formprint_result_release(struct formprint_result *r);

/* The directory the PDFs are kept in (caller frees). */
char *formprint_dir(const struct store *s, const struct conf *c);

#endif
