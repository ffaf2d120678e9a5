/* schema.h - the migrations, in order; migration i brings user_version to i+1.
 * Never edit a released migration: append a new one. */
#ifndef CERTDESK_SCHEMA_H
#define CERTDESK_SCHEMA_H

extern const char *const store_migrations[];
extern const int store_migration_count;

#endif
