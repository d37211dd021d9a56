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
