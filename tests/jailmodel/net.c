/*
 * net.c: network interfaces, recorded only: [{name, vnet, home, inet:
 * [...], inet6: [...]}], vnet being the jid of the jail whose vnet holds
 * it (0: the host's) and home the vnet it was made in.  After sys/net/if.c
 * (if_vmove_loan, if_vmove_reclaim, vnet_if_return) and the address
 * ioctls of sys/netinet/in.c and sys/netinet6/in6.c.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "model.h"
#include "util.h"

static json_t *
ifs(struct model *m)
{
	return jarr(m->k, "ifs");
}

/* ifunit(): the interface of that name in a vnet. */
static json_t *
ifunit(struct model *m, const char *name, int vnet)
{
	size_t i;
	json_t *f;
	json_array_foreach(ifs(m), i, f)
	{
		if (jint(f, "vnet") == vnet &&
		    strcmp(jstr(f, "name"), name) == 0)
			return f;
	}
	return NULL;
}

static void
if_add(struct model *m, const char *name, int vnet)
{
	json_array_append_new(ifs(m),
	    json_pack("{s:s, s:i, s:i, s:[], s:[]}", "name", name, "vnet", vnet,
		"home", vnet, "inet", "inet6"));
	m->dirty = true;
}

/* vnet_alloc: a new vnet comes with its own loopback. */
void
net_vnet_create(struct model *m, int vnet)
{
	if_add(m, "lo0", vnet);
	json_t *lo = ifunit(m, "lo0", vnet);
	json_array_append_new(jarr(lo, "inet"), json_string("127.0.0.1"));
	json_array_append_new(jarr(lo, "inet6"), json_string("::1"));
}

/* vnet_destroy -> vnet_if_return (if.c): every interface borrowed from
 * another vnet goes back home (losing its addresses, as if_vmove does);
 * the vnet's own interfaces (its lo0) are destroyed. */
void
net_vnet_destroy(struct model *m, int vnet)
{
	json_t *all = ifs(m);
	for (size_t i = json_array_size(all); i-- > 0;) {
		json_t *f = json_array_get(all, i);
		if (jint(f, "vnet") != vnet)
			continue;
		if (jint(f, "home") == vnet) {
			json_array_remove(all, i);
		} else {
			jset_int(f, "vnet", jint(f, "home"));
			json_array_clear(jarr(f, "inet"));
			json_array_clear(jarr(f, "inet6"));
		}
	}
	m->dirty = true;
}

/* prison_find_child(): a jail (alive or dying) below the caller's. */
static json_t *
find_child(struct model *m, int jid)
{
	json_t *j = jid > 0 ? model_jail(m, jid) : NULL;
	if (j == NULL || !jail_below(m, jid, model_self_jid(m)) ||
	    jid == model_self_jid(m))
		return NULL;
	return j;
}

/* if_vmove_loan (if.c), SIOCSIFVNET: the interface must be in our vnet
 * (ENXIO), the jail findable (ENXIO), its vnet another than the
 * interface's (EEXIST: a jail without its own vnet shares ours), and the
 * name free there (EEXIST). */
int
kern_if_vnet(const char *ifname, int jid)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	int here = jail_vnet(&m, model_self_jid(&m));
	json_t *f = ifunit(&m, ifname, here);
	json_t *j = find_child(&m, jid);
	if (f == NULL || j == NULL) {
		errno = ENXIO;
	} else {
		int dst = jail_vnet(&m, jid);
		if (dst == here || ifunit(&m, ifname, dst) != NULL) {
			errno = EEXIST;
		} else {
			jset_int(f, "vnet", dst);
			json_array_clear(jarr(f, "inet"));
			json_array_clear(jarr(f, "inet6"));
			m.dirty = true;
			rc = 0;
		}
	}
	model_leave(&m);
	return rc;
}

/* if_vmove_reclaim (if.c), SIOCSIFRVNET: the jail (ENXIO), the interface
 * in its vnet (ENXIO), not already ours (EEXIST); back to our vnet. */
int
kern_if_rvnet(const char *ifname, int jid)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	int here = jail_vnet(&m, model_self_jid(&m));
	json_t *j = find_child(&m, jid);
	json_t *f = j ? ifunit(&m, ifname, jail_vnet(&m, jid)) : NULL;
	if (f == NULL) {
		errno = ENXIO;
	} else if (jint(f, "vnet") == here) {
		errno = EEXIST;
	} else {
		jset_int(f, "vnet", here);
		json_array_clear(jarr(f, "inet"));
		json_array_clear(jarr(f, "inet6"));
		m.dirty = true;
		rc = 0;
	}
	model_leave(&m);
	return rc;
}

