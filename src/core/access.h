/* access.h - who is running certdesk on a branch host, and what that allows
 * (the access model of certdesk-security(7)).
 *
 * Installed from the package, /usr/bin/certdesk is setgid to the group that
 * owns the branch state: the process may open the database, the stored
 * files and the secrets; the account that started it may not. In that mode
 * (access_privileged) nothing that changes what certdesk opens or trusts is
 * taken from the caller, administration needs root or the admin group, and
 * what a clerk asks for is written with the clerk's own identity. Run from
 * the source tree (not setgid) the file permissions alone decide. */
#ifndef CERTDESK_ACCESS_H
#define CERTDESK_ACCESS_H

#include <stdbool.h>

#ifndef CERTDESK_ADMIN_GROUP
#define CERTDESK_ADMIN_GROUP "certdesk-admin"
#endif

/* Running setgid/setuid (the kernel's AT_SECURE): the caller is not trusted. */
bool access_privileged(void);
/* The real account's login name ("uid 1001" when it has none). Static. */
const char *access_account(void);
/* May this process administer (user, import, audit verify, backup, restore)?
 * Always when not privileged; else real uid 0 or a member of
 * CERTDESK_ADMIN_GROUP. */
bool access_admin(void);
/* A configuration file the privileged program may read: a regular file owned
 * by root, writable by nobody else, in a directory owned by root and
 * writable by nobody else. false with *err (Chinese, caller frees). */
bool access_trusted_file(const char *path, char **err);
/* (Under setgid, file checks use euidaccess(3): access(3) asks for the real
 * account, which may not even see the branch state.) */
/* Write as the caller: drop the group for the files about to be made (an
 * export), and take it back. No-ops when not privileged. */
void access_as_caller(void);
void access_as_program(void);

#endif
