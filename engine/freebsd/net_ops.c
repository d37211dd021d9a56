/* net_ops.c: vnet interfaces and address aliases (what jail(8) does with
 * ifconfig(8) for vnet.interface and interface). */
#include <errno.h>

#include "freebsd/jail_sys.h"
#include "freebsd/kernel.h"
#include "util.h"

int
fb_vnet_move(const char *ifname, int jid, struct rj_error **err)
{
	if (kern_if_vnet(ifname, jid) < 0)
		return rj_error_sys(err, "moving %s into the jail's vnet",
		    ifname);
	return 0;
}

/* Back from the jail's vnet: jail(8) does it with ifconfig -vnet before
 * removing a jail, because an interface comes back by itself only when
 * the vnet is destroyed, which waits for the jail's last process to be
 * reaped.  Already home (ENXIO there, EEXIST here) is no error. */
int
fb_vnet_reclaim(const char *ifname, int jid, struct rj_error **err)
{
	if (kern_if_rvnet(ifname, jid) < 0 && errno != ENXIO && errno != EEXIST)
		return rj_error_sys(err, "taking %s back from the jail's vnet",
		    ifname);
	return 0;
}

int
fb_alias(const char *ifname, int family, const char *addr, bool add,
    struct rj_error **err)
{
	if (kern_if_addr(ifname, family, addr, add) < 0 &&
	    (add || errno != EADDRNOTAVAIL))
		return rj_error_sys(err, "%s address %s %s %s",
		    add ? "adding" : "removing", addr, add ? "to" : "from",
		    ifname);
	return 0;
}
