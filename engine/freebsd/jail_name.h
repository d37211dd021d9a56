/*
 * jail_name.h: container IDs to jail names and back.  A jail name cannot
 * hold a dot (it separates a child from its parent) and cannot be all
 * digits (it would be read as a jail ID), so those are escaped:
 *   "_" -> "_5f", "." -> "_2e", and an all-digit ID gets the prefix "_n".
 * Every other character of an ID ([A-Za-z0-9+-]) stays as it is, so the
 * common IDs are their own jail names.
 */
#ifndef RJ_FREEBSD_JAIL_NAME_H
#define RJ_FREEBSD_JAIL_NAME_H

#include "runj.h"

/* The longest jail name the kernel takes (MAXHOSTNAMELEN - 1). */
#define JAIL_NAME_MAX 255

/* The jail's own name for id (without the parent); malloc'd. */
int jail_name_from_id(const char *id, char **name, struct rj_error **err);
/* The inverse; malloc'd. */
int jail_name_to_id(const char *name, char **id, struct rj_error **err);
/* "parent.name" when parent is set, as jail_set(2) wants it; malloc'd. */
char *jail_name_full(const char *parent, const char *name);

#endif
