/* bench_store.c - 8 clerk processes saving fields and submitting at once:
 * throughput in the journal mode the store chooses, and proof that no
 * SQLITE_BUSY reaches any of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/conf.h"
#include "core/util.h"
#include "store/app.h"
#include "store/operator.h"
#include "store/store.h"

enum { CLERKS = 8, APPS_PER_CLERK = 40, FIELDS = 20 };

static const char *const fields[FIELDS] = {
	"org_name", "org_doc_type", "org_doc_no", "org_region", "org_address", "auth_method",
	"legal_name", "legal_id", "agent_name", "agent_id", "agent_mobile", "agent_email",
	"agent_title", "applicant_name", "applicant_id", "applicant_mobile", "applicant_email",
	"bank_account_name", "bank_name", "bank_account",
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int clerk(const struct conf *c, long long op)
{
	char *err = NULL, no[APPNO_LEN + 1];
	struct store *s = store_open(c, 0, &err);
	int failures = 0;

	if (!s)
		return 1;
	for (int a = 0; a < APPS_PER_CLERK; a++) {
		long long id = app_create_draft(s, c, op, no, &err);
		if (!id) {
			failures++;
			free(err);
			continue;
		}
		for (int f = 0; f < FIELDS; f++)
			if (!app_set_field(s, id, fields[f], "测试值 0123456789", op, &err)) {
				failures++;
				free(err);
			}
		if (!app_transition(s, id, ST_PENDING, op, NULL, NULL, &err)) {
			failures++;
			free(err);
		}
	}
	store_close(s);
	return failures ? 1 : 0;
}

int main(void)
{
	char dir[] = "/tmp/certdesk-bench-XXXXXX";
	char *err = NULL, *db;
	struct conf *c;
	struct store *s;
	long long ops[CLERKS];
	double t0, t1;
	int bad = 0;
	long commits;

	if (!mkdtemp(dir))
		return 1;
	c = conf_load(NULL, &err);
	db = xasprintf("%s/bench.db", dir);
	conf_set(c, "store.database", db, &err);
	conf_set(c, "security.pwhash_opslimit", "1", &err);
	conf_set(c, "security.pwhash_memlimit", "8192", &err);
	s = store_open(c, STORE_CREATE, &err);
	if (!s) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	for (int i = 0; i < CLERKS; i++) {
		char login[16];
		struct operator op;
		snprintf(login, sizeof(login), "clerk%d", i);
		operator_add(s, c, login, "柜员", ROLE_CLERK, "bench2026x", &err);
		operator_find(s, login, &op);
		ops[i] = op.id;
		operator_release(&op);
	}
	{
		char *mode = store_get_text(s, "PRAGMA journal_mode", NULL);

		printf("store: SQLite %s, journal mode %s (WAL only with the WAL-reset fix, >= 3.51.3)\n",
		       store_sqlite_version(), str_eq(mode, "wal") ? "WAL" : "DELETE (rollback journal)");
		free(mode);
	}
	store_close(s);
	t0 = now_s();
	for (int i = 0; i < CLERKS; i++)
		if (fork() == 0)
			_exit(clerk(c, ops[i]));
	for (int i = 0; i < CLERKS; i++) {
		int st;
		wait(&st);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			bad++;
	}
	t1 = now_s();
	commits = (long)CLERKS * APPS_PER_CLERK * (FIELDS + 2);
	printf("store: %d clerk processes, %ld write transactions (drafts, field saves, submissions) in %.2f s\n",
	       CLERKS, commits, t1 - t0);
	printf("store: %.0f commits/s, %.1f submissions/s, clerks that saw an error (SQLITE_BUSY or other): %d\n",
	       (double)commits / (t1 - t0), (double)CLERKS * APPS_PER_CLERK / (t1 - t0), bad);
	s = store_open(c, 0, &err);
	printf("store: applications stored %lld of %d\n",
	       store_get_int(s, "SELECT COUNT(*) FROM applications WHERE status = 'pending'", NULL, 0),
	       CLERKS * APPS_PER_CLERK);
	store_close(s);
	conf_free(c);
	free(db);
	{
		char *cmd = xasprintf("rm -rf %s", dir);
		if (system(cmd) != 0)
			return 1;
		free(cmd);
	}
	return bad ? 1 : 0;
}