/* SIOCAIFADDR / SIOCDIFADDR (in_control, in6_control): on an interface of
 * our vnet (ENXIO otherwise); deleting an address it does not have is
 * EADDRNOTAVAIL. */
int
kern_if_addr(const char *ifname, int family, const char *addr, bool add)
{
	unsigned char buf[16];
	char canon[64];
	int af = family == 6 ? AF_INET6 : AF_INET;
	if (inet_pton(af, addr, buf) != 1) {
		errno = EINVAL;
		return -1;
	}
	inet_ntop(af, buf, canon, sizeof(canon));
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int rc = -1;
	json_t *f = ifunit(&m, ifname, jail_vnet(&m, model_self_jid(&m)));
	if (f == NULL) {
		errno = ENXIO;
	} else {
		json_t *list = jarr(f, family == 6 ? "inet6" : "inet");
		size_t i, at = (size_t)-1;
		json_t *a;
		json_array_foreach(list, i,
		    a) if (strcmp(json_string_value(a), canon) == 0) at = i;
		if (add) {
			if (at == (size_t)-1)
				json_array_append_new(list, json_string(canon));
			rc = 0;
		} else if (at == (size_t)-1) {
			errno = EADDRNOTAVAIL;
		} else {
			json_array_remove(list, at);
			rc = 0;
		}
		m.dirty = rc == 0;
	}
	model_leave(&m);
	return rc;
}

/* `ifconfig epair create` (if_epair.c): a pair a/b in our vnet. */
int
model_epair_create(char *name, size_t len)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	int here = jail_vnet(&m, model_self_jid(&m));
	int n = (int)jint(m.k, "next_epair");
	jset_int(m.k, "next_epair", n + 1);
	char a[32], b[32];
	snprintf(a, sizeof(a), "epair%da", n);
	snprintf(b, sizeof(b), "epair%db", n);
	if_add(&m, a, here);
	if_add(&m, b, here);
	snprintf(name, len, "%s", a);
	model_leave(&m);
	return 0;
}

/* `ifconfig IF destroy`: an epair goes with both ends, wherever they
 * are. */
int
model_if_destroy(const char *name)
{
	struct model m;
	if (model_enter(&m) < 0)
		return -1;
	char base[32];
	snprintf(base, sizeof(base), "%s", name);
	size_t l = strlen(base);
	if (strncmp(base, "epair", 5) == 0 && l > 0 &&
	    (base[l - 1] == 'a' || base[l - 1] == 'b'))
		base[l - 1] = '\0';
	json_t *all = ifs(&m);
	int rc = -1;
	errno = ENXIO;
	for (size_t i = json_array_size(all); i-- > 0;) {
		const char *n = jstr(json_array_get(all, i), "name");
		if (strcmp(n, name) == 0 ||
		    (strncmp(n, base, strlen(base)) == 0 &&
			strlen(n) == strlen(base) + 1 &&
			strncmp(base, "epair", 5) == 0)) {
			json_array_remove(all, i);
			rc = 0;
		}
	}
	m.dirty = true;
	model_leave(&m);
	return rc;
}

/* Which vnet an interface is in: a jail's name, "host", or NULL. */
char *
model_if_where(const char *name)
{
	struct model m;
	if (model_enter(&m) < 0)
		return NULL;
	char *out = NULL;
	size_t i;
	json_t *f;
	json_array_foreach(ifs(&m), i, f)
	{
		if (strcmp(jstr(f, "name"), name) != 0 || jint(f, "home") != 0)
			continue;
		int v = (int)jint(f, "vnet");
		json_t *j = v ? model_jail(&m, v) : NULL;
		out = xstrdup(v == 0 ? "host" : j ? jail_name(j) : "?");
	}
	model_leave(&m);
	return out;
}

/* The addresses of family ("inet" or "inet6") of an interface of our
 * vnet, one a line; NULL when there is none. */
char *
model_if_addrs(const char *name, const char *family)
{
	struct model m;
	if (model_enter(&m) < 0)
		return NULL;
	json_t *f = ifunit(&m, name, jail_vnet(&m, model_self_jid(&m)));
	char *out = NULL;
	if (f != NULL) {
		out = xstrdup("");
		size_t i;
		json_t *a;
		json_array_foreach(jarr(f, family), i, a)
		{
			char *n = xasprintf("%s%s\n", out,
			    json_string_value(a));
			free(out);
			out = n;
		}
	}
	model_leave(&m);
	return out;
}
