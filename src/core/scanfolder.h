/* scanfolder.h - the branch scanner folder for the attachment picker: list its
 * images newest first, filter as the clerk types, complete typed paths, and
 * turn a picked name into a path that stays inside the folder. */
#ifndef CERTDESK_SCANFOLDER_H
#define CERTDESK_SCANFOLDER_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "core/imagecheck.h"

struct scan_entry {
	char *name;               /* the directory entry's name, bytes as on disk */
	long long size;
	struct timespec mtime;
	enum image_type magic;    /* what the first bytes say; IMAGE_NONE when unreadable or another type */
};

struct scan_list {
	char *dir;                /* the folder listed (owned) */
	struct scan_entry *v;     /* newest first, then by name */
	size_t n;
	size_t hidden;            /* regular files left out because they do not look like images */
};

/* List DIR: regular files (not symlinks, not names beginning with '.') that
 * look like images — a .jpg .jpeg .bmp .gif name (any case) or JPEG/BMP/GIF
 * magic bytes whatever the name. Whether a file is really acceptable is
 * imagecheck's business when it is picked. false with *err (Chinese, caller
 * frees) when the folder cannot be read or is not configured. */
bool scanfolder_list(const char *dir, struct scan_list *out, char **err);
void scanfolder_release(struct scan_list *l);

/* Does NAME contain FILTER? Substring, ASCII letters case-insensitive, any
 * other byte (Chinese included) exact; an empty FILTER matches everything. */
bool scanfolder_match(const char *name, const char *filter);
/* Indexes into l->v of the matching entries, in list order, into idx (room for
 * l->n); returns how many. */
size_t scanfolder_filter(const struct scan_list *l, const char *filter, size_t *idx);

/* The path of a NAME picked from the list of DIR (caller frees). NAME must be
 * a plain entry of DIR: not empty, no '/', not "." or "..", not a symlink
 * (one pointing outside could leak any file into the database). NULL with
 * *err (Chinese, caller frees) otherwise. */
char *scanfolder_pick(const char *dir, const char *name, char **err);

/* A path the clerk typed (it may be anywhere): "~" and "~/…" are the home
 * directory, an absolute path is kept, a relative one is relative to FOLDER
 * (or to the working directory when FOLDER is empty). Caller frees. */
char *scanfolder_resolve(const char *folder, const char *typed);

struct scan_completion {
	char *completed;          /* TYPED extended by the candidates' longest common prefix */
	char **cand;              /* candidate names (not paths), directories end in '/'; sorted */
	size_t n;
};

/* Complete TYPED (resolved as scanfolder_resolve does) the way a shell does:
 * candidates are the entries of the typed directory beginning with the last
 * component — subdirectories and image-looking files as in scanfolder_list;
 * entries beginning with '.' only when the component does. completed is
 * TYPED as written plus the common prefix (never splitting a UTF-8
 * character); a single directory gets its '/'. Release with
 * scan_completion_release. */
void scanfolder_complete(const char *folder, const char *typed, struct scan_completion *out);
void scan_completion_release(struct scan_completion *c);

#endif
