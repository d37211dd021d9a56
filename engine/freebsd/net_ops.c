/* net_ops.c: vnet interfaces and address aliases (what jail(8) does with
 * ifconfig(8) for vnet.interface and interface). */
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sockio.h>

#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/in_var.h>
#include <netinet6/in6_var.h>
#include <netinet6/nd6.h>
#include <string.h>

#include "freebsd/jail_sys.h"
#include "util.h"

int
fb_vnet_move(const char *ifname, int jid, struct rj_error **err)
{
	_cleanup_close_ int s = socket(AF_LOCAL, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return rj_error_sys(err, "socket");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	ifr.ifr_jid = jid;
	if (ioctl(s, SIOCSIFVNET, &ifr) < 0)
		return rj_error_sys(err, "moving %s into the jail's vnet",
		    ifname);
	return 0;
}

static int
alias4(int s, const char *ifname, const char *addr, bool add)
{
	struct sockaddr_in sin;
	memset(&sin, 0, sizeof(sin));
	sin.sin_len = sizeof(sin);
	sin.sin_family = AF_INET;
	if (inet_pton(AF_INET, addr, &sin.sin_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if (!add) {
		struct ifreq ifr;
		memset(&ifr, 0, sizeof(ifr));
		strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
		memcpy(&ifr.ifr_addr, &sin, sizeof(sin));
		return ioctl(s, SIOCDIFADDR, &ifr);
	}
	struct in_aliasreq ifra;
	memset(&ifra, 0, sizeof(ifra));
	strlcpy(ifra.ifra_name, ifname, sizeof(ifra.ifra_name));
	ifra.ifra_addr = sin;
	ifra.ifra_mask.sin_len = sizeof(ifra.ifra_mask);
	ifra.ifra_mask.sin_family = AF_INET;
	ifra.ifra_mask.sin_addr.s_addr = 0xffffffff; /* a host alias */
	return ioctl(s, SIOCAIFADDR, &ifra);
}

static int
alias6(int s, const char *ifname, const char *addr, bool add)
{
	struct sockaddr_in6 sin6;
	memset(&sin6, 0, sizeof(sin6));
	sin6.sin6_len = sizeof(sin6);
	sin6.sin6_family = AF_INET6;
	if (inet_pton(AF_INET6, addr, &sin6.sin6_addr) != 1) {
		errno = EINVAL;
		return -1;
	}
	if (!add) {
		struct in6_ifreq ifr;
		memset(&ifr, 0, sizeof(ifr));
		strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
		ifr.ifr_addr = sin6;
		return ioctl(s, SIOCDIFADDR_IN6, &ifr);
	}
	struct in6_aliasreq ifra;
	memset(&ifra, 0, sizeof(ifra));
	strlcpy(ifra.ifra_name, ifname, sizeof(ifra.ifra_name));
	ifra.ifra_addr = sin6;
	ifra.ifra_prefixmask.sin6_len = sizeof(ifra.ifra_prefixmask);
	ifra.ifra_prefixmask.sin6_family = AF_INET6;
	memset(&ifra.ifra_prefixmask.sin6_addr, 0xff,
	    sizeof(ifra.ifra_prefixmask.sin6_addr));
	ifra.ifra_lifetime.ia6t_vltime = ND6_INFINITE_LIFETIME;
	ifra.ifra_lifetime.ia6t_pltime = ND6_INFINITE_LIFETIME;
	return ioctl(s, SIOCAIFADDR_IN6, &ifra);
}

int
fb_alias(const char *ifname, int family, const char *addr, bool add,
    struct rj_error **err)
{
	_cleanup_close_ int s = socket(family == 6 ? AF_INET6 : AF_INET,
	    SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return rj_error_sys(err, "socket");
	int rc = family == 6 ? alias6(s, ifname, addr, add)
			     : alias4(s, ifname, addr, add);
	if (rc < 0 && (add || errno != EADDRNOTAVAIL))
		return rj_error_sys(err, "%s address %s %s %s",
		    add ? "adding" : "removing", addr, add ? "to" : "from",
		    ifname);
	return 0;
}
