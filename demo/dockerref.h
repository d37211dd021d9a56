/*
 * dockerref.h: an image name as `docker load` takes it in manifest.json's
 * RepoTags: "[domain/]path[:tag]" in the grammar of Docker's reference
 * package (lowercase path components joined by ".", "_", "__" or dashes;
 * a domain with dots or a port, or "localhost"; a tag of word characters,
 * dots and dashes), with no digest.  Docker refuses the whole load for one
 * name it cannot parse, so a name that does not fit is left out.
 */
#ifndef RJD_DOCKERREF_H
#define RJD_DOCKERREF_H

/* "name:tag" (":latest" added when there is no tag), or NULL when ref is
 * not a name Docker would tag.  Caller frees. */
char *docker_repo_tag(const char *ref);

#endif
