/* cups.h - send a PDF to a CUPS queue (libcups) and follow the job until it
 * is completed, held, stopped or cancelled, or a time limit passes; say what
 * CUPS says (job and printer state, their reasons) in Chinese. The server is
 * libcups' own choice: CUPS_SERVER, client.conf, else the local cupsd. */
#ifndef CERTDESK_CUPS_H
#define CERTDESK_CUPS_H

#include <stdbool.h>
#include <stddef.h>

/* One look at a job and its queue. The numbers are IPP's: job-state 3
 * pending, 4 held, 5 processing, 6 stopped, 7 cancelled, 8 aborted, 9
 * completed; printer-state 3 idle, 4 processing, 5 stopped; 0 = not known. */
struct cupsjob_look {
	int job_state;
	int printer_state;
	char job_reasons[256];      /* job-state-reasons, comma separated keywords ("none" left out) */
	char printer_reasons[256];  /* printer-state-reasons, the same */
};

enum cupsjob_verdict {
	CUPSJOB_PRINTING,           /* queued or printing: look again */
	CUPSJOB_DONE,               /* completed */
	CUPSJOB_FAILED,             /* held, stopped, cancelled, aborted, or the queue is stopped */
};

/* What a look means for the clerk (pure). */
enum cupsjob_verdict cupsjob_judge(const struct cupsjob_look *l);

/* The Chinese name of one state-reason keyword (media-empty-error 缺纸, …);
 * the -error/-warning/-report suffix becomes nothing, "(警告)", "(提示)";
 * an unknown keyword is shown as the keyword. Writes into buf. */
const char *cupsjob_reason_zh(const char *keyword, char *buf, size_t n);
/* A list of keywords ("a,b") in Chinese joined by "、"; "" when none (caller frees). */
char *cupsjob_reasons_zh(const char *keywords);
/* One sentence for a look: "已打印", "打印中: 排队等候", "打印失败: 打印机已停用: 队列已暂停", …
 * (caller frees). */
char *cupsjob_describe(const struct cupsjob_look *l);

/* Called while the job is followed, with the sentence of each new look. */
typedef void (*cupsjob_progress_fn)(void *ctx, const char *sentence);

struct cupsjob_result {
	int job_id;                 /* CUPS job id; 0 when CUPS refused the job */
	struct cupsjob_look last;   /* the last look */
	char *message;              /* Chinese: what became of the job */
};

/* Submit FILE (application/pdf) to PRINTER with TITLE, follow the job
 * (a look about every 250 ms) for at most TIMEOUT_S seconds. True only when
 * it completed. On failure the job (when it exists) is cancelled, so that a
 * reprint is the only copy that comes out once the printer works again.
 * Release *r with cupsjob_result_release. */
bool cupsjob_print(const char *printer, const char *file, const char *title, long timeout_s,
		   cupsjob_progress_fn progress, void *ctx, struct cupsjob_result *r);
void cupsjob_result_release(struct cupsjob_result *r);

#endif
